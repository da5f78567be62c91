import type { ColumnProgress } from '../events/index.js';
import type { RunSummary, TaskFailure } from './run-summary.js';

/**
 * The counters of one scheduler run: per-generator done/failed/skipped cells, records written, dropped
 * rows, failed tasks, retries, the first failure and the checkpointed row groups. The scheduler reports
 * into it; `summary()` and `columns()` read it for events, results and errors.
 */
export class RunStatistics {
  /** Records requested (sum of the row group sizes). */
  readonly numRecords: number;
  private readonly names: readonly string[];
  private readonly done: Float64Array;
  private readonly failed: Float64Array;
  private readonly skipped: Float64Array;
  private readonly nodeByName: Map<string, number>;
  recordsWritten = 0;
  droppedRows = 0;
  failedTasks = 0;
  retries = 0;
  firstError: TaskFailure | null = null;
  private readonly completed: number[] = [];
  private readonly partial: number[] = [];

  /** One entry per generator node, in node order. */
  constructor(generatorNames: readonly string[], numRecords: number) {
    this.names = generatorNames;
    this.numRecords = numRecords;
    this.done = new Float64Array(generatorNames.length);
    this.failed = new Float64Array(generatorNames.length);
    this.skipped = new Float64Array(generatorNames.length);
    this.nodeByName = new Map(generatorNames.map((name, index) => [name, index]));
  }

  /** `cells` cells (or batch rows) of `node` finished. */
  cellsDone(node: number, cells = 1): void {
    this.done[node] = (this.done[node] ?? 0) + cells;
  }

  /** `cells` cells of `node` failed for good. */
  cellsFailed(node: number, cells = 1): void {
    this.failed[node] = (this.failed[node] ?? 0) + cells;
  }

  /** `cells` cells of the generator named `generator` were skipped (`skip.when` or propagation). */
  cellsSkipped(generator: string, cells = 1): void {
    const node = this.nodeByName.get(generator);
    if (node !== undefined) this.skipped[node] = (this.skipped[node] ?? 0) + cells;
  }

  /** A task failed for good; the first failure is kept for messages. */
  taskFailed(failure: TaskFailure): void {
    this.failedTasks++;
    this.firstError ??= failure;
  }

  /** A row group was handed to the checkpoint with `records` rows. */
  rowGroupWritten(index: number, records: number, partial: boolean): void {
    this.recordsWritten += records;
    this.completed.push(index);
    if (partial) this.partial.push(index);
  }

  /** Per-generator progress, in node order. */
  columns(): ColumnProgress[] {
    return this.names.map((name, node) => ({
      name,
      done: this.done[node] ?? 0,
      total: this.numRecords,
      failed: this.failed[node] ?? 0,
      skipped: this.skipped[node] ?? 0,
    }));
  }

  /** The summary of the run so far. */
  summary(stoppedBy: RunSummary['stoppedBy'], elapsedMs: number): RunSummary {
    return {
      numRecords: this.numRecords,
      recordsWritten: this.recordsWritten,
      rowGroupsCompleted: [...this.completed],
      partialRowGroups: [...this.partial],
      droppedRows: this.droppedRows,
      failedTasks: this.failedTasks,
      retries: this.retries,
      columns: this.columns(),
      firstError: this.firstError,
      stoppedBy,
      elapsedMs,
    };
  }
}
