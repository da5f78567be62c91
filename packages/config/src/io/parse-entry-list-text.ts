import type { z } from 'zod';
import { ConfigFileError, ConfigValidationError, type ConfigIssue } from '../errors/index.js';
import { zodIssuesToConfigIssues } from '../validation/zod-issues-to-config-issues.js';
import { prototypeKeyIssues } from '../validation/prototype-key-issues.js';
import { parseConfigText } from './parse-config-text.js';

/** Result of validating one entry, as zod's `safeParse` returns it. */
export type EntryParseResult<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/** How to read one list file (`model_providers.yaml`, `model_configs.yaml`, `mcp_providers.yaml`). */
export interface EntryListTextOptions<T> {
  /** File path (or name) used in every message. */
  source: string;
  /** Top-level key holding the list (`providers`, `model_configs`). */
  listKey: string;
  /** Validates one entry (usually a schema's `safeParse`). */
  parseEntry: (entry: unknown, index: number) => EntryParseResult<T>;
  /** What to tell the user to do about an invalid entry. */
  fix?: string;
}

/**
 * Parses a YAML list file of the Data Designer home and validates each entry. A YAML error or a
 * wrong shape is a `ConfigFileError`; invalid entries are one `ConfigValidationError` whose `source`
 * is the file and whose issues are sentences with paths like `providers[1].endpoint`. An empty file
 * or a missing list gives `[]`.
 */
export function parseEntryListText<T>(text: string, options: EntryListTextOptions<T>): T[] {
  const { source, listKey } = options;
  const parsed = parseConfigText(text, source);
  if (parsed === null || parsed === undefined) return [];
  const list = typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[listKey] : undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed) || (list !== undefined && list !== null && !Array.isArray(list))) {
    throw new ConfigFileError(`${source} must be a mapping with a '${listKey}:' list.`, {
      fix: `Write it as '${listKey}:' followed by one '- ...' entry per item.`,
    });
  }
  const entries = (list ?? []) as unknown[];
  const issues: ConfigIssue[] = prototypeKeyIssues(entries).map((issue) => ({ ...issue, path: `${listKey}${issue.path}` }));
  const results: T[] = [];
  entries.forEach((entry, index) => {
    const result = options.parseEntry(entry, index);
    if (result.success) results.push(result.data);
    else {
      const converted = zodIssuesToConfigIssues(result.error, entry, { pathPrefix: [listKey, index] });
      issues.push(...converted.map((issue) => (issue.fix || !options.fix ? issue : { ...issue, fix: options.fix })));
    }
  });
  if (issues.length > 0) throw new ConfigValidationError(issues, { source });
  return results;
}
