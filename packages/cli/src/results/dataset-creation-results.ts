import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidFileFormatError, type AnyColumnConfig, type DataDesignerConfigBuilder, type DataDesignerConfig, definedOrThrow } from '@dd/config';
import {
  ANALYSIS_LAYOUT,
  DatasetFolder,
  fromDuckDBRow,
  openDatasetReader,
  pushDatasetToHub,
  readParquetSql,
  readModelUsageFile,
  type DatasetMetadata,
  type DatasetProfile,
  type DatasetRelation,
  type ModelUsageFile,
  type PushDatasetToHubOptions,
  type Row,
} from '@dd/engine';
import { renderSampleRecord, SampleRecordDisplayError, type DisplaySampleRecordOptions } from './render-sample-record.js';
import { seededBuilder } from './preview-results.js';
import { sampleIndices } from './sample-indices.js';
import { exportFormatOf, exportRelation, type ExportFormat } from './export-relation.js';

export { EXPORT_FORMATS, type ExportFormat } from './export-relation.js';

/** Options of `pushToHub`: token, visibility, tags, license, endpoint, commit message, description, progress log. */
export type PushToHubOptions = Omit<PushDatasetToHubOptions, 'env'>;

/** Options of `sampleRecords`. */
export interface SampleRecordsOptions {
  /** Seed of the sample; the same seed on the same dataset gives the same records. @default random */
  seed?: number;
}

/**
 * What `DataDesigner.create` returns: the dataset on disk and how to read it.
 *
 * Large data: use `queryDataset(sql)` (DuckDB over the parquet files, view `dataset`), which
 * returns only what the query selects; `loadDatasetRelation()` gives the raw DuckDB connection
 * for streaming. `loadDataset()` loads every record and is meant for small data.
 */
export class DatasetCreationResults {
  /** Folder of the dataset (`<artifact_path>/<dataset_name>[_timestamp]`). */
  readonly datasetPath: string;
  /** Contents of `metadata.json` at the end of the run. */
  readonly metadata: DatasetMetadata;
  private cursor = 0;
  private columnsCache: AnyColumnConfig[] | undefined;

  constructor(datasetPath: string, metadata: DatasetMetadata) {
    this.datasetPath = path.resolve(datasetPath);
    this.metadata = metadata;
  }

  /** Results of an existing dataset folder (reads its `metadata.json` through the artifact schema). */
  static async open(datasetPath: string): Promise<DatasetCreationResults> {
    const folder = DatasetFolder.open(datasetPath);
    try {
      const metadata = await folder.metadata();
      if (metadata === undefined) {
        throw new InvalidFileFormatError(`${path.join(folder.path, 'metadata.json')} is missing.`, {
          fix: 'Open a dataset folder written by create (it holds metadata.json once a row group completed).',
        });
      }
      return new DatasetCreationResults(datasetPath, metadata);
    } finally {
      await folder.close();
    }
  }

  private folder(): DatasetFolder {
    return DatasetFolder.open(this.datasetPath);
  }

  /**
   * A new builder seeded with this dataset (loaded into memory as an in-memory seed), keeping the
   * run's model and tool configs (from `builder_config.json`); `columns` keeps only those columns.
   * Meant for interactive chaining; `DataDesigner.composeWorkflow` chains stages without loading.
   */
  async toConfigBuilder(columns?: readonly string[]): Promise<DataDesignerConfigBuilder> {
    const records = await this.loadDataset();
    let config: Pick<DataDesignerConfig, 'model_configs' | 'tool_configs'> | undefined;
    try {
      const text = await readFile(path.join(this.datasetPath, 'builder_config.json'), 'utf8');
      config = (JSON.parse(text) as { data_designer?: Pick<DataDesignerConfig, 'model_configs' | 'tool_configs'> }).data_designer;
    } catch {
      config = undefined;
    }
    return seededBuilder(records, columns, config);
  }

  /** Runs `task` on an open DuckDB relation (view `dataset`) and always closes it. */
  private async withRelation<T>(task: (relation: DatasetRelation) => Promise<T>): Promise<T> {
    const relation = await this.loadDatasetRelation();
    try {
      return await task(relation);
    } finally {
      relation.close();
    }
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

  /**
   * Opens a DuckDB view `dataset` over the parquet files (nothing loaded). The caller must call
   * `close()`; prefer `queryDataset` unless you need to stream with the connection yourself.
   */
  async loadDatasetRelation(): Promise<DatasetRelation> {
    return this.folder().openView();
  }

  /** Runs SQL over the view `dataset` (e.g. `SELECT topic, count(*) FROM dataset GROUP BY 1`) and returns the rows. */
  async queryDataset(sql: string): Promise<Row[]> {
    return this.withRelation(async ({ connection }) => (await connection.runAndReadAll(sql)).getRowObjectsJS().map(fromDuckDBRow));
  }

  /** Records at the given 0-based positions (file order), fetched file by file without loading the rest. */
  private async recordsAt(indices: readonly number[]): Promise<Row[]> {
    if (indices.length === 0) return [];
    const folder = this.folder();
    let groups: Awaited<ReturnType<typeof folder.completedRowGroups>>;
    try {
      groups = await folder.completedRowGroups();
    } finally {
      await folder.close();
    }
    const byFile = new Map<string, number[]>();
    const located: Array<{ file: string; row: number }> = [];
    for (const index of indices) {
      let offset = 0;
      const group = groups.find((candidate) => {
        if (index < offset + candidate.numRows) return true;
        offset += candidate.numRows;
        return false;
      });
      if (!group) throw new SampleRecordDisplayError(`Record index ${index} is out of range.`);
      const file = path.join(this.datasetPath, group.path);
      located.push({ file, row: index - offset });
      byFile.set(file, [...(byFile.get(file) ?? []), index - offset]);
    }
    const found = new Map<string, Row>();
    await this.withRelation(async ({ connection }) => {
      for (const [file, rows] of byFile) {
        const reader = await connection.runAndReadAll(
          `SELECT * FROM ${readParquetSql([file], { fileRowNumber: true })} WHERE file_row_number IN (${rows.join(', ')})`,
        );
        for (const raw of reader.getRowObjectsJS()) {
          const { file_row_number: rowNumber, ...record } = fromDuckDBRow(raw);
          found.set(`${file}#${String(rowNumber)}`, record);
        }
      }
    });
    return located.map(({ file, row }) => found.get(`${file}#${row}`) ?? {});
  }

  /** `n` distinct random records (fewer when the dataset is smaller), read by position without a full load. */
  async sampleRecords(n: number, options: SampleRecordsOptions = {}): Promise<Row[]> {
    return this.recordsAt(sampleIndices(await this.countRecords(), n, options.seed));
  }

  /** The record at `index` (0-based, file order). */
  async recordAt(index: number): Promise<Row> {
    const count = await this.countRecords();
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new SampleRecordDisplayError(`Index ${index} is out of bounds for a dataset of ${count} records.`);
    }
    return definedOrThrow((await this.recordsAt([index]))[0], `record ${index}`);
  }

