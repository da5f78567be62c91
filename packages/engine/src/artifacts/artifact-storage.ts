import type { BatchStage } from './artifact-layout.js';
import type { DatasetFilePaths, DatasetMetadata, DatasetProgress } from './dataset-metadata.js';
import type { DatasetRelation } from './duckdb.js';
import type { WriteRowsToParquetOptions } from './write-rows-to-parquet.js';

/** How an existing dataset folder is treated (`RunConfig`/CLI `--resume`). */
export type ResumeMode = 'never' | 'always' | 'if_possible';

/** One row group found on disk in `parquet-files/`. */
export interface CompletedRowGroup {
  /** Row-group id parsed from `batch_NNNNN.parquet`. */
  index: number;
  /** Rows in the file (parquet footer). */
  numRows: number;
  /** Path relative to the dataset directory. */
  path: string;
}

/** What sits at `<artifact root>/<configured dataset name>` before a run decides where to write. */
export interface ExistingDatasetProbe {
  /** `absent`: no folder; `empty`: folder without entries; `present`: something is there. */
  state: 'absent' | 'empty' | 'present';
  /** Raw `metadata.json` text, when the file exists. */
  metadataText?: string;
  /** Raw `builder_config.json` text, when the file exists. */
  builderConfigText?: string;
}

export type { DatasetRelation } from './duckdb.js';

/** Options of `writeRowGroup`. */
export interface WriteRowGroupOptions extends WriteRowsToParquetOptions {
  /** `final` (default) or `dropped-columns`. */
  stage?: Exclude<BatchStage, 'partial'>;
}

/** Options of `resolveDatasetDirectory`. */
export interface ResolveDatasetDirectoryOptions {
  /** Keep the configured folder (resume) instead of claiming a fresh one. */
  reuse: boolean;
  /** With `reuse`: an absent or empty folder is an error. */
  required?: boolean;
  /** Hold the run lock (one writer per folder) until `close()`; a second writer gets `DatasetLockedError`. */
  lock?: boolean;
}

/**
 * The one interface all artifact writes go through (and the reads a run needs). `LocalArtifactStorage`
 * implements it on the local file system; a distributed engine implements it on shared storage (object
 * store + conditional puts for the lock). Paths in results are relative to the dataset directory (POSIX
 * separators), so callers never build file paths themselves.
 *
 * Contract an implementation keeps:
 * - a fresh dataset folder is claimed exclusively (two runs never share one, even started together);
 * - `writeRowGroup(i)` is atomic and idempotent per index: readers see no file or a complete one, and
 *   writing index `i` twice (twice in a row or by two workers at once) leaves exactly one file for it;
 * - progress (`listCompletedRowGroups`, `writeProgressMetadata`) is kept incrementally from the writes:
 *   footers are read once, when an existing folder is first listed.
 */
export interface ArtifactStorage {
  /** The configured dataset name (also `dataset_name` in metadata). */
  readonly datasetName: string;
  /** Folder name actually used (the configured one or a timestamped sibling); resolves on first need. */
  resolvedDatasetName(): string;
  /** Human-readable location of the dataset directory (absolute path or URI), for logs and results. */
  datasetLocation(): string;
  /** Location of the final parquet folder (what `create` returns). */
  finalDatasetLocation(): string;

  /** Looks at the configured dataset folder without resolving the directory or writing anything. */
  probeExistingDataset(): Promise<ExistingDatasetProbe>;
  /**
   * Fixes the directory: `reuse` keeps the configured name (error when absent and `required`); otherwise the
   * configured folder is claimed when absent or empty, else a timestamped sibling (with a `_2`, `_3`, …
   * suffix when another run took that name in the same second). Idempotent after the first call.
   */
  resolveDatasetDirectory(options: ResolveDatasetDirectoryOptions): string;

  /** Writes `builder_config.json` (`{"data_designer": config, "library_version": version}`, indent 2). */
  writeBuilderConfig(config: unknown, libraryVersion: string): Promise<string>;

