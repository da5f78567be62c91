import { openDatasetReader, type DatasetMetadata, type Row } from '@dd/engine';

/** What `DataDesigner.create` returns: the dataset on disk and how to read it. */
export class DatasetCreationResults {
  /** Folder of the dataset (`<artifact_path>/<dataset_name>[_timestamp]`). */
  readonly datasetPath: string;
  /** Contents of `metadata.json` at the end of the run. */
  readonly metadata: DatasetMetadata;

  constructor(datasetPath: string, metadata: DatasetMetadata) {
    this.datasetPath = datasetPath;
    this.metadata = metadata;
  }

  /** All records of the dataset (dropped columns excluded). Loads everything: use for small data. */
  async loadDataset(): Promise<Row[]> {
    const reader = await openDatasetReader(this.datasetPath);
    try {
      return await reader.readAll();
    } finally {
      await reader.close();
    }
  }

  /** Number of records, read from the parquet footers (constant memory). */
  async countRecords(): Promise<number> {
    const reader = await openDatasetReader(this.datasetPath);
    try {
      return await reader.count();
    } finally {
      await reader.close();
    }
  }
}
