import { z } from 'zod';
import { ArtifactStorageError } from './artifact-storage-error.js';

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

const count = z.number().int().nonnegative();
/** A field of an older or hand-edited file that does not fit is read as absent instead of failing the read. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * Schema of `metadata.json` as read back: lenient (every field optional, a wrong-typed field counts as
 * absent, unknown keys kept) so files written by older runs and by the Python original still load.
 */
export const DatasetMetadataSchema = z.looseObject({
  config_hash: lenient(z.string()),
  config_hash_algo: lenient(z.string()),
  config_hash_version: lenient(z.number()),
  target_num_records: lenient(count),
  original_target_num_records: lenient(count),
  actual_num_records: lenient(count),
  total_num_batches: lenient(count),
  num_completed_batches: lenient(count),
  buffer_size: lenient(z.number().int().positive()),
  dataset_name: lenient(z.string()),
  file_paths: lenient(
    z.looseObject({
      'parquet-files': z.array(z.string()).catch([]),
      'processor-files': lenient(z.record(z.string(), z.array(z.string()))),
    }),
  ),
  preserve_dropped_columns: lenient(z.boolean()),
  post_generation_state: lenient(z.enum(['started', 'complete'])),
  post_generation_processed: lenient(z.boolean()),
  column_statistics: lenient(z.array(z.unknown())),
});

const CORRUPT_FIX = 'Start a fresh run (resume "never"), or restore a valid metadata.json.';

/**
 * Parses `metadata.json` text (`source` names the file in errors). Corrupt JSON or a non-object is an
 * `ArtifactStorageError`; fields that do not fit the schema are dropped (see `DatasetMetadataSchema`).
 */
export function parseDatasetMetadata(text: string, source: string): DatasetMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ArtifactStorageError(`${source} is corrupt or partially written.`, { cause, fix: CORRUPT_FIX });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ArtifactStorageError(`${source} does not hold a JSON object.`, { fix: CORRUPT_FIX });
  }
  const metadata: DatasetMetadata = DatasetMetadataSchema.parse(parsed);
  for (const key of Object.keys(metadata)) if (metadata[key] === undefined) delete metadata[key];
  return metadata;
}
