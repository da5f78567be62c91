import { globToRegExp, type DataDesignerConfig } from '@dd/config';

/** Glob match of the original's drop_columns processor (fnmatch: `*`, `?`, `[...]`). */
export function matchesColumnGlob(pattern: string, name: string): boolean {
  if (!/[*?[]/.test(pattern)) return pattern === name;
  return globToRegExp(pattern).test(name);
}

/**
 * Columns that leave the final dataset: those marked `drop: true` and those a drop_columns
 * processor names (globs expanded against every column, side effects included).
 */
export function droppedColumnNames(config: DataDesignerConfig, allColumns: readonly string[]): Set<string> {
  const dropped = new Set<string>();
  for (const column of config.columns) if (column.drop) dropped.add(column.name);
  for (const processor of config.processors ?? []) {
    if (processor.processor_type !== 'drop_columns') continue;
    for (const pattern of processor.column_names as string[]) {
      for (const name of allColumns) if (matchesColumnGlob(pattern, name)) dropped.add(name);
    }
  }
  return dropped;
}
