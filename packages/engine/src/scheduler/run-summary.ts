import type { ColumnProgress } from '../events/index.js';

/** First permanent failure of a run, for the summary and error messages. */
export interface TaskFailure {
  /** Generator that failed. */
  generator: string;
  /** Row group of the task. */
  rowGroup: number;
  /** Row inside the row group; null for batch tasks. */
  row: number | null;
  /** Error message (never carries credentials: errors are written without them). */
  message: string;
}

/** What a scheduler run did; also attached to the errors it throws. */
export interface RunSummary {
  /** Records requested (sum of the row group sizes given). */
  numRecords: number;
  /** Records handed to `onRowGroupComplete`. */
  recordsWritten: number;
  /** Row groups checkpointed, in checkpoint order (those whose rows were all dropped included). */
  rowGroupsCompleted: number[];
  /** Row groups checkpointed with only their complete rows after an early shutdown. */
  partialRowGroups: number[];
  /** Rows dropped (permanent failures, hooks, early shutdown). */
  droppedRows: number;
  /** Tasks that failed for good. */
  failedTasks: number;
  /** Retries scheduled (delay queue and salvage rounds). */
  retries: number;
  /** Per-generator progress, in topological order. */
  columns: ColumnProgress[];
  /** First permanent failure, if any. */
  firstError: TaskFailure | null;
  /** Why the run stopped early, if it did. */
  stoppedBy: 'cancelled' | 'early-shutdown' | null;
  /** Wall-clock milliseconds. */
  elapsedMs: number;
}
