import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { ARTIFACT_LAYOUT, batchFileName, mediaSubfolderName, timestampedDatasetName, validateDatasetName } from './artifact-layout.js';
import type { BatchStage } from './artifact-layout.js';
import type {
  ArtifactStorage,
  CompletedRowGroup,
  DatasetRelation,
  ExistingDatasetProbe,
  ResolveDatasetDirectoryOptions,
  ResumeMode,
  WriteRowGroupOptions,
} from './artifact-storage.js';
import { ArtifactStorageError } from './artifact-storage-error.js';
import { DatasetFolder } from './dataset-folder.js';
import { parseDatasetMetadata, type DatasetFilePaths, type DatasetMetadata, type DatasetProgress } from './dataset-metadata.js';
import { formatMetadataJson } from './format-metadata-json.js';
import { acquireRunLock, isRunLock, tryAcquireRunLock, type RunLock } from './run-lock.js';
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

/** Most `_N` suffixes tried when timestamped sibling names are taken by runs started in the same second. */
const MAX_SIBLING_SUFFIX = 1000;

/** Artifact storage on the local file system with the Python engine's exact layout (engine-spec §6.1). */
export class LocalArtifactStorage implements ArtifactStorage {
  /** Absolute folder holding dataset folders. */
  readonly artifactPath: string;
  readonly datasetName: string;
  private readonly resume: ResumeMode;
  private readonly now: () => Date;
  private resolvedName: string | undefined;
  private reader: DatasetFolder | undefined;
  private lock: RunLock | undefined;
  /** Completed final row groups by id, kept from the writes; `undefined` until the folder was listed once. */
  private rowGroups: Map<number, CompletedRowGroup> | undefined;
  private metadataDefaults: Record<string, unknown> = {};
  private metadataQueue: Promise<unknown> = Promise.resolve();
  /** The last progress write (its file and patch as JSON, and what it wrote), until any other metadata write. */
  private lastProgress: { key: string; metadata: DatasetMetadata } | undefined;

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

  /** Storage over an existing dataset folder (reads, or writes after `resolveDatasetDirectory({ reuse: true, lock: true })`). */
  static openExisting(datasetPath: string): LocalArtifactStorage {
    const absolute = path.resolve(datasetPath);
    const storage = new LocalArtifactStorage({ artifactPath: path.dirname(absolute), datasetName: path.basename(absolute), resume: 'always' });
    storage.resolveDatasetDirectory({ reuse: true, required: true });
    return storage;
  }

  // ---- directory resolution -------------------------------------------------------------------

