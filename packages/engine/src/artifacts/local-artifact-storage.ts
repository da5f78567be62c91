import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ARTIFACT_LAYOUT, batchFileName, mediaSubfolderName, parseBatchFileName, timestampedDatasetName, validateDatasetName } from './artifact-layout.js';
import type { BatchStage } from './artifact-layout.js';
import type {
  ArtifactStorage,
  CompletedRowGroup,
  DatasetRelation,
  ExistingDatasetProbe,
  ResumeMode,
  WriteRowGroupOptions,
} from './artifact-storage.js';
import { ArtifactStorageError } from './artifact-storage-error.js';
import type { DatasetFilePaths, DatasetMetadata, DatasetProgress } from './dataset-metadata.js';
import { formatMetadataJson } from './format-metadata-json.js';
import { fromDuckDBRow } from './from-duckdb-value.js';
import { quoteLiteral } from './sql-quote.js';
import { fsyncFile, writeFileAtomic } from './write-file-atomic.js';
import { writeRowsToParquet } from './write-rows-to-parquet.js';

/** Options of `LocalArtifactStorage`. */
export interface LocalArtifactStorageOptions {
  /** Existing folder holding datasets (`./artifacts` by default in the interface). */
  artifactPath: string;
  /** Dataset folder name. @default "dataset" */
  datasetName?: string;
  /** Resume mode used when the directory is resolved implicitly (first write). @default "never" */
  resume?: ResumeMode;
  /** Clock for timestamped folder names (tests). */
  now?: () => Date;
}

type Rows = ReadonlyArray<Readonly<Record<string, unknown>>>;

