/**
 * The parts of an apache-arrow `Table` that an in-memory seed reads, duck-typed so that no Arrow
 * package is needed at run time: `numRows`, `schema.fields`, and rows from `toArray()` or `get(i)`
 * (each with `toJSON()`), or else columns from `getChild(name)`.
 */
export interface ArrowTableLike {
  /** Row count. */
  readonly numRows: number;
  /** Column names and Arrow types (`type.typeId` tells dates and timestamps apart). */
  readonly schema?: { readonly fields?: ArrayLike<{ readonly name: string; readonly type?: { readonly typeId?: number } }> };
  /** Every row (`StructRow`s with `toJSON()`). */
  toArray?(): ArrayLike<unknown>;
  /** One row. */
  get?(index: number): unknown;
  /** One column (a `Vector` with `get(i)`). */
  getChild?(name: string): { get(index: number): unknown } | null;
}

// Arrow's type ids (format/Schema.fbs `Type`): dates and timestamps arrive as epoch milliseconds.
const ARROW_DATE = 8;
const ARROW_TIMESTAMP = 10;

/** True for an object shaped like an apache-arrow `Table` (an array of records is not one). */
export function isArrowTableLike(value: unknown): value is ArrowTableLike {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const table = value as ArrowTableLike;
  if (typeof table.numRows !== 'number') return false;
  return typeof table.toArray === 'function' || typeof table.get === 'function' || (typeof table.getChild === 'function' && table.schema?.fields !== undefined);
}

/**
 * The table's rows as plain records, with values as reading the same table from a parquet file
 * would give them: 64-bit integers as numbers when they fit exactly (else `bigint`), dates and
 * timestamps of top-level columns as `Date`, lists (Arrow vectors, typed arrays) as arrays, structs
 * and maps as objects; binary values stay `Uint8Array`.
 */
export function arrowTableRows(table: ArrowTableLike): Array<Record<string, unknown>> {
  const fields = Array.from(table.schema?.fields ?? []);
  const dateColumns = new Set(fields.filter((field) => field.type?.typeId === ARROW_DATE || field.type?.typeId === ARROW_TIMESTAMP).map((field) => field.name));
  const rows: unknown[] =
    typeof table.toArray === 'function'
      ? Array.from(table.toArray())
      : typeof table.get === 'function'
        ? Array.from({ length: table.numRows }, (_, index) => table.get?.(index))
        : columnRows(
            table,
            fields.map((field) => field.name),
          );
  return rows.map((row) => {
    const record = plainValue(row);
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return record as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record)) out[name] = dateColumns.has(name) && typeof value === 'number' ? new Date(value) : value;
    return out;
  });
}

function columnRows(table: ArrowTableLike, names: readonly string[]): Array<Record<string, unknown>> {
  const columns = names.map((name) => [name, table.getChild?.(name) ?? null] as const);
  return Array.from({ length: table.numRows }, (_, index) => Object.fromEntries(columns.map(([name, column]) => [name, column ? column.get(index) : null])));
}

/** An Arrow value (row, vector, struct, typed array, bigint) as a plain JS value. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Uint8Array) return value;
  if (isNumericTypedArray(value) || Array.isArray(value)) return Array.from(value, plainValue);
  // A Vector (a list value) iterates its items; a StructRow / MapRow becomes an object through toJSON().
  if (isArrowVector(value)) return Array.from(value, plainValue);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return plainValue((value as { toJSON(): unknown }).toJSON());
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item)]));
}

function isNumericTypedArray(value: object): value is Iterable<number | bigint> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function isArrowVector(value: object): value is Iterable<unknown> {
  const vector = value as { toArray?: unknown; numChildren?: unknown; length?: unknown };
  return typeof vector.toArray === 'function' && typeof vector.numChildren === 'number' && typeof vector.length === 'number' && Symbol.iterator in value;
}
