import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InvalidFileFormatError } from '@dd/config';
import type { DatasetRelation } from '@dd/engine';

/** Formats `exportTo` writes. */
export const EXPORT_FORMATS = ['parquet', 'jsonl', 'csv', 'json'] as const;

/** One of `EXPORT_FORMATS`. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const quoteIdentifier = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/** The export format of a call: the one given, else the file's extension; anything else is an `InvalidFileFormatError`. */
export function exportFormatOf(filePath: string, format?: ExportFormat): ExportFormat {
  const chosen = (format ?? path.extname(filePath).slice(1)).toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(chosen)) {
    throw new InvalidFileFormatError(`Unsupported export format '${chosen || path.basename(filePath)}'; choose one of: ${EXPORT_FORMATS.join(', ')}.`, {
      fix: 'Pass the format argument, or give the file one of these extensions.',
    });
  }
  return chosen as ExportFormat;
}

/** Writes the rows of a DuckDB view to one file (CSV writes nested values as JSON text). */
export async function exportRelation({ connection, viewName }: DatasetRelation, filePath: string, format: ExportFormat): Promise<void> {
  const target = path.resolve(filePath);
  await mkdir(path.dirname(target), { recursive: true });
  const view = quoteIdentifier(viewName);
  let select = `SELECT * FROM ${view}`;
  if (format === 'csv') {
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${view}`)).getRowsJS();
    const columns = described.map(([name, type]) => {
      const id = quoteIdentifier(String(name));
      return /STRUCT|MAP|\[\]|LIST|UNION|JSON/.test(String(type)) ? `to_json(${id}) AS ${id}` : id;
    });
    select = `SELECT ${columns.join(', ')} FROM ${view}`;
  }
  const options = { parquet: 'FORMAT parquet', jsonl: 'FORMAT json', json: 'FORMAT json, ARRAY true', csv: 'FORMAT csv, HEADER true' }[format];
  await connection.run(`COPY (${select}) TO ${quoteLiteral(target)} (${options})`);
}