/** Artifact storage on the local file system with the Python engine's exact layout (engine-spec §6.1). */
export class LocalArtifactStorage implements ArtifactStorage {
  /** Absolute folder holding dataset folders. */
  readonly artifactPath: string;
  readonly datasetName: string;
  private readonly resume: ResumeMode;
  private readonly now: () => Date;
  private resolvedName: string | undefined;
  private instance: Promise<DuckDBInstance> | undefined;
  private metadataDefaults: Record<string, unknown> = {};
  private metadataQueue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalArtifactStorageOptions) {
    this.artifactPath = path.resolve(options.artifactPath);
    this.datasetName = options.datasetName ?? ARTIFACT_LAYOUT.defaultDatasetName;
    this.resume = options.resume ?? 'never';
    this.now = options.now ?? (() => new Date());
    validateDatasetName(this.datasetName);
    if (!existsSync(this.artifactPath) || !statSync(this.artifactPath).isDirectory()) {
      throw new ArtifactStorageError(`Artifact path ${this.artifactPath} must exist and be a directory.`, {
        fix: `Create it first (mkdir -p ${this.artifactPath}) or pass another artifact path.`,
      });
    }
  }

  // ---- directory resolution -------------------------------------------------------------------

  resolvedDatasetName(): string {
    if (this.resolvedName === undefined) {
      this.resolveDatasetDirectory({ reuse: this.resume !== 'never', required: this.resume === 'always' });
    }
    return this.resolvedName ?? this.datasetName;
  }

  datasetLocation(): string {
    return path.join(this.artifactPath, this.resolvedDatasetName());
  }

  finalDatasetLocation(): string {
    return this.folder('final');
  }

  async probeExistingDataset(): Promise<ExistingDatasetProbe> {
    const directory = path.join(this.artifactPath, this.datasetName);
    let entries: string[];
    try {
      entries = await readdir(directory);
    } catch {
      return { state: 'absent' };
    }
    if (entries.length === 0) return { state: 'empty' };
    const probe: ExistingDatasetProbe = { state: 'present' };
    const read = async (name: string) => readFile(path.join(directory, name), 'utf8').catch(() => undefined);
    const metadataText = await read(ARTIFACT_LAYOUT.metadataFile);
    const builderConfigText = await read(ARTIFACT_LAYOUT.builderConfigFile);
    if (metadataText !== undefined) probe.metadataText = metadataText;
    if (builderConfigText !== undefined) probe.builderConfigText = builderConfigText;
    return probe;
  }

  resolveDatasetDirectory(options: { reuse: boolean; required?: boolean }): string {
    if (this.resolvedName !== undefined) return path.join(this.artifactPath, this.resolvedName);
    const candidate = path.join(this.artifactPath, this.datasetName);
    const nonEmpty = existsSync(candidate) && readdirSync(candidate).length > 0;
    if (nonEmpty) {
      this.resolvedName = options.reuse ? this.datasetName : timestampedDatasetName(this.datasetName, this.now());
    } else if (options.reuse && options.required) {
      throw new ArtifactStorageError(`Cannot resume: no existing dataset found at ${candidate}.`, {
        fix: 'Run without resume "always" to start a new generation, or point --artifact-path at the folder holding the dataset.',
      });
    } else {
      this.resolvedName = this.datasetName;
    }
    return path.join(this.artifactPath, this.resolvedName);
  }

  // ---- paths ----------------------------------------------------------------------------------

  /** Absolute path of a batch folder (`final`, `partial`, `dropped-columns`) or the processors folder. */
  folder(stage: BatchStage | 'processors'): string {
    const names = {
      final: ARTIFACT_LAYOUT.finalFolder,
      partial: ARTIFACT_LAYOUT.partialFolder,
      'dropped-columns': ARTIFACT_LAYOUT.droppedColumnsFolder,
      processors: ARTIFACT_LAYOUT.processorsFolder,
    } as const;
    return path.join(this.datasetLocation(), names[stage]);
  }

  /** Absolute path of a row-group file in a batch folder. */
  batchFilePath(stage: BatchStage, index: number): string {
    return path.join(this.folder(stage), batchFileName(index));
  }

  private relative(absolute: string): string {
    return path.relative(this.datasetLocation(), absolute).split(path.sep).join('/');
  }

  private db(): Promise<DuckDBInstance> {
    this.instance ??= DuckDBInstance.create(':memory:');
    return this.instance;
  }

  // ---- writes ---------------------------------------------------------------------------------

  async writeBuilderConfig(config: unknown, libraryVersion: string): Promise<string> {
    await mkdir(this.datasetLocation(), { recursive: true });
    const file = path.join(this.datasetLocation(), ARTIFACT_LAYOUT.builderConfigFile);
    await writeFileAtomic(file, JSON.stringify({ data_designer: config, library_version: libraryVersion }, null, 2));
    return file;
  }

  async writeRowGroup(index: number, rows: Rows, options: WriteRowGroupOptions = {}): Promise<string | null> {
    if (rows.length === 0) return null;
    const stage = options.stage ?? 'final';
    const partialFolder = this.folder('partial');
    await mkdir(partialFolder, { recursive: true });
    await mkdir(this.folder(stage), { recursive: true });
    // The partial name carries the stage so a data file and its dropped-columns twin never collide.
    const partialPath = path.join(partialFolder, stage === 'final' ? batchFileName(index) : `${stage}-${batchFileName(index)}`);
    const finalPath = this.batchFilePath(stage, index);
    try {
      await writeRowsToParquet(await this.db(), rows, partialPath, options);
      await fsyncFile(partialPath);
      await rename(partialPath, finalPath);
    } catch (error) {
      await rm(partialPath, { force: true });
      throw error;
    }
    return this.relative(finalPath);
  }

  async writeProcessorOutput(processorName: string, rows: Rows, index?: number): Promise<string> {
    validateDatasetName(processorName);
    const processors = this.folder('processors');
    const target =
      index === undefined ? path.join(processors, `${processorName}.parquet`) : path.join(processors, processorName, batchFileName(index));
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp.${process.pid}`;
    try {
      await writeRowsToParquet(await this.db(), rows, temp);
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
    return this.relative(target);
  }

  async replaceDataset(rows: Rows, options: { bufferSize: number; columnOrder?: readonly string[] }): Promise<string[]> {
    if (!Number.isInteger(options.bufferSize) || options.bufferSize <= 0) {
      throw new ArtifactStorageError(`buffer_size must be a positive integer, got ${options.bufferSize}.`);
    }
    await rm(this.folder('final'), { recursive: true, force: true });
    await mkdir(this.folder('final'), { recursive: true });
    const written: string[] = [];
    const writeOpts = options.columnOrder ? { columnOrder: options.columnOrder } : {};
    for (let start = 0, index = 0; start < rows.length || index === 0; start += options.bufferSize, index++) {
      const chunk = rows.slice(start, start + options.bufferSize);
      const target = this.batchFilePath('final', index);
      await writeRowsToParquet(await this.db(), chunk, target, writeOpts);
      written.push(this.relative(target));
      if (rows.length === 0) break;
    }
    return written;
  }

  async writeMediaFile(columnName: string, data: Uint8Array, extension: string): Promise<string> {
    const ext = extension.replace(/^\./, '').toLowerCase();
    if (!/^[a-z0-9]+$/.test(ext)) throw new ArtifactStorageError(`Invalid media file extension '${extension}'.`);
    const subfolder = mediaSubfolderName(columnName);
    const directory = path.join(this.datasetLocation(), ARTIFACT_LAYOUT.imagesFolder, subfolder);
    await mkdir(directory, { recursive: true });
    const fileName = `${randomUUID()}.${ext}`;
    await writeFile(path.join(directory, fileName), data);
    return `${ARTIFACT_LAYOUT.imagesFolder}/${subfolder}/${fileName}`;
  }

  async appendLine(fileName: string, line: string): Promise<void> {
    validateDatasetName(fileName);
    await mkdir(this.datasetLocation(), { recursive: true });
    await appendFile(path.join(this.datasetLocation(), fileName), line.endsWith('\n') ? line : `${line}\n`);
  }

  async clearPartialResults(): Promise<void> {
    await rm(this.folder('partial'), { recursive: true, force: true });
  }

  async clearGeneratedData(): Promise<void> {
    for (const stage of ['partial', 'final', 'dropped-columns'] as const) {
      await rm(this.folder(stage), { recursive: true, force: true });
    }
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** Sorted absolute paths of the batch files of a stage. */
  private async batchFiles(stage: BatchStage): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.folder(stage));
    } catch {
      return [];
    }
    return names
      .filter((name) => parseBatchFileName(name) !== undefined)
      .sort()
      .map((name) => path.join(this.folder(stage), name));
  }

  async listCompletedRowGroups(): Promise<CompletedRowGroup[]> {
    const files = await this.batchFiles('final');
    if (files.length === 0) return [];
    const connection = await (await this.db()).connect();
    try {
      const counts = new Map<string, number>();
      try {
        const list = `[${files.map(quoteLiteral).join(', ')}]`;
        const reader = await connection.runAndReadAll(`SELECT file_name, num_rows FROM parquet_file_metadata(${list})`);
        for (const [name, numRows] of reader.getRowsJS()) counts.set(String(name), Number(numRows));
      } catch {
        // One unreadable file fails the batch query: fall back to one query per file and skip the bad ones.
        for (const file of files) {
          try {
            const reader = await connection.runAndReadAll(`SELECT num_rows FROM parquet_file_metadata(${quoteLiteral(file)})`);
            counts.set(file, Number(reader.getRowsJS()[0][0]));
          } catch {
            // Unreadable (truncated by a crash outside our atomic writes, or not parquet): not completed.
          }
        }
      }
      const result: CompletedRowGroup[] = [];
      for (const file of files) {
        const numRows = counts.get(file);
        if (numRows === undefined) continue;
        result.push({ index: parseBatchFileName(path.basename(file))!, numRows, path: this.relative(file) });
      }
      return result.sort((a, b) => a.index - b.index);
    } finally {
      connection.closeSync();
    }
  }

  async datasetRowCount(): Promise<number> {
    return (await this.listCompletedRowGroups()).reduce((sum, group) => sum + group.numRows, 0);
  }

  private async readParquetRows(files: string[]): Promise<Record<string, unknown>[]> {
    if (files.length === 0) return [];
    const connection = await (await this.db()).connect();
    try {
      const list = `[${files.map(quoteLiteral).join(', ')}]`;
      const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${list}, union_by_name = true)`);
      return reader.getRowObjectsJS().map(fromDuckDBRow);
    } finally {
      connection.closeSync();
    }
  }

  async readDataset(options: { withDroppedColumns?: boolean } = {}): Promise<Record<string, unknown>[]> {
    const rows = await this.readParquetRows(await this.batchFiles('final'));
    if (!options.withDroppedColumns) return rows;
    const droppedFiles = await this.batchFiles('dropped-columns');
    if (droppedFiles.length === 0) return rows;
    const dropped = await this.readParquetRows(droppedFiles);
    if (dropped.length !== rows.length) {
      throw new ArtifactStorageError(
        `The dropped-columns files hold ${dropped.length} rows but the dataset holds ${rows.length}; the artifacts in ${this.datasetLocation()} are inconsistent.`,
        { fix: 'Read the dataset without dropped columns, or regenerate it.' },
      );
    }
    return rows.map((row, index) => ({ ...row, ...dropped[index] }));
  }

  async listProcessorNames(): Promise<string[]> {
    let entries: string[];
    try {
      entries = (await readdir(this.folder('processors'))).sort();
    } catch {
      return [];
    }
    const names = new Set<string>();
    for (const entry of entries) {
      const full = path.join(this.folder('processors'), entry);
      if ((await stat(full)).isDirectory()) names.add(entry);
      else if (entry.endsWith('.parquet')) names.add(entry.slice(0, -'.parquet'.length));
    }
    return [...names];
  }

  async readProcessorOutput(processorName: string): Promise<Record<string, unknown>[]> {
    const directory = path.join(this.folder('processors'), processorName);
    const single = `${directory}.parquet`;
    if (existsSync(directory) && statSync(directory).isDirectory()) {
      const files = (await readdir(directory)).filter((name) => name.endsWith('.parquet')).sort();
      return this.readParquetRows(files.map((name) => path.join(directory, name)));
    }
    if (existsSync(single)) return this.readParquetRows([single]);
    throw new ArtifactStorageError(`No artifacts found for processor named '${processorName}'.`, {
      fix: `Known processors: ${(await this.listProcessorNames()).join(', ') || 'none'}.`,
    });
  }

  async openDatasetRelation(): Promise<DatasetRelation> {
    const files = await this.batchFiles('final');
    if (files.length === 0) {
      throw new ArtifactStorageError(`No parquet files in ${this.folder('final')}.`, { fix: 'Generate the dataset first.' });
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const list = `[${files.map(quoteLiteral).join(', ')}]`;
    await connection.run(`CREATE VIEW dataset AS SELECT * FROM read_parquet(${list}, union_by_name = true)`);
    const count = await connection.runAndReadAll('SELECT count(*) FROM dataset');
    return {
      connection,
      viewName: 'dataset',
      rowCount: Number(count.getRowsJS()[0][0]),
      close: () => {
        connection.closeSync();
        instance.closeSync();
      },
    };
  }

  async getFilePaths(): Promise<DatasetFilePaths> {
    const filePaths: DatasetFilePaths = { 'parquet-files': (await this.batchFilesAny('final')).map((file) => this.relative(file)) };
    const processorFiles: Record<string, string[]> = {};
    for (const name of await this.listProcessorNames()) {
      const directory = path.join(this.folder('processors'), name);
      if (existsSync(directory) && statSync(directory).isDirectory()) {
        processorFiles[name] = (await listFilesRecursively(directory)).map((file) => this.relative(file));
      } else if (existsSync(`${directory}.parquet`)) {
        processorFiles[name] = [this.relative(`${directory}.parquet`)];
      }
    }
    if (Object.keys(processorFiles).length > 0) filePaths['processor-files'] = processorFiles;
    return filePaths;
  }

  /** Every `*.parquet` of a stage folder, sorted (what the original lists in `file_paths`). */
  private async batchFilesAny(stage: BatchStage): Promise<string[]> {
    try {
      return (await readdir(this.folder(stage)))
        .filter((name) => name.endsWith('.parquet'))
        .sort()
        .map((name) => path.join(this.folder(stage), name));
    } catch {
      return [];
    }
  }

  // ---- metadata -------------------------------------------------------------------------------

  setMetadataDefaults(defaults: Readonly<Record<string, unknown>>): void {
    this.metadataDefaults = { ...this.metadataDefaults, ...defaults };
  }

  async readMetadata(): Promise<DatasetMetadata | undefined> {
    const file = path.join(this.datasetLocation(), ARTIFACT_LAYOUT.metadataFile);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    return parseMetadataText(text, file);
  }

  /** Runs metadata writes one after another so concurrent updates never lose each other's fields. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.metadataQueue.then(task, task);
    this.metadataQueue = next.catch(() => undefined);
    return next;
  }

  private async writeMetadataNow(metadata: Readonly<DatasetMetadata>): Promise<DatasetMetadata> {
    await mkdir(this.datasetLocation(), { recursive: true });
    const merged: DatasetMetadata = { ...this.metadataDefaults, ...metadata };
    await writeFileAtomic(path.join(this.datasetLocation(), ARTIFACT_LAYOUT.metadataFile), formatMetadataJson(merged));
    return merged;
  }

  writeMetadata(metadata: Readonly<DatasetMetadata>): Promise<DatasetMetadata> {
    return this.serialize(() => this.writeMetadataNow(metadata));
  }

  updateMetadata(patch: Readonly<DatasetMetadata>): Promise<DatasetMetadata> {
    return this.serialize(async () => this.writeMetadataNow({ ...((await this.readMetadata()) ?? {}), ...patch }));
  }

  async writeProgressMetadata(progress: DatasetProgress): Promise<DatasetMetadata> {
    const groups = progress.actualNumRecords === undefined || progress.totalNumBatches === undefined ? await this.listCompletedRowGroups() : [];
    const actual = progress.actualNumRecords ?? groups.reduce((sum, group) => sum + group.numRows, 0);
    const batches = progress.totalNumBatches ?? groups.length;
    return this.updateMetadata({
      target_num_records: progress.targetNumRecords,
      original_target_num_records: progress.originalTargetNumRecords ?? progress.targetNumRecords,
      actual_num_records: actual,
      total_num_batches: batches,
      num_completed_batches: batches,
      buffer_size: progress.bufferSize,
      dataset_name: this.datasetName,
      file_paths: await this.getFilePaths(),
    });
  }

  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) (await instance).closeSync();
  }
}

/** Parses `metadata.json` text; corrupt JSON or a non-object is an `ArtifactStorageError`. */
export function parseMetadataText(text: string, file: string): DatasetMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ArtifactStorageError(`${file} is corrupt or partially written.`, {
      cause,
      fix: 'Start a fresh run (resume "never"), or restore a valid metadata.json.',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ArtifactStorageError(`${file} does not hold a JSON object.`, {
      fix: 'Start a fresh run (resume "never"), or restore a valid metadata.json.',
    });
  }
  return parsed as DatasetMetadata;
}

async function listFilesRecursively(directory: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesRecursively(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
