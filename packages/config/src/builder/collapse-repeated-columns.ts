import type { DataDesignerConfig } from '../data-designer-config.js';
import type { Violation } from '../validation/violation.js';

/** A config whose repeated column names were collapsed, and a warning per collapsed name. */
export interface CollapsedColumns<T> {
  /** The config with one column per name. */
  config: T;
  /** One `WARNING` per name that appeared more than once. */
  warnings: Violation[];
}

/**
 * Keeps one column per name, as the original's builder does when it loads a config (`add_column`
 * keyed by name): a later definition replaces an earlier one and takes its position. Loading a config
 * through `DataDesigner` applies this, so `validate` and `create` treat repeated names the same way.
 */
export function collapseRepeatedColumns<T extends Pick<DataDesignerConfig, 'columns'>>(config: T): CollapsedColumns<T> {
  const byName = new Map<string, T['columns'][number]>();
  const counts = new Map<string, number>();
  for (const column of config.columns) {
    byName.set(column.name, column);
    counts.set(column.name, (counts.get(column.name) ?? 0) + 1);
  }
  if (byName.size === config.columns.length) return { config, warnings: [] };
  const warnings: Violation[] = [...counts]
    .filter(([, count]) => count > 1)
    .map(([name, count]) => ({
      type: 'repeated_column_name',
      level: 'WARNING',
      column: name,
      path: `columns[${config.columns.findLastIndex((column) => column.name === name)}].name`,
      value: name,
      message: `Column '${name}' is defined ${count} times; the last definition replaces the others (at the first one's position), as the builder does. Rename the columns if you meant ${count} different columns.`,
    }));
  return { config: { ...config, columns: [...byName.values()] }, warnings };
}
