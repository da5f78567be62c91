import os from 'node:os';
import path from 'node:path';
import { statSync } from 'node:fs';
import { fnmatchToRegExp } from '../fnmatch-to-regexp.js';
import { openMemoryRowSource } from '../open-memory-row-source.js';
import { listFiles } from '../open-file-system-row-source.js';
import type { AgentRolloutSeedSourceInput } from '../seed-config-input.js';
import { SeedReaderError } from '../seed-reader-error.js';
import type { SeedRowSource } from '../seed-row-source.js';
import { isClaudeCodeRolloutFile, loadClaudeSessionIndex, parseClaudeCodeRollout } from './claude-code-rollout.js';
import { isCodexRolloutFile, parseCodexRollout } from './codex-rollout.js';
import { ROLLOUT_COLUMNS, type RolloutRecord } from './rollout-record.js';

/** What each format reads when the source gives no path or file pattern (the original's defaults). */
const FORMAT_DEFAULTS: Record<string, { path: string | null; pattern: string }> = {
  atif: { path: null, pattern: '*.json' },
  claude_code: { path: '~/.claude/projects', pattern: '*.jsonl' },
  codex: { path: '~/.codex/sessions', pattern: '*.jsonl' },
  hermes_agent: { path: '~/.hermes/sessions', pattern: '*.json*' },
  pi_coding_agent: { path: '~/.pi/agent/sessions', pattern: '*.jsonl' },
};

/** Formats this engine parses so far. */
const SUPPORTED_FORMATS = ['claude_code', 'codex'] as const;

const expandHome = (value: string): string => (value === '~' || value.startsWith('~/') ? path.join(os.homedir(), value.slice(1)) : value);

/**
 * Opens an `agent_rollout` source: every trace file under `path` (default per format) whose name
 * matches `file_pattern` and that the format handles is parsed into normalized traces (one row
 * each, columns `ROLLOUT_COLUMNS`), in file-name order. A file that is not valid JSON lines, or a
 * record missing what the format requires, is a `SeedReaderError` naming the file and line.
 */
export async function openAgentRolloutRowSource(
  source: AgentRolloutSeedSourceInput,
  cwd: string = process.cwd(),
  warn: (message: string) => void = (message) => process.stderr.write(`⚠️  ${message}\n`),
): Promise<SeedRowSource> {
  const defaults = FORMAT_DEFAULTS[source.format];
  if (!defaults) {
    throw new SeedReaderError(`Unknown agent_rollout format '${source.format}'.`, { fix: `Use one of ${Object.keys(FORMAT_DEFAULTS).join(', ')}.` });
  }
  if (!(SUPPORTED_FORMATS as readonly string[]).includes(source.format)) {
    throw new SeedReaderError(`agent_rollout format '${source.format}' is not supported by this engine yet (supported: ${SUPPORTED_FORMATS.join(', ')}).`, {
      fix: 'Convert the traces to JSON lines and use seed_type "local", or file_contents to read the raw files.',
    });
  }
  const given = source.path ?? defaults.path;
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
  const pattern = source.file_pattern ?? defaults.pattern;
  const recursive = source.recursive ?? true;
  const matcher = fnmatchToRegExp(pattern);
  const isHandled = source.format === 'codex' ? isCodexRolloutFile : isClaudeCodeRolloutFile;
  const matched = listFiles(root, recursive)
    .filter((relative) => matcher.test(relative.slice(relative.lastIndexOf('/') + 1)))
    .sort();
  const handled: string[] = [];
  for (const relative of matched) {
    if (isHandled(relative)) handled.push(relative);
    else if (source.format === 'codex') warn(`Skipping unhandled codex file ${relative}`);
  }
  const sessionIndex = source.format === 'claude_code' ? loadClaudeSessionIndex(root, recursive, warn) : new Map<string, Record<string, unknown>>();
  const records: RolloutRecord[] = [];
  for (const relative of handled) {
    const file = path.join(root, ...relative.split('/'));
    records.push(...(source.format === 'codex' ? parseCodexRollout(file, warn) : parseClaudeCodeRollout(file, sessionIndex, warn)));
  }
  if (records.length === 0) {
    throw new SeedReaderError(`No ${source.format} traces found under ${root} (file_pattern '${pattern}', ${handled.length} trace file(s) matched).`, {
      fix: 'Check path, file_pattern and recursive.',
    });
  }
  const rows = records.map((record) => Object.fromEntries(ROLLOUT_COLUMNS.map((column) => [column, record[column]])));
  return openMemoryRowSource(rows, root);
}
