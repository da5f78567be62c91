import type { ColumnProgress } from '../events/index.js';

/** Events a scheduler run emits through `onEvent` (a throwing listener is ignored). */
export type SchedulerEvent =
  | {
      type: 'row-group-admitted';
      /** Row group index. */
      index: number;
      /** Rows in it. */
      size: number;
    }
  | {
      type: 'row-group-checkpointed';
      /** Row group index. */
      index: number;
      /** Records handed to `onRowGroupComplete`. */
      records: number;
      /** Rows dropped in it. */
      dropped: number;
      /** True when only the complete rows were kept after an early shutdown. */
      partial: boolean;
    }
  | {
      type: 'task-retry';
      /** Generator of the task. */
      generator: string;
      /** Row group. */
      rowGroup: number;
      /** Row; null for batch tasks. */
      row: number | null;
      /** Attempts made so far. */
      attempt: number;
      /** Delay before the next attempt (0 for salvage rounds). */
      delayMs: number;
      /** Error message of the failed attempt. */
      message: string;
    }
  | {
      type: 'task-failed';
      /** Generator of the task. */
      generator: string;
      /** Row group. */
      rowGroup: number;
      /** Row; null for batch tasks (the whole row group is dropped). */
      row: number | null;
      /** Error message. */
      message: string;
    }
  | {
      type: 'salvage-round';
      /** Row group. */
      rowGroup: number;
      /** Round number (1-based). */
      round: number;
      /** Tasks re-dispatched. */
      tasks: number;
    }
  | {
      type: 'early-shutdown';
      /** Failures in the window. */
      failures: number;
      /** Window size. */
      windowSize: number;
      /** Threshold reached. */
      threshold: number;
    }
  | {
      type: 'progress';
      /** Records checkpointed so far. */
      recordsDone: number;
      /** Records requested. */
      numRecords: number;
      /** Per-generator counts. */
      columns: ColumnProgress[];
      /** Tasks running now. */
      inFlight: number;
      /** Units held per resource. */
      inFlightByResource: Record<string, number>;
      /** Tasks failed for good. */
      errors: number;
      /** Retries scheduled. */
      retries: number;
      /** Milliseconds since the start. */
      elapsedMs: number;
    };
