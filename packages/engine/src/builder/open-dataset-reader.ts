import type { Row } from '../columns/index.js';
import { DatasetFolder } from '../artifacts/index.js';

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
  const folder = DatasetFolder.open(datasetPath);
  return {
    readAll: () => folder.readRows(),
    count: async () => (await folder.completedRowGroups()).reduce((sum, group) => sum + group.numRows, 0),
    readProcessorOutput: (name) => folder.readProcessorOutput(name),
    close: () => folder.close(),
  };
}
