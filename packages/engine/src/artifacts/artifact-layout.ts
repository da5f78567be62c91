import { ArtifactStorageError } from './artifact-storage-error.js';

/** File and folder names inside a dataset directory (engine-spec §6.1); identical to the Python engine's. */
export const ARTIFACT_LAYOUT = {
  /** Default dataset folder name for `create`. */
  defaultDatasetName: 'dataset',
  /** Dataset folder name used by `preview` (only schema-transform outputs land there). */
  previewDatasetName: 'preview-dataset',
  /** `{"data_designer": <compiled config>, "library_version": …}`. */
  builderConfigFile: 'builder_config.json',
  /** Progress, fingerprint and statistics (§6.2). */
  metadataFile: 'metadata.json',
  /** Final row-group files. */
  finalFolder: 'parquet-files',
  /** Row groups being written; moved into `finalFolder` when complete. */
  partialFolder: 'tmp-partial-parquet-files',
  /** Columns removed by drop processors, one file per row group. */
  droppedColumnsFolder: 'dropped-columns-parquet-files',
  /** Schema-transform processor outputs: `<name>/batch_NNNNN.parquet` or `<name>.parquet`. */
  processorsFolder: 'processors-files',
  /** Generated images: `images/<column>/<uuid>.<ext>`. */
  imagesFolder: 'images',
  /** Optional scheduler event log (JSON lines). */
  schedulerEventsFile: 'scheduler_events.jsonl',
  /** Cumulative model usage of every run of the dataset. */
  modelUsageFile: 'model_usage.json',
  /** Run lock (owner pid + host) held while a run writes; removed when it ends. Not in the original. */
  runLockFile: '.data_designer.lock',
} as const;

/** Which batch folder a row-group file belongs to. */
export type BatchStage = 'final' | 'partial' | 'dropped-columns';

const INVALID_NAME_CHARACTERS = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/** `batch_00042.parquet`: the row-group id zero-padded to five digits (more digits when larger). */
export function batchFileName(index: number): string {
  if (!Number.isInteger(index) || index < 0) {
    throw new ArtifactStorageError(`Batch number must be a non-negative integer, got ${index}.`);
  }
  return `batch_${String(index).padStart(5, '0')}.parquet`;
}

/** Row-group id of a `batch_*.parquet` name, or `undefined` when the name is not a batch file. */
export function parseBatchFileName(fileName: string): number | undefined {
  const match = /^batch_(\d+)\.parquet$/.exec(fileName);
  return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 10);
}

/** Folder name of the media files of a column, as the original cleans it: `/`, `\` and `..` become `_` (no path traversal). The one cleaner. */
export function mediaSubfolderName(columnName: string): string {
  return columnName.replaceAll('/', '_').replaceAll('\\', '_').replaceAll('..', '_');
}

/** Rejects dataset folder names that are empty or contain `< > : " / \ | ? *`. */
export function validateDatasetName(name: string): void {
  if (name.length === 0) {
    throw new ArtifactStorageError('Dataset name must be a non-empty string.', { fix: 'Pass a dataset name such as "dataset".' });
  }
  const bad = INVALID_NAME_CHARACTERS.filter((character) => name.includes(character));
  if (bad.length > 0) {
    throw new ArtifactStorageError(`Dataset name '${name}' contains invalid characters: ${bad.join(' ')}.`, {
      fix: 'Use a folder name without < > : " / \\ | ? *.',
    });
  }
}

/** `<name>_MM-DD-YYYY_HHMMSS` in local time: the sibling folder used when `<name>` already holds a dataset. */
export function timestampedDatasetName(name: string, now: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const date = `${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${now.getFullYear()}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${name}_${date}_${time}`;
}