  resolvedDatasetName(): string {
    if (this.resolvedName === undefined) {
      this.resolveDatasetDirectory({ reuse: this.resume !== 'never', required: this.resume === 'always', lock: true });
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
    const probe = new DatasetFolder(path.join(this.artifactPath, this.datasetName));
    let entries: string[];
    try {
      entries = readdirSync(probe.path);
    } catch {
      return { state: 'absent' };
    }
    if (entries.length === 0) return { state: 'empty' };
    const result: ExistingDatasetProbe = { state: 'present' };
    const metadataText = await probe.readText(ARTIFACT_LAYOUT.metadataFile);
    const builderConfigText = await probe.readText(ARTIFACT_LAYOUT.builderConfigFile);
    if (metadataText !== undefined) result.metadataText = metadataText;
    if (builderConfigText !== undefined) result.builderConfigText = builderConfigText;
    return result;
  }

  resolveDatasetDirectory(options: ResolveDatasetDirectoryOptions): string {
    if (this.resolvedName !== undefined) return path.join(this.artifactPath, this.resolvedName);
    const candidate = path.join(this.artifactPath, this.datasetName);
    if (options.reuse) {
      const nonEmpty = existsSync(candidate) && readdirSync(candidate).length > 0;
      if (!nonEmpty && options.required) {
        throw new ArtifactStorageError(`Cannot resume: no existing dataset found at ${candidate}.`, {
          fix: 'Run without resume "always" to start a new generation, or point --artifact-path at the folder holding the dataset.',
        });
      }
      if (options.lock) {
        mkdirSync(candidate, { recursive: true });
        this.lock = acquireRunLock(candidate, ARTIFACT_LAYOUT.runLockFile);
      }
      this.resolvedName = this.datasetName;
      return candidate;
    }
    // Fresh run: the configured folder when absent or empty, else a timestamped sibling; each claimed
    // exclusively (mkdir without -p, then the lock), so runs started together never share a folder.
    const stamp = timestampedDatasetName(this.datasetName, this.now());
    const names = [this.datasetName, stamp, ...Array.from({ length: MAX_SIBLING_SUFFIX }, (_, n) => `${stamp}_${n + 2}`)];
    for (const name of names) {
      if (this.claim(path.join(this.artifactPath, name), options.lock === true)) {
        this.resolvedName = name;
        this.rowGroups = new Map(); // A fresh folder holds no row group.
        return path.join(this.artifactPath, name);
      }
    }
    throw new ArtifactStorageError(`Could not claim a dataset folder for '${this.datasetName}' under ${this.artifactPath}.`, {
      fix: 'Use another dataset name, or remove old timestamped folders.',
    });
  }

  /** Claims `directory` for a fresh run: creates it, or takes it when it exists but is empty. */
  private claim(directory: string, lock: boolean): boolean {
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!statSync(directory).isDirectory() || readdirSync(directory).length > 0) return false;
    }
    if (!lock) return true;
    const result = tryAcquireRunLock(path.join(directory, ARTIFACT_LAYOUT.runLockFile));
    if (!isRunLock(result)) return false;
    // Another run may have written into the empty folder between our mkdir and our lock.
    if (readdirSync(directory).some((entry) => entry !== ARTIFACT_LAYOUT.runLockFile)) {
      result.release();
      return false;
    }
    this.lock = result;
    return true;
  }

  // ---- paths ----------------------------------------------------------------------------------

  /** The read side of the resolved dataset folder. */
  private read(): DatasetFolder {
    const location = this.datasetLocation();
    if (this.reader === undefined || this.reader.path !== location) this.reader = new DatasetFolder(location);
    return this.reader;
  }

  /** Parquet footers read so far by this storage (progress is incremental, so this stays at one pass). */
  get footerReads(): number {
    return this.reader?.footerReads ?? 0;
  }

  /** Absolute path of a batch folder (`final`, `partial`, `dropped-columns`) or the processors folder. */
  folder(stage: BatchStage | 'processors'): string {
    return this.read().stageFolder(stage);
  }

  /** Absolute path of a row-group file in a batch folder. */
  batchFilePath(stage: BatchStage, index: number): string {
    return path.join(this.folder(stage), batchFileName(index));
  }

  private relative(absolute: string): string {
    return this.read().relative(absolute);
  }

  /** Times `close` was called (no warm-up after a close). */
  private closes = 0;

  private db(): Promise<DuckDBInstance> {
    return this.read().duckdb();
  }

  /**
   * Loads DuckDB and creates the folder's instance on the next turn of the event loop, so the first
   * write does not pay for it (~0.1 s of CPU): call it just before work that waits (a job's first
   * calls are out and sleeping then). A failure surfaces at the first write instead; once the storage
   * was closed it does nothing.
   */
  warmUpSoon(): void {
    if (this.closes > 0) return;
    setImmediate(() => {
      if (this.closes > 0) return;
      try {
        this.db().catch(() => undefined);
      } catch {
        // No dataset folder yet, or DuckDB cannot load: the first write reports it.
      }
    });
  }

  /** Absolute path of a dataset-relative file path; rejects absolute paths and `..`. */
  private insideDataset(relativePath: string): string {
    const parts = relativePath.split('/');
    if (relativePath.length === 0 || path.isAbsolute(relativePath) || parts.some((part) => part === '..' || part === '' || part.includes('\\'))) {
      throw new ArtifactStorageError(`'${relativePath}' is not a file path inside the dataset folder.`, {
        fix: 'Pass a relative path with "/" separators and no ".." (e.g. "analysis/profile.json").',
      });
    }
    return path.join(this.datasetLocation(), ...parts);
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
    // Synchronous folder and rename calls: see write-file-atomic.ts (each async one waits for a loop turn).
    const partialFolder = this.folder('partial');
    mkdirSync(partialFolder, { recursive: true });
    mkdirSync(this.folder(stage), { recursive: true });
    // A unique partial name per write: two writers of one index never share a temp file, and the rename
    // replaces any earlier file of that index, so exactly one file per index remains.
    const prefix = stage === 'final' ? '' : `${stage}-`;
    const partialPath = path.join(partialFolder, `${prefix}${batchFileName(index)}.${randomUUID().slice(0, 8)}.tmp`);
    const finalPath = this.batchFilePath(stage, index);
    try {
      await writeRowsToParquet(await this.db(), rows, partialPath, options);
      await fsyncFile(partialPath);
      renameSync(partialPath, finalPath);
    } catch (error) {
      rmSync(partialPath, { force: true });
      throw error;
    }
    const relative = this.relative(finalPath);
    if (stage === 'final') this.rowGroups?.set(index, { index, numRows: rows.length, path: relative });
    return relative;
  }

  async removeRowGroup(index: number, stage: Exclude<BatchStage, 'partial'> = 'final'): Promise<void> {
    await rm(this.batchFilePath(stage, index), { force: true });
    if (stage === 'final') this.rowGroups?.delete(index);
  }

  async writeProcessorOutput(processorName: string, rows: Rows, index?: number): Promise<string> {
    validateDatasetName(processorName);
    const processors = this.folder('processors');
    const target = index === undefined ? path.join(processors, `${processorName}.parquet`) : path.join(processors, processorName, batchFileName(index));
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
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
    const groups = new Map<number, CompletedRowGroup>();
    const writeOpts = options.columnOrder ? { columnOrder: options.columnOrder } : {};
    for (let start = 0, index = 0; start < rows.length || index === 0; start += options.bufferSize, index++) {
      const chunk = rows.slice(start, start + options.bufferSize);
      const target = this.batchFilePath('final', index);
      await writeRowsToParquet(await this.db(), chunk, target, writeOpts);
      written.push(this.relative(target));
      groups.set(index, { index, numRows: chunk.length, path: this.relative(target) });
      if (rows.length === 0) break;
    }
    this.rowGroups = groups;
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

  async writeTextFile(relativePath: string, text: string): Promise<string> {
    const file = this.insideDataset(relativePath);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
    return relativePath;
  }

  readTextFile(relativePath: string): Promise<string | undefined> {
    this.insideDataset(relativePath);
    return this.read().readText(relativePath);
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
    this.rowGroups = new Map();
  }

  // ---- reads ----------------------------------------------------------------------------------

  async listCompletedRowGroups(options: { refresh?: boolean } = {}): Promise<CompletedRowGroup[]> {
    if (this.rowGroups === undefined || options.refresh) {
      this.rowGroups = new Map((await this.read().completedRowGroups()).map((group) => [group.index, group]));
    }
    return [...this.rowGroups.values()].sort((a, b) => a.index - b.index);
  }

  recordRowGroup(group: CompletedRowGroup): void {
    this.rowGroups?.set(group.index, { ...group });
  }

  async datasetRowCount(): Promise<number> {
    return (await this.listCompletedRowGroups()).reduce((sum, group) => sum + group.numRows, 0);
  }

  readDataset(options: { withDroppedColumns?: boolean } = {}): Promise<Record<string, unknown>[]> {
    return this.read().readRows(options);
  }

  listProcessorNames(): Promise<string[]> {
    return this.read().processorNames();
  }

  readProcessorOutput(processorName: string): Promise<Record<string, unknown>[]> {
    return this.read().readProcessorOutput(processorName);
  }

  openDatasetRelation(): Promise<DatasetRelation> {
    return this.read().openView();
  }

  async getFilePaths(): Promise<DatasetFilePaths> {
    if (this.rowGroups === undefined) return this.read().filePaths();
    const names = [...this.rowGroups.values()].map((group) => group.path).sort();
    return this.read().filePaths(names);
  }

  // ---- metadata -------------------------------------------------------------------------------

  setMetadataDefaults(defaults: Readonly<Record<string, unknown>>): void {
    this.metadataDefaults = { ...this.metadataDefaults, ...defaults };
    this.lastProgress = undefined;
  }

  readMetadata(): Promise<DatasetMetadata | undefined> {
    return this.read().metadata();
  }

  /** Runs metadata writes one after another so concurrent updates never lose each other's fields. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.metadataQueue.then(task, task);
    this.metadataQueue = next.catch(() => undefined);
    return next;
  }

  private async writeMetadataNow(metadata: Readonly<DatasetMetadata>): Promise<DatasetMetadata> {
    mkdirSync(this.datasetLocation(), { recursive: true });
    const merged: DatasetMetadata = { ...this.metadataDefaults, ...metadata };
    this.lastProgress = undefined;
    await writeFileAtomic(path.join(this.datasetLocation(), ARTIFACT_LAYOUT.metadataFile), formatMetadataJson(merged));
    return merged;
  }

  writeMetadata(metadata: Readonly<DatasetMetadata>): Promise<DatasetMetadata> {
    return this.serialize(() => this.writeMetadataNow(metadata));
  }

  updateMetadata(patch: Readonly<DatasetMetadata>): Promise<DatasetMetadata> {
    return this.serialize(async () => this.writeMetadataNow({ ...((await this.readMetadata()) ?? {}), ...patch }));
  }

  /**
   * Writes the progress counters and file list. A write identical to the previous progress write, with
   * no other metadata write in between, is skipped (the end of a run checkpoints the same progress up
   * to three times; each write reads, parses and fsyncs the file).
   */
  async writeProgressMetadata(progress: DatasetProgress): Promise<DatasetMetadata> {
    const groups = progress.actualNumRecords === undefined || progress.totalNumBatches === undefined ? await this.listCompletedRowGroups() : [];
    const actual = progress.actualNumRecords ?? groups.reduce((sum, group) => sum + group.numRows, 0);
    const batches = progress.totalNumBatches ?? groups.length;
    const patch: DatasetMetadata = {
      target_num_records: progress.targetNumRecords,
      original_target_num_records: progress.originalTargetNumRecords ?? progress.targetNumRecords,
      actual_num_records: actual,
      total_num_batches: batches,
      num_completed_batches: batches,
      buffer_size: progress.bufferSize,
      dataset_name: this.datasetName,
      file_paths: await this.getFilePaths(),
    };
    const key = JSON.stringify([this.datasetLocation(), patch]);
    return this.serialize(async () => {
      if (this.lastProgress?.key === key) return structuredClone(this.lastProgress.metadata);
      const metadata = await this.writeMetadataNow({ ...((await this.readMetadata()) ?? {}), ...patch });
      this.lastProgress = { key, metadata: structuredClone(metadata) };
      return metadata;
    });
  }

  /**
   * Closes the folder's DuckDB instance now, keeping the run lock (a later read or write creates a new
   * instance): for a writer done with DuckDB that still has files to write before it closes.
   */
  async releaseDuckDB(): Promise<void> {
    await this.reader?.close();
  }

  async close(): Promise<void> {
    this.closes++;
    this.lock?.release();
    this.lock = undefined;
    await this.reader?.close();
  }
}

/** Parses `metadata.json` text; corrupt JSON or a non-object is an `ArtifactStorageError` (see `parseDatasetMetadata`). */
export function parseMetadataText(text: string, file: string): DatasetMetadata {
  return parseDatasetMetadata(text, file);
}
