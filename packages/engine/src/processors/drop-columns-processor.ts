import { globToRegExp, type ProcessorConfig } from '@dd/config';
import type { Row } from '../columns/index.js';
import type { Processor } from './processor.js';

/** Column names matched by `patterns` among `available` (entries with `*` are fnmatch globs), and the patterns that matched nothing. */
export function resolveDropColumnNames(patterns: readonly string[], available: readonly string[]): { names: string[]; unmatched: string[] } {
  const names = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    let matched: string[];
    if (pattern.includes('*')) {
      const regex = globToRegExp(pattern);
      matched = available.filter((name) => regex.test(name));
    } else {
      matched = available.includes(pattern) ? [pattern] : [];
    }
    if (matched.length === 0) unmatched.push(pattern);
    for (const name of matched) names.add(name);
  }
  return { names: [...names], unmatched };
}

function columnNamesOf(config: ProcessorConfig): string[] {
  const names = config.column_names;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    throw new TypeError(`Processor '${config.name}' (drop_columns) needs column_names to be a list of strings.`);
  }
  return names as string[];
}

/**
 * `drop_columns` (post-batch): removes the resolved columns from every row and hands them back as
 * `droppedRows`, so the caller can keep them in the dropped-columns files.
 */
export function createDropColumnsProcessor(config: ProcessorConfig): Processor {
  const patterns = columnNamesOf(config);
  return {
    name: config.name,
    processorType: 'drop_columns',
    postBatch(rows) {
      const available = [...new Set(rows.flatMap((row) => Object.keys(row)))];
      const { names, unmatched } = resolveDropColumnNames(patterns, available);
      const warnings = unmatched.map((pattern) => `Processor '${config.name}': no column matches '${pattern}'; nothing dropped for it.`);
      const droppedRows: Row[] = [];
      const kept = rows.map((row) => {
        const rest: Row = { ...row };
        const dropped: Row = {};
        for (const name of names) {
          if (name in rest) {
            dropped[name] = rest[name];
            delete rest[name];
          }
        }
        droppedRows.push(dropped);
        return rest;
      });
      return { rows: kept, droppedRows, warnings };
    },
  };
}