  /**
   * Writes one row group atomically (unique temp file, fsync, rename into place) and returns its relative
   * path, or `null` when `rows` is empty (nothing is written; the row group counts as not done). Idempotent
   * per `(index, stage)`: a second write replaces the first, never adds a file.
   */
  writeRowGroup(index: number, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options?: WriteRowGroupOptions): Promise<string | null>;
  /** Writes a processor output: `processors-files/<name>/batch_NNNNN.parquet`, or `<name>.parquet` without index. */
  writeProcessorOutput(processorName: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, index?: number): Promise<string>;
  /** Replaces the whole final dataset (after-generation processors): chunks of `bufferSize`, at least one file. */
  replaceDataset(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options: { bufferSize: number; columnOrder?: readonly string[] }): Promise<string[]>;
  /** Saves a media file under `images/<column>/<uuid>.<ext>` and returns that relative path. */
  writeMediaFile(columnName: string, data: Uint8Array, extension: string): Promise<string>;
  /** Writes a text file of the dataset directory atomically (`model_usage.json`, `analysis/profile.json`, ledgers). */
  writeTextFile(relativePath: string, text: string): Promise<string>;
  /** Reads a text file of the dataset directory; `undefined` when absent. */
  readTextFile(relativePath: string): Promise<string | undefined>;
  /** Removes one row-group file (no error when absent). */
  removeRowGroup(index: number, stage?: Exclude<BatchStage, 'partial'>): Promise<void>;
  /** Appends one line to a text file in the dataset directory (scheduler events). */
  appendLine(fileName: string, line: string): Promise<void>;
  /** Removes in-flight partial files left by an interrupted run. */
  clearPartialResults(): Promise<void>;
  /** Removes every generated file (final, partial, dropped columns) but keeps the directory. */
  clearGeneratedData(): Promise<void>;

  /**
   * Row groups on disk, sorted by id; the source of truth for progress. The first call on an existing
   * folder reads every footer (unreadable files are skipped); later calls answer from what was written.
   * `refresh` rereads the folder (other writers).
   */
  listCompletedRowGroups(options?: { refresh?: boolean }): Promise<CompletedRowGroup[]>;
  /**
   * Counts a row group another writer finished (a distributed worker's job result) without rereading
   * the folder, so a coordinator's progress stays O(1) per completion. No effect before the first listing.
   */
  recordRowGroup(group: CompletedRowGroup): void;
  /** Sum of row counts of the completed row groups. */
  datasetRowCount(): Promise<number>;
  /** Reads the whole dataset into memory (small data); `withDroppedColumns` concatenates the dropped columns. */
  readDataset(options?: { withDroppedColumns?: boolean }): Promise<Record<string, unknown>[]>;
  /** Reads a processor's output (folder or single file). */
  readProcessorOutput(processorName: string): Promise<Record<string, unknown>[]>;
  /** Processor names found under `processors-files/`, sorted. */
  listProcessorNames(): Promise<string[]>;
  /** Opens a DuckDB view over `parquet-files/*.parquet` for large data. */
  openDatasetRelation(): Promise<DatasetRelation>;
  /** `file_paths` for metadata. */
  getFilePaths(): Promise<DatasetFilePaths>;

  /** Fields merged into every metadata write (fingerprint, `preserve_dropped_columns`). */
  setMetadataDefaults(defaults: Readonly<Record<string, unknown>>): void;
  /** Reads `metadata.json`; `undefined` when absent; throws `ArtifactStorageError` when corrupt. */
  readMetadata(): Promise<DatasetMetadata | undefined>;
  /** Replaces `metadata.json` (defaults merged underneath), atomically. */
  writeMetadata(metadata: Readonly<DatasetMetadata>): Promise<DatasetMetadata>;
  /** Merges `patch` into the existing metadata (or an empty one) and writes it atomically. */
  updateMetadata(patch: Readonly<DatasetMetadata>): Promise<DatasetMetadata>;
  /** Writes the progress fields of §6.2 (`file_paths`, `dataset_name`, counters) as a full metadata write. */
  writeProgressMetadata(progress: DatasetProgress): Promise<DatasetMetadata>;

  /** Releases DuckDB resources and the run lock. */
  close(): Promise<void>;
}
