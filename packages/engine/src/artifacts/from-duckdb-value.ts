/**
 * Turns a value read by `@duckdb/node-api` (`getRowObjectsJS`) into a plain row value: BIGINT arrives as
 * `bigint`, which becomes a `number` when it fits exactly (pandas would give an int64 the same way);
 * larger values stay `bigint`. Lists and structs are converted recursively; dates and bytes stay as they are.
 */
export function fromDuckDBValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(fromDuckDBValue);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = fromDuckDBValue(inner);
  return out;
}

/** Applies `fromDuckDBValue` to every cell of a row. */
export function fromDuckDBRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = fromDuckDBValue(value);
  return out;
}
