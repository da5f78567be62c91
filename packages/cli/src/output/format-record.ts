/** Renders one record for the terminal: one `name: value` line per column, objects as compact JSON. */
export function formatRecord(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length), 4);
  return Object.entries(record)
    .map(([key, value]) => `  ${key.padEnd(width)}  ${formatValue(value)}`)
    .join('\n');
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}