  /** Column configs from `builder_config.json` (compiled: seed-dataset columns included); [] when unreadable. */
  private async columnConfigs(): Promise<AnyColumnConfig[]> {
    if (this.columnsCache) return this.columnsCache;
    const folder = this.folder();
    try {
      const config = (await folder.builderConfig()) as { columns?: AnyColumnConfig[] } | undefined;
      this.columnsCache = Array.isArray(config?.columns) ? config.columns : [];
    } catch {
      this.columnsCache = [];
    } finally {
      await folder.close();
    }
    return this.columnsCache;
  }

  /**
   * Prints one record grouped by column kind (interface-spec §3.4) and returns the text. Without
   * `index`, an internal cursor shows record 0, 1, 2, … and wraps around.
   */
  async displaySampleRecord(index?: number, options: DisplaySampleRecordOptions = {}): Promise<string> {
    const count = await this.countRecords();
    if (count === 0) throw new SampleRecordDisplayError('The dataset has no records to display.');
    const position = index ?? this.cursor;
    const record = await this.recordAt(position);
    if (index === undefined) this.cursor = (position + 1) % count;
    const processorOutputs: Record<string, Row[]> = {};
    if (options.processorsToDisplay) {
      const reader = await openDatasetReader(this.datasetPath);
      try {
        for (const name of options.processorsToDisplay) processorOutputs[name] = await reader.readProcessorOutput(name);
      } finally {
        await reader.close();
      }
    }
    const text = renderSampleRecord({ record, index: position, columns: await this.columnConfigs(), processorOutputs, numRecords: count }, options);
    (options.stream ?? process.stdout).write(text);
    return text;
  }

  /**
   * Writes the whole dataset to ONE file with DuckDB `COPY` (streamed, not loaded). Format: the
   * argument, else the file's extension; CSV turns nested values into JSON text. Returns `filePath`.
   */
  async exportTo(filePath: string, format?: ExportFormat): Promise<string> {
    const chosen = exportFormatOf(filePath, format);
    await this.withRelation((relation) => exportRelation(relation, filePath, chosen));
    return filePath;
  }

  /** A processor's side output (e.g. schema_transform); unknown name → artifact-storage error. */
  async loadProcessorDataset(name: string): Promise<Row[]> {
    const reader = await openDatasetReader(this.datasetPath);
    try {
      return await reader.readProcessorOutput(name);
    } finally {
      await reader.close();
    }
  }

  /** Cumulative usage per model alias from `model_usage.json` (all runs, resumes included); `{}` when absent. */
  async modelUsage(): Promise<ModelUsageFile> {
    return (await readModelUsageFile(this.datasetPath)) ?? {};
  }

  /**
   * Uploads the dataset to a Hugging Face dataset repo (created when missing; `private` applies to a
   * new repo) in one commit: `data/*.parquet`, `images/`, one folder per processor output,
   * `builder_config.json`, `metadata.json` with repo paths, and a dataset card `README.md` with the
   * description. The token is the option, else `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN` or the `hf auth
   * login` file; the endpoint the option, else `HF_ENDPOINT`. Returns the dataset's URL. The local
   * folder is only read; failures are `HuggingFaceHubClientUploadError`s that never show the token.
   */
  async pushToHub(repoId: string, description: string, options?: PushToHubOptions): Promise<string>;
  async pushToHub(repoId: string, options?: PushToHubOptions): Promise<string>;
  async pushToHub(repoId: string, descriptionOrOptions?: string | PushToHubOptions, options: PushToHubOptions = {}): Promise<string> {
    const merged = typeof descriptionOrOptions === 'string' ? { ...options, description: descriptionOrOptions } : { ...descriptionOrOptions };
    return (await pushDatasetToHub(this.datasetPath, repoId, merged)).url;
  }

  /** The profile in `<dataset>/analysis/profile.json`, or null when the dataset was not profiled. */
  async loadAnalysis(): Promise<DatasetProfile | null> {
    let text: string;
    try {
      text = await readFile(path.join(this.datasetPath, ANALYSIS_LAYOUT.folder, ANALYSIS_LAYOUT.profileFile), 'utf8');
    } catch {
      return null;
    }
    return JSON.parse(text) as DatasetProfile;
  }
}
