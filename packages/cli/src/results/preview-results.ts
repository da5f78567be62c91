import type { ColumnConfig } from '@dd/config';
import type { ModelUsageFile, Row } from '@dd/engine';
import { renderSampleRecord, SampleRecordDisplayError, type DisplaySampleRecordOptions } from './render-sample-record.js';

/** Extra details of a preview (all optional). */
export interface PreviewResultsDetails {
  /** Usage per model alias of this preview (same shape as `model_usage.json`). */
  modelUsage?: ModelUsageFile;
  /** Compiled column configs (seed-dataset columns included), used to group columns on display. */
  columns?: readonly ColumnConfig[];
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
  readonly columns: readonly ColumnConfig[];
  private cursor = 0;

  constructor(records: Row[], processorOutputs: Record<string, Row[]> = {}, details: PreviewResultsDetails = {}) {
    this.records = records;
    this.processorOutputs = processorOutputs;
    this.modelUsage = details.modelUsage ?? {};
    this.columns = details.columns ?? [];
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
      { record: this.records[position], index: position, columns: this.columns, processorOutputs: this.processorOutputs, numRecords: count },
      options,
    );
    (options.stream ?? process.stdout).write(text);
    return text;
  }
}
