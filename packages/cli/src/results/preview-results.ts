import { DataDesignerConfigBuilder, InvalidConfigError, type AnyColumnConfig, type DataDesignerConfig, definedOrThrow } from '@dd/config';
import type { DatasetProfile, ModelUsageFile, Row, TaskTrace } from '@dd/engine';
import { renderSampleRecord, SampleRecordDisplayError, type DisplaySampleRecordOptions } from './render-sample-record.js';

/** Extra details of a preview (all optional). */
export interface PreviewResultsDetails {
  /** Usage per model alias of this preview (same shape as `model_usage.json`). */
  modelUsage?: ModelUsageFile;
  /** Compiled column configs (seed-dataset columns included), used to group columns on display. */
  columns?: readonly AnyColumnConfig[];
  /** The config the preview ran (its model and tool configs seed `toConfigBuilder`). */
  config?: DataDesignerConfig;
  /** Profile of the preview records (`null` when not profiled). */
  analysis?: DatasetProfile | null;
  /** Per-call traces (run config `async_trace`). */
  taskTraces?: TaskTrace[];
}

/** What `DataDesigner.preview` returns: records kept in memory, nothing written. */
export class PreviewResults {
  /** The generated records, dropped columns removed. */
  readonly records: Row[];
  /** Side outputs of processors (e.g. schema_transform), by processor name. */
  readonly processorOutputs: Record<string, Row[]>;
  /** Usage per model alias of this preview, in memory (`{}` when no column uses a model). */
  readonly modelUsage: ModelUsageFile;
  /** Column configs used to group columns on display. */
  readonly columns: readonly AnyColumnConfig[];
  /** Profile of the preview records, as `create` writes for a dataset (`null` when profiling was off). */
  readonly analysis: DatasetProfile | null;
  /** Per-call traces when the run config sets `async_trace`, else null (the original's `task_traces`). */
  readonly taskTraces: TaskTrace[] | null;
  private readonly config: DataDesignerConfig | undefined;
  private cursor = 0;

  constructor(records: Row[], processorOutputs: Record<string, Row[]> = {}, details: PreviewResultsDetails = {}) {
    this.records = records;
    this.processorOutputs = processorOutputs;
    this.modelUsage = details.modelUsage ?? {};
    this.columns = details.columns ?? [];
    this.config = details.config;
    this.analysis = details.analysis ?? null;
    this.taskTraces = details.taskTraces && details.taskTraces.length > 0 ? details.taskTraces : null;
  }

  /**
   * A new builder seeded with these records (an in-memory seed dataset), keeping the preview's
   * model and tool configs; `columns` keeps only those columns. For chaining a next stage.
   */
  toConfigBuilder(columns?: readonly string[]): DataDesignerConfigBuilder {
    return seededBuilder(this.records, columns, this.config);
  }

  /** Same as `records` (the original's name). */
  get dataset(): Row[] {
    return this.records;
  }

  /** Same as `processorOutputs` (the original's name). */
  get processorArtifacts(): Record<string, Row[]> {
    return this.processorOutputs;
  }

  /**
   * Prints one record grouped by column kind (interface-spec §3.4) and returns the text. Without
   * `index`, an internal cursor shows record 0, 1, 2, … and wraps around.
   */
  displaySampleRecord(index?: number, options: DisplaySampleRecordOptions = {}): string {
    const count = this.records.length;
    if (count === 0) throw new SampleRecordDisplayError('The preview has no records to display.');
    const position = index ?? this.cursor;
    if (!Number.isInteger(position) || position < 0 || position >= count) {
      throw new SampleRecordDisplayError(`Index ${position} is out of bounds for a preview of ${count} records.`);
    }
    if (index === undefined) this.cursor = (position + 1) % count;
    const text = renderSampleRecord(
      {
        record: definedOrThrow(this.records[position], `preview record ${position}`),
        index: position,
        columns: this.columns,
        processorOutputs: this.processorOutputs,
        numRecords: count,
      },
      options,
    );
    (options.stream ?? process.stdout).write(text);
    return text;
  }
}

/** A builder with `records` (optionally a subset of their columns) as its in-memory seed dataset. */
export function seededBuilder(
  records: readonly Row[],
  columns: readonly string[] | undefined,
  config: Pick<DataDesignerConfig, 'model_configs' | 'tool_configs'> | undefined,
): DataDesignerConfigBuilder {
  if (records.length === 0) {
    throw new InvalidConfigError('Cannot seed a config builder from an empty dataset.', { fix: 'Generate at least one record first.' });
  }
  let rows: Row[] = records.map((record) => ({ ...record }));
  if (columns) {
    const present = new Set(records.flatMap((record) => Object.keys(record)));
    const unknown = columns.filter((name) => !present.has(name));
    if (unknown.length > 0) {
      throw new InvalidConfigError(
        `toConfigBuilder: column(s) ${unknown.map((name) => `'${name}'`).join(', ')} are not in the dataset (columns: ${[...present].join(', ')}).`,
        {
          fix: 'Pass names of columns the dataset has, or no list to keep them all.',
        },
      );
    }
    rows = records.map((record) => Object.fromEntries(columns.map((name) => [name, record[name] ?? null])));
  }
  return new DataDesignerConfigBuilder({ modelConfigs: config?.model_configs ?? null, toolConfigs: config?.tool_configs ?? null }).withSeedDataset(rows);
}
