import path from 'node:path';
import type { Row } from '../columns/index.js';
import { LocalArtifactStorage } from '../artifacts/index.js';

/** Read access to a finished (or partly finished) dataset folder. */
export interface DatasetReader {
  /** Every record (dropped columns excluded): loads everything, for small data. */
  readAll(): Promise<Row[]>;
  /** Record count from the parquet footers (constant memory). */
  count(): Promise<number>;
  /** A processor's side output. */
  readProcessorOutput(name: string): Promise<Row[]>;
  /** Releases DuckDB resources. */
  close(): Promise<void>;
}

/** Opens the dataset folder written by `createDataset`. */
export async function openDatasetReader(datasetPath: string): Promise<DatasetReader> {
  const absolute = path.resolve(datasetPath);
  const storage = new LocalArtifactStorage({
    artifactPath: path.dirname(absolute),
    datasetName: path.basename(absolute),
    resume: 'always',
  });
  storage.resolveDatasetDirectory({ reuse: true, required: true });
  return {
    readAll: () => storage.readDataset(),
    count: () => storage.datasetRowCount(),
    readProcessorOutput: (name) => storage.readProcessorOutput(name),
    close: () => storage.close(),
  };
}
