/** Config identity stored in `metadata.json` (computed by the config package's fingerprint). */
export interface ConfigFingerprint {
  /** `"sha256:<64 hex>"`. */
  config_hash: string;
  /** `"sha256"`. */
  config_hash_algo: string;
  /** Canonicalization version (2 in the original). */
  config_hash_version: number;
}

/** `file_paths` in `metadata.json`: dataset-relative paths of the final and processor files. */
export interface DatasetFilePaths {
  /** `parquet-files/batch_00000.parquet`, … sorted by name. */
  'parquet-files': string[];
  /** Processor name → its files (present only when some processor wrote files). */
  'processor-files'?: Record<string, string[]>;
}

/**
 * Contents of `metadata.json` (engine-spec §6.2). Every field is optional when read back; other keys
 * (model usage, column statistics, …) are allowed and kept by `updateMetadata`.
 */
export interface DatasetMetadata extends Partial<ConfigFingerprint> {
  /** Records requested by the latest run. */
  target_num_records?: number;
  /** Records requested by the first run (fixes the sizes of the original row groups). */
  original_target_num_records?: number;
  /** Records on disk. */
  actual_num_records?: number;
  /** Row-group files on disk. */
  total_num_batches?: number;
  /** Same value as `total_num_batches`. */
  num_completed_batches?: number;
  /** Rows per row group. */
  buffer_size?: number;
  /** The configured dataset name (not the timestamped folder name). */
  dataset_name?: string;
  /** Relative paths of the dataset files. */
  file_paths?: DatasetFilePaths;
  /** Whether dropped columns are kept in `dropped-columns-parquet-files/`. */
  preserve_dropped_columns?: boolean;
  /** After-generation processors: `started` before they run, `complete` after. */
  post_generation_state?: 'started' | 'complete';
  /** True once after-generation processors finished. */
  post_generation_processed?: boolean;
  /** Per-column statistics merged in after profiling. */
  column_statistics?: unknown[];
  /** Extension fields (usage, …). */
  [key: string]: unknown;
}

/** Counters the builder writes into `metadata.json` after checkpoints and at the end of a run. */
export interface DatasetProgress {
  /** Records requested by this run. */
  targetNumRecords: number;
  /** Records requested by the first run (defaults to `targetNumRecords`). */
  originalTargetNumRecords?: number;
  /** Rows per row group. */
  bufferSize: number;
  /** Records on disk (defaults to the count read from the parquet footers). */
  actualNumRecords?: number;
  /** Row-group files on disk (defaults to the number of files). */
  totalNumBatches?: number;
}
