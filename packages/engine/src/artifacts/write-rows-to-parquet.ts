import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { duckdbApi } from './duckdb-api.js';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBStructVector, DuckDBType, DuckDBValue } from '@duckdb/node-api';
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

type ValueCheck = (value: unknown) => boolean;

/** A double JSON writes and reads back unchanged: finite, and not -0 (JSON has no negative zero). */
const isJsonDouble: ValueCheck = (value) => typeof value !== 'number' || (Number.isFinite(value) && !Object.is(value, -0));

/**
 * An integer JSON writes with all its digits: JSON.stringify prints the shortest text that reads back
 * as the same double, so 2 ** 60 becomes 1152921504606847000, a different BIGINT.
 */
const isJsonInteger: ValueCheck = (value) => typeof value !== 'number' || Number.isSafeInteger(value);

/**
 * How to check that values of a column of `type` survive `JSON.stringify` and DuckDB's JSON reader
 * unchanged: `null` when every value does, a check when numbers need one, `undefined` when the type
 * cannot go through JSON at all (timestamps, bytes, the JSON-encoded `text` fallback). Values JSON
 * refuses on its own (bigint values, strings with lone surrogates) make the JSON path fail and fall back.
 */
function jsonValueCheck(type: InferredColumnType): ValueCheck | null | undefined {
  switch (type.kind) {
    case 'null':
    case 'boolean':
    case 'varchar':
      return null;
    case 'bigint':
      return isJsonInteger;
    case 'double':
      return isJsonDouble;
    case 'list': {
      const item = jsonValueCheck(type.item);
      if (item === undefined || item === null) return item;
      return (value) => !Array.isArray(value) || value.every((element: unknown) => element === null || element === undefined || item(element));
    }
    case 'struct': {
      const fields: Array<[string, ValueCheck]> = [];
      for (const [key, fieldType] of type.fields) {
        const check = jsonValueCheck(fieldType);
        if (check === undefined) return undefined;
        if (check !== null) fields.push([key, check]);
      }
      if (fields.length === 0) return null;
      return (value) => {
        const record = value as Readonly<Record<string, unknown>>;
        for (const [key, check] of fields) {
          const field = record[key];
          if (field !== null && field !== undefined && !check(field)) return false;
        }
        return true;
      };
    }
    default:
      return undefined;
  }
}

/**
 * Which way `writeRowsToParquet` fills DuckDB for these rows: `json` (rows as newline-delimited JSON
 * read by DuckDB's JSON reader with the inferred types) when every column's values go through JSON
 * unchanged, else `appender` (typed data chunks).
 */
export function parquetWritePath(rows: Rows, columns: readonly InferredColumn[]): 'json' | 'appender' {
  for (const { name, type } of columns) {
    const check = jsonValueCheck(type);
    if (check === undefined) return 'appender';
    if (check === null) continue;
    for (const row of rows) {
      const value = row[name];
      if (value !== null && value !== undefined && !check(value)) return 'appender';
    }
  }
  return 'json';
}

const JSON_CHUNK_ROWS = 2048;

/** The one COPY both write paths end with, so their files are written with the same parquet options. */
const copyToParquetSql = (source: string, filePath: string): string => `COPY ${source} TO ${quoteLiteral(filePath)} (FORMAT parquet, COMPRESSION snappy)`;

/**
 * Writes the rows as newline-delimited JSON next to `filePath`, then lets DuckDB read it with the
 * inferred column types and COPY it to parquet. The main thread only serializes (V8's JSON.stringify);
 * parsing and conversion run on DuckDB's threads, so generation goes on meanwhile. The JSON file is
 * written and removed synchronously: a few hundred kilobytes into the page cache take well under a
 * millisecond, while each asynchronous file operation would wait for a turn of an event loop that
 * synchronous generators keep busy (up to the scheduler's yield interval, several per row group).
 * False when the rows cannot go this way after all (JSON.stringify or DuckDB's reader refused a value).
 */
