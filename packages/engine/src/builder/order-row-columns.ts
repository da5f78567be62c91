import type { Row } from '../columns/index.js';

/**
 * Splits checkpointed rows into the kept part (columns in config order, then any column a processor
 * added, in first-seen order) and the dropped part. Imposes config order rather than task-completion
 * order (a quirk of the original).
 */
export function splitRowColumns(rows: readonly Row[], columnOrder: readonly string[], dropped: ReadonlySet<string>): { kept: Row[]; droppedRows: Row[] } {
  const known = new Set(columnOrder);
  const added = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) if (!known.has(name) && !dropped.has(name)) added.add(name);
  const keptColumns = [...columnOrder.filter((name) => !dropped.has(name)), ...added];
  const droppedColumns = columnOrder.filter((name) => dropped.has(name));
  const kept = rows.map((row) => {
    const out: Row = {};
    for (const name of keptColumns) out[name] = row[name] ?? null;
    return out;
  });
  const droppedRows =
    droppedColumns.length === 0
      ? []
      : rows.map((row) => {
          const out: Row = {};
          for (const name of droppedColumns) out[name] = row[name] ?? null;
          return out;
        });
  return { kept, droppedRows };
}
