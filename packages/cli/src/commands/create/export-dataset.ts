import { rmSync } from 'node:fs';
import path from 'node:path';
import { ExitError } from '../../errors/exit-error.js';
import { loadDuckDB, sqlString } from '../shared/engine-peer-modules.js';

/** Formats `create --output-format` accepts. */
export const OUTPUT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;

/** One of the export formats. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const DUCKDB_FORMAT: Record<OutputFormat, string> = { jsonl: 'json', csv: 'csv, header true', parquet: 'parquet' };

/** Exports the dataset's final parquet files to `<datasetPath>/<name>.<format>`; a failed export leaves no partial file. */
export async function exportDataset(datasetPath: string, datasetName: string, format: OutputFormat): Promise<string> {
  const target = path.join(datasetPath, `${datasetName}.${format}`);
  const { DuckDBInstance } = await loadDuckDB();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const source = path.join(datasetPath, 'parquet-files', '*.parquet');
    await connection.run(`COPY (SELECT * FROM read_parquet(${sqlString(source)})) TO ${sqlString(target)} (FORMAT ${DUCKDB_FORMAT[format]})`);
    return target;
  } catch (error) {
    rmSync(target, { force: true });
    throw new ExitError(`Export to ${target} failed: ${(error as Error).message}`, 1, { cause: error });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
