import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InvalidFileFormatError, InvalidFilePathError, definedOrThrow } from '@dd/config';
import type { DataDesignerError } from '@dd/config';
import { createDuckDBInstance, parquetFooterSql, readParquetSql } from '../artifacts/duckdb.js';
import { fromDuckDBRow } from '../artifacts/from-duckdb-value.js';
import { quoteLiteral } from '../artifacts/sql-quote.js';
import { fnmatchToRegExp } from './fnmatch-to-regexp.js';
import { rowIndexFilter } from './row-index-filter.js';
import type { LocalSeedSourceInput } from './seed-config-input.js';
import { SeedReaderError } from './seed-reader-error.js';
import type { SeedRowSource } from './seed-row-source.js';

/** File formats a `local` seed source can hold. */
export type SeedFileFormat = 'parquet' | 'csv' | 'json' | 'jsonl';

const FORMATS: readonly SeedFileFormat[] = ['parquet', 'csv', 'json', 'jsonl'];
const FORMAT_FIX =
  'Seed dataset files must be parquet, csv, or json/jsonl (JSON records, one per line, or a JSON array). Convert the file or point path at one of those.';
/** CSV/JSON sources larger than this are copied into an on-disk DuckDB file instead of memory. */
const IN_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

/** Format of a file name by extension (case-insensitive), or `undefined`. */
export function seedFileFormat(fileName: string): SeedFileFormat | undefined {
  const lower = fileName.toLowerCase();
  return FORMATS.find((format) => lower.endsWith(`.${format}`));
}

/** Expands `~` and resolves against `cwd` (the process working directory by default, like the original). */
function resolveUserPath(target: string, cwd: string): string {
  const expanded = target === '~' || target.startsWith('~/') ? path.join(os.homedir(), target.slice(1)) : target;
  return path.resolve(cwd, expanded);
}

/** The files a `local` source names (one file, or the sorted matches of a basename wildcard) and their format. */
export function resolveLocalSeedFiles(source: LocalSeedSourceInput, cwd: string = process.cwd()): { files: string[]; format: SeedFileFormat } {
  const raw = source.path;
  const format = seedFileFormat(raw);
  if (format === undefined) {
    throw new InvalidFileFormatError(`Seed dataset path '${raw}' does not end in .parquet, .csv, .json or .jsonl.`, { fix: FORMAT_FIX });
  }
  const star = raw.indexOf('*');
  if (star === -1) {
    const file = resolveUserPath(raw, cwd);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new InvalidFilePathError(`Seed dataset path ${file} is not a file.`, {
        fix: `Check seed_config.source.path ('${raw}'); relative paths are resolved from the working directory (${cwd}), not the config file.`,
      });
    }
    return { files: [file], format };
  }
  const prefix = raw.slice(0, star);
  const endsWithSeparator = prefix === '' || prefix.endsWith('/') || prefix.endsWith(path.sep);
  const directory = endsWithSeparator ? resolveUserPath(prefix || '.', cwd) : path.dirname(resolveUserPath(prefix, cwd));
  const pattern = endsWithSeparator ? raw.slice(star) : `${path.basename(prefix)}${raw.slice(star)}`;
  if (pattern.includes('/') || pattern.includes('\\')) {
    throw new SeedReaderError(`Seed dataset path '${raw}' has a wildcard outside the file name.`, {
      fix: 'Use a wildcard in the last path segment only, e.g. data/*.parquet.',
    });
  }
  const matcher = fnmatchToRegExp(pattern);
  let names: string[] = [];
  try {
    names = readdirSync(directory).filter((name) => matcher.test(name) && statSync(path.join(directory, name)).isFile());
  } catch {
    names = [];
  }
  if (names.length === 0) {
    throw new InvalidFilePathError(`Path '${directory}' does not contain files of type '${format}' matching '${pattern}'.`, {
      fix: `Check seed_config.source.path ('${raw}'); the directory is searched non-recursively.`,
    });
  }
  return { files: names.sort().map((name) => path.join(directory, name)), format };
}

function readFunction(format: SeedFileFormat, files: readonly string[]): string {
  const list = `[${files.map(quoteLiteral).join(', ')}]`;
  if (format === 'parquet') return readParquetSql(files, { unionByName: false });
  if (format === 'csv') return `read_csv(${list})`;
  // `.json` is auto-detected (JSON lines or one array of records); `.jsonl` is JSON lines.
  return format === 'jsonl' ? `read_json(${list}, format = 'newline_delimited')` : `read_json(${list}, format = 'auto')`;
}

function unreadable(description: string, format: SeedFileFormat, cause: unknown): DataDesignerError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new SeedReaderError(`Cannot read seed dataset ${description} as ${format}: ${reason}`, {
    cause,
    fix: `Check that the file is valid ${format} (open it with another tool), or convert it to parquet.`,
  });
}

