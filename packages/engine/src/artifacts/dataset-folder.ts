import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { ARTIFACT_LAYOUT, parseBatchFileName, type BatchStage } from './artifact-layout.js';
import { ArtifactStorageError } from './artifact-storage-error.js';
import type { CompletedRowGroup } from './artifact-storage.js';
import { parseDatasetMetadata, type DatasetFilePaths, type DatasetMetadata } from './dataset-metadata.js';
import { createDuckDBInstance, openParquetView, parquetFooterSql, readParquetSql, type DatasetRelation, type OpenParquetViewOptions } from './duckdb.js';
import { fromDuckDBRow } from './from-duckdb-value.js';
import { closeWriteConnections } from './write-rows-to-parquet.js';

type Row = Record<string, unknown>;

const STAGE_FOLDERS = {
  final: ARTIFACT_LAYOUT.finalFolder,
  partial: ARTIFACT_LAYOUT.partialFolder,
  'dropped-columns': ARTIFACT_LAYOUT.droppedColumnsFolder,
  processors: ARTIFACT_LAYOUT.processorsFolder,
} as const;

/**
 * The read side of one dataset folder on the local file system: `metadata.json` (through its schema),
 * batch files, parquet footers, rows, processor outputs and a DuckDB view. Every reader of a dataset
 * folder (storage, resume, profiling, results, the CLI) goes through it; writes go through
 * `ArtifactStorage`. Holds one lazily created DuckDB instance; `close()` releases it.
 */
export class DatasetFolder {
  /** Absolute dataset folder. */
  readonly path: string;
  private instance: Promise<DuckDBInstance> | undefined;
  private footerReadCount = 0;

  constructor(datasetPath: string) {
    this.path = path.resolve(datasetPath);
  }

  /** Opens an existing dataset folder; `ArtifactStorageError` when it is missing. */
  static open(datasetPath: string): DatasetFolder {
    const folder = new DatasetFolder(datasetPath);
    if (!existsSync(folder.path) || !statSync(folder.path).isDirectory()) {
      throw new ArtifactStorageError(`No dataset folder at ${folder.path}.`, {
        fix: 'Pass the folder printed by create (<artifact path>/<dataset name>[_timestamp]).',
      });
    }
    return folder;
  }

  /** Parquet footers read so far (one per file): progress is kept incrementally, so this stays small. */
  get footerReads(): number {
    return this.footerReadCount;
  }

  /** The shared DuckDB instance of this folder (created on first use). */
  duckdb(): Promise<DuckDBInstance> {
    this.instance ??= createDuckDBInstance();
    return this.instance;
  }

  /** Absolute path of a batch folder or the processors folder. */
  stageFolder(stage: BatchStage | 'processors'): string {
    return path.join(this.path, STAGE_FOLDERS[stage]);
  }

  /** Dataset-relative POSIX path of an absolute path inside the folder. */
  relative(absolute: string): string {
    return path.relative(this.path, absolute).split(path.sep).join('/');
  }

  /** Text of a file of the folder (`relativePath` with `/`), or `undefined` when absent. */
  async readText(relativePath: string): Promise<string | undefined> {
    try {
      return await readFile(path.join(this.path, ...relativePath.split('/')), 'utf8');
    } catch {
      return undefined;
    }
  }

