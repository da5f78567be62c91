import { duckdbApi } from './duckdb-api.js';
import type { DuckDBDataChunk, DuckDBInstance, DuckDBStructVector, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { ArtifactStorageError } from './artifact-storage-error.js';
import { inferColumnTypes, toDuckDBTypeSql } from './infer-column-types.js';
import type { InferredColumn, InferredColumnType } from './infer-column-types.js';
import { quoteIdentifier, quoteLiteral } from './sql-quote.js';
import { compileDuckDBConverter } from './to-duckdb-value.js';

/** Options of `writeRowsToParquet`. */
export interface WriteRowsToParquetOptions {
  /** Columns to write first, in this order (e.g. config order); other keys follow in first-seen order. */
  columnOrder?: readonly string[];
}

type Rows = ReadonlyArray<Readonly<Record<string, unknown>>>;

const CHUNK_ROWS = 2048;
let tableCounter = 0;

/** Values of one column as DuckDB values; flat columns skip the generic converter (inference guarantees the JS type). */
function columnValues(rows: Rows, name: string, type: InferredColumnType): DuckDBValue[] {
  switch (type.kind) {
    case 'varchar':
    case 'boolean':
      return rows.map((row) => (row[name] ?? null) as DuckDBValue);
    case 'double':
      return rows.map((row) => {
        const value = row[name];
        return value === null || value === undefined ? null : typeof value === 'number' ? value : Number(value);
      });
    case 'null':
      return rows.map(() => null);
    default: {
      const convert = compileDuckDBConverter(type);
      return rows.map((row) => convert(row[name]));
    }
  }
}

/**
 * Writes a struct column straight into its child vectors: the same child values as building one
 * `DuckDBStructValue` per row and setting it, without the two objects per row. A row left valid
 * needs no validity write (a fresh chunk's vectors are all valid); null rows are set null.
 */
function setStructColumn(chunk: DuckDBDataChunk, index: number, rows: Rows, name: string, type: Extract<InferredColumnType, { kind: 'struct' }>): void {
  const vector = chunk.getColumnVector(index) as DuckDBStructVector;
  const entries = vector.type.entryNames.map((key) => {
    const fieldType = type.fields.get(key);
    if (fieldType === undefined) throw new ArtifactStorageError(`Struct column '${name}' has no field '${key}' in its inferred type.`);
    return { key, convert: compileDuckDBConverter(fieldType) };
  });
  let row = 0;
  for (const current of rows) {
    const value = current[name];
    if (value === null || value === undefined) vector.setItem(row, null);
    else {
      const record = value as Readonly<Record<string, unknown>>;
      let entry = 0;
      for (const { key, convert } of entries) vector.setItemValue(row, entry++, convert(record[key]));
    }
    row++;
  }
  vector.flush();
}

/** Puts the columns named in `order` first (declared-but-absent ones as all-null), the rest after. */
function orderColumns(columns: InferredColumn[], order: readonly string[] | undefined): InferredColumn[] {
  if (!order || order.length === 0) return columns;
  const byName = new Map(columns.map((column) => [column.name, column]));
  const head = order.map((name) => byName.get(name) ?? { name, type: { kind: 'null' } as const });
  const named = new Set(order);
  return [...head, ...columns.filter((column) => !named.has(column.name))];
}

/**
 * Writes rows to one parquet file (snappy, no index column) through a DuckDB temp table filled with the
 * appender's data-chunk path, the fastest of the write paths measured (see architecture/artifacts.md).
 * Writes `filePath` in place: callers wanting atomicity write to a temporary name and rename.
 */
export async function writeRowsToParquet(
  instance: DuckDBInstance,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  filePath: string,
  options: WriteRowsToParquetOptions = {},
): Promise<InferredColumn[]> {
  const columns = orderColumns(inferColumnTypes(rows), options.columnOrder);
  if (columns.length === 0) {
    throw new ArtifactStorageError(`Cannot write ${filePath}: the rows have no columns.`, {
      fix: 'Pass at least one row with a column, or a columnOrder naming the columns.',
    });
  }
  const table = quoteIdentifier(`__dd_rows_${process.pid}_${++tableCounter}`);
  const connection = await instance.connect();
  try {
    const columnSql = columns.map((column) => `${quoteIdentifier(column.name)} ${toDuckDBTypeSql(column.type)}`);
    await connection.run(`CREATE TEMP TABLE ${table} (${columnSql.join(', ')})`);
    const appender = await connection.createAppender(table.slice(1, -1));
    const types: DuckDBType[] = columns.map((_, index) => appender.columnType(index));
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const slice = rows.slice(start, start + CHUNK_ROWS);
      const chunk = duckdbApi().DuckDBDataChunk.create(types, slice.length);
      columns.forEach(({ name, type }, index) => {
        if (type.kind === 'struct') setStructColumn(chunk, index, slice, name, type);
        else chunk.setColumnValues(index, columnValues(slice, name, type));
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    await connection.run(`COPY ${table} TO ${quoteLiteral(filePath)} (FORMAT parquet, COMPRESSION snappy)`);
    await connection.run(`DROP TABLE ${table}`);
  } finally {
    connection.closeSync();
  }
  return columns;
}
