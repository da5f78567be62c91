import type { Row } from '../columns/index.js';

/**
 * Splits checkpointed rows into the kept part (columns in config order, then any column a processor
 * added, in first-seen order) and the dropped part. Imposes config order rather than task-completion
 * order (a quirk of the original).
 */
export function splitRowColumns(rows: readonly Row[], columnOrder: readonly string[], dropped: ReadonlySet<string>): { kept: Row[]; droppedRows: Row[] } {
  const known = new Set(columnOrder);
  const added = new Set<string>();
  for (const row of rows) for (const name in row) if (!known.has(name) && !dropped.has(name)) added.add(name);
  const keptColumns = [...columnOrder.filter((name) => !dropped.has(name)), ...added];
  const droppedColumns = columnOrder.filter((name) => dropped.has(name));
  // A row that already has exactly the kept columns, in order and defined, is kept as it is (the
  // scheduler's checkpoint builds fresh rows in declared order, which is config order without drops).
  const alreadyKept = (row: Row): boolean => {
    let index = 0;
    for (const name in row) if (name !== keptColumns[index++] || row[name] === undefined) return false;
    return index === keptColumns.length;
  };
  const kept = rows.map((row) => {
    if (alreadyKept(row)) return row;
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