  /**
   * `metadata.json` through its schema; `undefined` when absent; `ArtifactStorageError` when corrupt.
   * Read synchronously: a few kilobytes, read before every checkpoint's metadata update, where each
   * asynchronous step would wait for a turn of a loop kept busy by generation (see write-file-atomic.ts).
   */
  async metadata(): Promise<DatasetMetadata | undefined> {
    const file = path.join(this.path, ARTIFACT_LAYOUT.metadataFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    return parseDatasetMetadata(text, file);
  }

  /** The compiled config of `builder_config.json` (`data_designer`), or `undefined` when absent or unreadable. */
  async builderConfig(): Promise<unknown> {
    const text = await this.readText(ARTIFACT_LAYOUT.builderConfigFile);
    if (text === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as { data_designer?: unknown }).data_designer : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sorted absolute paths of the `batch_NNNNN.parquet` files of a stage. */
  async batchFiles(stage: BatchStage = 'final'): Promise<string[]> {
    return (await this.parquetFiles(stage)).filter((file) => parseBatchFileName(path.basename(file)) !== undefined);
  }

  /** Every `*.parquet` of a stage folder, sorted (what `file_paths` lists). */
  async parquetFiles(stage: BatchStage = 'final'): Promise<string[]> {
    const folder = this.stageFolder(stage);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith('.parquet'))
      .sort()
      .map((name) => path.join(folder, name));
  }

  /** Row counts of the given files from their footers; unreadable files are left out. */
  async readFooters(files: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (files.length === 0) return counts;
    this.footerReadCount += files.length;
    const connection = await (await this.duckdb()).connect();
    try {
      try {
        const reader = await connection.runAndReadAll(`SELECT file_name, num_rows FROM ${parquetFooterSql(files)}`);
        for (const [name, numRows] of reader.getRowsJS()) counts.set(String(name), Number(numRows));
      } catch {
        // One unreadable file fails the batch query: read one footer at a time and skip the bad ones.
        for (const file of files) {
          try {
            const reader = await connection.runAndReadAll(`SELECT num_rows FROM ${parquetFooterSql([file])}`);
            counts.set(file, Number(reader.getRowsJS()[0]?.[0]));
          } catch {
            // Truncated by a crash outside our atomic writes, or not parquet: not completed.
          }
        }
      }
    } finally {
      connection.closeSync();
    }
    return counts;
  }

  /** Row groups in `parquet-files/` with their footer row counts, sorted by id (reads every footer). */
  async completedRowGroups(): Promise<CompletedRowGroup[]> {
    const files = await this.batchFiles('final');
    const counts = await this.readFooters(files);
    const result: CompletedRowGroup[] = [];
    for (const file of files) {
      const numRows = counts.get(file);
      const index = parseBatchFileName(path.basename(file));
      if (numRows !== undefined && index !== undefined) result.push({ index, numRows, path: this.relative(file) });
    }
    return result.sort((a, b) => a.index - b.index);
  }

  /** Rows of parquet files, columns matched by name. Loads everything. */
  async readParquetRows(files: readonly string[]): Promise<Row[]> {
    if (files.length === 0) return [];
    const connection = await (await this.duckdb()).connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT * FROM ${readParquetSql(files)}`);
      return reader.getRowObjectsJS().map(fromDuckDBRow);
    } finally {
      connection.closeSync();
    }
  }

  /** The whole dataset (small data); `withDroppedColumns` adds the dropped columns row by row. */
  async readRows(options: { withDroppedColumns?: boolean } = {}): Promise<Row[]> {
    const rows = await this.readParquetRows(await this.batchFiles('final'));
    if (!options.withDroppedColumns) return rows;
    const droppedFiles = await this.batchFiles('dropped-columns');
    if (droppedFiles.length === 0) return rows;
    const dropped = await this.readParquetRows(droppedFiles);
    if (dropped.length !== rows.length) {
      throw new ArtifactStorageError(
        `The dropped-columns files hold ${dropped.length} rows but the dataset holds ${rows.length}; the artifacts in ${this.path} are inconsistent.`,
        { fix: 'Read the dataset without dropped columns, or regenerate it.' },
      );
    }
    return rows.map((row, index) => ({ ...row, ...dropped[index] }));
  }

  /** Processor names found under `processors-files/` (folders and single files), sorted. */
  async processorNames(): Promise<string[]> {
    const folder = this.stageFolder('processors');
    let entries: string[];
    try {
      entries = (await readdir(folder)).sort();
    } catch {
      return [];
    }
    const names = new Set<string>();
    for (const entry of entries) {
      if ((await stat(path.join(folder, entry))).isDirectory()) names.add(entry);
      else if (entry.endsWith('.parquet')) names.add(entry.slice(0, -'.parquet'.length));
    }
    return [...names];
  }

  /** Files of a processor's output (its folder's files, or its single file), sorted absolute paths. */
  async processorFiles(processorName: string): Promise<string[] | undefined> {
    const directory = path.join(this.stageFolder('processors'), processorName);
    if (existsSync(directory) && statSync(directory).isDirectory()) return listFilesRecursively(directory);
    if (existsSync(`${directory}.parquet`)) return [`${directory}.parquet`];
    return undefined;
  }

  /** Rows of a processor's output; `ArtifactStorageError` naming the known processors when absent. */
  async readProcessorOutput(processorName: string): Promise<Row[]> {
    const files = await this.processorFiles(processorName);
    if (files === undefined) {
      throw new ArtifactStorageError(`No artifacts found for processor named '${processorName}'.`, {
        fix: `Known processors: ${(await this.processorNames()).join(', ') || 'none'}.`,
      });
    }
    return this.readParquetRows(files.filter((file) => file.endsWith('.parquet')));
  }

  /** `file_paths` for metadata: the final files (all given, or listed) and every processor's files. */
  async filePaths(finalFiles?: readonly string[]): Promise<DatasetFilePaths> {
    const filePaths: DatasetFilePaths = { 'parquet-files': [...(finalFiles ?? (await this.parquetFiles('final')).map((file) => this.relative(file)))] };
    const processorFiles: Record<string, string[]> = {};
    for (const name of await this.processorNames()) {
      const files = await this.processorFiles(name);
      if (files !== undefined) processorFiles[name] = files.map((file) => this.relative(file));
    }
    if (Object.keys(processorFiles).length > 0) filePaths['processor-files'] = processorFiles;
    return filePaths;
  }

  /** A private DuckDB view over `parquet-files/*.parquet`; `ArtifactStorageError` when there are none. */
  async openView(options: OpenParquetViewOptions = {}): Promise<DatasetRelation> {
    const files = await this.batchFiles('final');
    if (files.length === 0) {
      throw new ArtifactStorageError(`No parquet files in ${this.stageFolder('final')}.`, { fix: 'Generate the dataset first.' });
    }
    return openParquetView(files, options);
  }

  /** Releases the DuckDB instance (a later read creates a new one). */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) {
      const opened = await instance;
      closeWriteConnections(opened);
      opened.closeSync();
    }
  }
}

async function listFilesRecursively(directory: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesRecursively(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
