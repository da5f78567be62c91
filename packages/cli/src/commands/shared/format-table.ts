/** Space-aligned text table with a dashed underline under the header; `(no items)` when empty. */
export function formatTable(rows: ReadonlyArray<Record<string, string>>, indent = ''): string {
  if (rows.length === 0) return `${indent}(no items)\n`;
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    `${indent}${cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return line(columns) + line(widths.map((width) => '-'.repeat(width))) + rows.map((row) => line(columns.map((column) => row[column] ?? ''))).join('');
}
