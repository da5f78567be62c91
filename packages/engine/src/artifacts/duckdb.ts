import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.js';
import { quoteLiteral } from './sql-quote.js';

/** Settings of a DuckDB instance (`memory_limit`, `threads`, `temp_directory`, …), as DuckDB names them. */
export type DuckDBSettings = Readonly<Record<string, string>>;

/**
 * The one place the engine creates DuckDB instances: in memory by default, or backed by `databasePath`
 * (large materialized seeds). Callers close the instance with `closeSync()`.
 */
export function createDuckDBInstance(settings: DuckDBSettings = {}, databasePath = ':memory:'): Promise<DuckDBInstance> {
  return Object.keys(settings).length === 0
    ? duckdbApi().DuckDBInstance.create(databasePath)
    : duckdbApi().DuckDBInstance.create(databasePath, { ...settings });
}

/** Options of `readParquetSql`. */
export interface ReadParquetOptions {
  /** Match columns by name across files whose schemas differ (dataset batches). @default true */
  unionByName?: boolean;
  /** Adds the `file_row_number` column (row position inside each file). @default false */
  fileRowNumber?: boolean;
  /** Adds the source file name as this column. */
  filenameColumn?: string;
}

/** `read_parquet([...files], …)`: the one builder of parquet file lists in SQL. */
export function readParquetSql(files: readonly string[], options: ReadParquetOptions = {}): string {
  const [only] = files;
  const list = files.length === 1 && only !== undefined ? quoteLiteral(only) : `[${files.map(quoteLiteral).join(', ')}]`;
  const args = [list];
  if (options.unionByName ?? true) args.push('union_by_name = true');
  if (options.fileRowNumber) args.push('file_row_number = true');
  if (options.filenameColumn !== undefined) args.push(`filename = ${quoteLiteral(options.filenameColumn)}`);
  return `read_parquet(${args.join(', ')})`;
}

/** `parquet_file_metadata([...files])`: one footer row per file (`file_name`, `num_rows`, …). */
export function parquetFooterSql(files: readonly string[]): string {
  return `parquet_file_metadata([${files.map(quoteLiteral).join(', ')}])`;
}

/** A DuckDB view over parquet files, for data too large to load as rows. */
export interface DatasetRelation {
  /** Connection on which the view exists (owned by the relation). */
  connection: DuckDBConnection;
  /** View name to select from (`SELECT * FROM dataset`). */
  viewName: string;
  /** Number of rows in the view. */
  rowCount: number;
  /** Another connection to the same private instance (closed by `close`), e.g. to run queries side by side. */
  connect(): Promise<DuckDBConnection>;
  /** Closes the connections (and their private DuckDB instance). */
  close(): void;
}

/** Options of `openParquetView`. */
export interface OpenParquetViewOptions {
  /** View name. @default "dataset" */
  viewName?: string;
  /** Settings of the private DuckDB instance. */
  settings?: DuckDBSettings;
  /** The private instance, when the caller created it already (e.g. while listing the files); `settings` are then not used. */
  instance?: Promise<DuckDBInstance>;
}

/**
 * Opens a private DuckDB instance with a view over `files` (columns matched by name) and counts its rows
 * from the parquet footers. The one view helper for datasets: results, profiling and the CLI use it.
 */
export async function openParquetView(files: readonly string[], options: OpenParquetViewOptions = {}): Promise<DatasetRelation> {
  const viewName = options.viewName ?? 'dataset';
  const instance = await (options.instance ?? createDuckDBInstance(options.settings));
  let connection: DuckDBConnection;
  try {
    connection = await instance.connect();
  } catch (error) {
    instance.closeSync();
    throw error;
  }
  const others: DuckDBConnection[] = [];
  const connect = async (): Promise<DuckDBConnection> => {
    const other = await instance.connect();
    others.push(other);
    return other;
  };
  const close = (): void => {
    for (const other of others) other.closeSync();
    connection.closeSync();
    instance.closeSync();
  };
  try {
    // The view's schema and the row count both read every footer: side by side, on two connections
    // (both settled before a failure closes them).
    const [view, count] = await Promise.allSettled([
      connection.run(`CREATE VIEW "${viewName.replaceAll('"', '""')}" AS SELECT * FROM ${readParquetSql(files)}`),
      connect().then((other) => other.runAndReadAll(`SELECT coalesce(sum(num_rows), 0)::BIGINT FROM ${parquetFooterSql(files)}`)),
    ]);
    if (view.status === 'rejected') throw view.reason;
    if (count.status === 'rejected') throw count.reason;
    return { connection, viewName, rowCount: Number(count.value.getRowsJS()[0]?.[0] ?? 0), connect, close };
  } catch (error) {
    close();
    throw error;
  }
}
