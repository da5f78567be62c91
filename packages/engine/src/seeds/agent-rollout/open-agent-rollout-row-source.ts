import os from 'node:os';
import path from 'node:path';
import { statSync } from 'node:fs';
import { fnmatchToRegExp } from '../fnmatch-to-regexp.js';
import { openMemoryRowSource } from '../open-memory-row-source.js';
import { listFiles } from '../open-file-system-row-source.js';
import type { AgentRolloutSeedSourceInput } from '../seed-config-input.js';
import { SeedReaderError } from '../seed-reader-error.js';
import type { SeedRowSource } from '../seed-row-source.js';
import { AgentRolloutParseError } from './agent-rollout-parse-error.js';
import { AGENT_ROLLOUT_FORMAT_HANDLERS, getRolloutFormatHandler } from './rollout-format-handlers.js';
import { ROLLOUT_COLUMNS, type RolloutRecord } from './rollout-record.js';

const expandHome = (value: string): string => (value === '~' || value.startsWith('~/') ? path.join(os.homedir(), value.slice(1)) : value);

/**
 * Opens an `agent_rollout` source: every file under `path` (default per format) whose name matches
 * `file_pattern` and that the format handles is parsed into normalized traces (one row each,
 * columns `ROLLOUT_COLUMNS`), in file-name order. As in the original, a file that does not follow
 * its format (invalid JSON, a missing required field) is skipped with a warning naming it and the
 * line; a file that cannot be read, or a source that yields no trace at all, is a `SeedReaderError`.
 */
export async function openAgentRolloutRowSource(
  source: AgentRolloutSeedSourceInput,
  cwd: string = process.cwd(),
  warn: (message: string) => void = (message) => process.stderr.write(`⚠️  ${message}\n`),
): Promise<SeedRowSource> {
  const handler = getRolloutFormatHandler(source.format);
  if (!handler) {
    throw new SeedReaderError(`Unknown agent_rollout format '${source.format}'.`, {
      fix: `Use one of ${Object.keys(AGENT_ROLLOUT_FORMAT_HANDLERS).join(', ')}.`,
    });
  }
  const given = source.path ?? handler.defaultPath;
  if (given === null || given.trim() === '') {
    throw new SeedReaderError(`seed_config.source.path is required for agent_rollout format '${source.format}'.`, {
      fix: 'Set path to the folder holding the trace files.',
    });
  }
  const root = path.resolve(cwd, expandHome(given));
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SeedReaderError(`Agent rollout directory '${root}' does not exist.`, {
      fix: `Check seed_config.source.path ('${given}'); relative paths are resolved from the working directory (${cwd}).`,
    });
  }
  const pattern = source.file_pattern ?? handler.defaultFilePattern;
  const recursive = source.recursive ?? true;
  const matcher = fnmatchToRegExp(pattern);
  const matched = listFiles(root, recursive)
    .filter((relative) => matcher.test(relative.slice(relative.lastIndexOf('/') + 1)))
    .sort();
  const handled: string[] = [];
  for (const relative of matched) {
    if (handler.isHandledFile(relative)) handled.push(relative);
    else if (handler.shouldWarnUnhandledFile(relative)) warn(`Skipping unhandled ${source.format} file ${relative}`);
  }
  const parseFile = handler.prepare(root, recursive, warn);
  const records: RolloutRecord[] = [];
  let malformed = 0;
  for (const relative of handled) {
    try {
      records.push(...parseFile(path.join(root, ...relative.split('/'))));
    } catch (error) {
      if (!AgentRolloutParseError.isInstance(error)) throw error;
      malformed += 1;
      warn(`Skipping malformed file ${relative}: ${error.message}`);
    }
  }
  if (records.length === 0) {
    const skipped = malformed > 0 ? `, ${malformed} skipped as malformed` : '';
    throw new SeedReaderError(
      `No ${source.format} traces found under ${root} (file_pattern '${pattern}', ${handled.length} trace file(s) matched${skipped}).`,
      {
        fix: malformed > 0 ? 'The warnings above name each malformed file and what is wrong with it.' : 'Check path, file_pattern and recursive.',
      },
    );
  }
  const rows = records.map((record) => Object.fromEntries(ROLLOUT_COLUMNS.map((column) => [column, record[column]])));
  return openMemoryRowSource(rows, root);
}