async function describeColumns(connection: DuckDBConnection, relation: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
  return reader.getRowsJS().map((row) => String(row[0]));
}

/** Parquet read in place: row counts from the footers, windows through `file_row_number` pushdown. */
async function openParquetSource(files: string[], description: string): Promise<SeedRowSource> {
  const instance = await createDuckDBInstance();
  const connection = await instance.connect();
  try {
    const metadata = await connection.runAndReadAll(`SELECT file_name, num_rows FROM ${parquetFooterSql(files)}`);
    const counts = new Map(metadata.getRowsJS().map(([name, rows]) => [String(name), Number(rows)]));
    const starts: number[] = [];
    let total = 0;
    for (const file of files) {
      starts.push(total);
      total += counts.get(file) ?? 0;
    }
    const columnNames = await describeColumns(connection, readParquetSql(files, { unionByName: false }));
    const multi = files.length > 1;
    const relation = readParquetSql(files, { unionByName: false, fileRowNumber: true, ...(multi ? { filenameColumn: '__dd_file' } : {}) });
    const exclude = multi ? 'file_row_number, __dd_file' : 'file_row_number';
    const fileOf = (index: number) => {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((starts[middle] ?? 0) <= index) low = middle;
        else high = middle - 1;
      }
      return low;
    };
    return {
      description,
      columnNames,
      rowCount: total,
      async fetchRows(indices) {
        const byFile = new Map<number, number[]>();
        for (const index of indices) {
          const file = fileOf(index);
          const group = byFile.get(file);
          if (group) group.push(index);
          else byFile.set(file, [index]);
        }
        const out = new Map<number, Record<string, unknown>>();
        for (const [file, group] of byFile) {
          const start = starts[file] ?? 0;
          const fileName = definedOrThrow(files[file], `seed file ${file}`);
          const where = `(${rowIndexFilter('file_row_number', group, start)})${multi ? ` AND __dd_file = ${quoteLiteral(fileName)}` : ''}`;
          try {
            const reader = await connection.runAndReadAll(`SELECT file_row_number AS __dd_row, * EXCLUDE (${exclude}) FROM ${relation} WHERE ${where}`);
            for (const row of reader.getRowObjectsJS()) {
              const { __dd_row: position, ...rest } = row;
              out.set(Number(position) + start, fromDuckDBRow(rest));
            }
          } catch (cause) {
            throw unreadable(fileName, 'parquet', cause);
          }
        }
        return out;
      },
      async close() {
        connection.closeSync();
        instance.closeSync();
      },
    };
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw SeedReaderError.isInstance(error) ? error : unreadable(description, 'parquet', error);
  }
}

/** CSV/JSON copied once into a DuckDB table (memory, or a temp file when large); windows by `rowid`. */
async function openMaterializedSource(files: string[], format: SeedFileFormat, description: string): Promise<SeedRowSource> {
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const tempDirectory = bytes > IN_MEMORY_LIMIT_BYTES ? mkdtempSync(path.join(os.tmpdir(), 'dd-seed-')) : undefined;
  const instance = await createDuckDBInstance({}, tempDirectory ? path.join(tempDirectory, 'seed.duckdb') : ':memory:');
  const connection = await instance.connect();
  const release = async () => {
    connection.closeSync();
    instance.closeSync();
    if (tempDirectory) await rm(tempDirectory, { recursive: true, force: true });
  };
  try {
    await connection.run(`CREATE TABLE seed AS SELECT * FROM ${readFunction(format, files)}`);
    const count = await connection.runAndReadAll('SELECT count(*) FROM seed');
    const columnNames = await describeColumns(connection, 'seed');
    return {
      description,
      columnNames,
      rowCount: Number(count.getRowsJS()[0]?.[0] ?? 0),
      async fetchRows(indices) {
        const out = new Map<number, Record<string, unknown>>();
        if (indices.length === 0) return out;
        const reader = await connection.runAndReadAll(`SELECT rowid AS __dd_row, * FROM seed WHERE ${rowIndexFilter('rowid', indices)}`);
        for (const row of reader.getRowObjectsJS()) {
          const { __dd_row: position, ...rest } = row;
          out.set(Number(position), fromDuckDBRow(rest));
        }
        return out;
      },
      close: release,
    };
  } catch (error) {
    await release();
    throw unreadable(description, format, error);
  }
}

/** Opens a `local` seed source (file or wildcard) for random access through DuckDB. */
export async function openLocalFileRowSource(source: LocalSeedSourceInput, cwd: string = process.cwd()): Promise<SeedRowSource> {
  const { files, format } = resolveLocalSeedFiles(source, cwd);
  const [first] = files;
  const description = files.length === 1 && first !== undefined ? first : `${source.path} (${files.length} files)`;
  return format === 'parquet' ? openParquetSource(files, description) : openMaterializedSource(files, format, description);
}