async function writeViaJson(connection: DuckDBConnection, rows: Rows, columns: readonly InferredColumn[], filePath: string): Promise<boolean> {
  const jsonPath = `${filePath}.rows.ndjson`;
  try {
    const fd = openSync(jsonPath, 'w');
    try {
      for (let start = 0; start < rows.length; start += JSON_CHUNK_ROWS) {
        const end = Math.min(rows.length, start + JSON_CHUNK_ROWS);
        // One join of the lines: appending each to a growing string makes a rope that the write
        // then flattens (~15 % slower over a row group).
        const lines = new Array<string>(end - start + 1);
        for (let index = start; index < end; index++) lines[index - start] = JSON.stringify(rows[index]);
        lines[end - start] = ''; // so the text ends with a newline too
        writeFileSync(fd, lines.join('\n')); // with a descriptor: appends at the current position, all of it
      }
    } finally {
      closeSync(fd);
    }
    const types = columns.map((column) => `${quoteLiteral(column.name)}: ${quoteLiteral(toDuckDBTypeSql(column.type))}`);
    await connection.run(
      copyToParquetSql(
        `(SELECT * FROM read_json(${quoteLiteral(jsonPath)}, format = 'newline_delimited', records = true, columns = {${types.join(', ')}}, maximum_object_size = 1073741824))`,
        filePath,
      ),
    );
    return true;
  } catch {
    return false;
  } finally {
    rmSync(jsonPath, { force: true });
  }
}

/** Fills a DuckDB temp table through the appender with typed data chunks, then COPYs it to parquet. */
async function writeViaAppender(connection: DuckDBConnection, rows: Rows, columns: readonly InferredColumn[], filePath: string): Promise<void> {
  const table = quoteIdentifier(`__dd_rows_${process.pid}_${++tableCounter}`);
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
  await connection.run(copyToParquetSql(table, filePath));
  await connection.run(`DROP TABLE ${table}`);
}

/**
 * Writes rows to one parquet file (snappy, no index column). Rows whose values all go through JSON
 * unchanged are handed to DuckDB's JSON reader (see `parquetWritePath`); the rest are appended as
 * typed data chunks. Both give the same column types and values (see architecture/artifacts.md).
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
  await writeColumnsToParquet(instance, rows, columns, filePath);
  return columns;
}

/**
 * Writes `rows` with already inferred `columns` to `filePath`: through JSON when `parquetWritePath`
 * allows it and DuckDB's reader takes the values, else through the appender. `via: 'appender'` forces
 * the appender (the reference the JSON path is tested against).
 */
export async function writeColumnsToParquet(
  instance: DuckDBInstance,
  rows: Rows,
  columns: readonly InferredColumn[],
  filePath: string,
  via: 'auto' | 'appender' = 'auto',
): Promise<'json' | 'appender'> {
  const connection = idleConnections.get(instance)?.pop() ?? (await instance.connect());
  let reusable = false;
  try {
    let used: 'json' | 'appender' = 'appender';
    if (via === 'auto' && parquetWritePath(rows, columns) === 'json' && (await writeViaJson(connection, rows, columns, filePath))) used = 'json';
    else await writeViaAppender(connection, rows, columns, filePath);
    reusable = true;
    return used;
  } finally {
    if (!reusable) connection.closeSync();
    else {
      const idle = idleConnections.get(instance);
      if (idle) idle.push(connection);
      else idleConnections.set(instance, [connection]);
    }
  }
}

/**
 * Idle connections of each instance, reused by the next write: connecting waits for a turn of the
 * event loop, which synchronous generators can hold for tens of milliseconds. A connection that saw
 * an error is closed instead. `closeWriteConnections` closes them (a closed instance's open
 * connections are harmless, they go with it).
 */
const idleConnections = new WeakMap<DuckDBInstance, DuckDBConnection[]>();

/** Closes the idle write connections of `instance`; call it before closing the instance. */
export function closeWriteConnections(instance: DuckDBInstance): void {
  for (const connection of idleConnections.get(instance) ?? []) connection.closeSync();
  idleConnections.delete(instance);
}
