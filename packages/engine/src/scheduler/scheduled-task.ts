import type { RetryPhase } from './decide-retry.js';
import type { RowGroupState } from './row-group-state.js';

/** A row group in memory whose tasks are `ScheduledTask`s. */
export type ActiveRowGroup = RowGroupState<ScheduledTask>;

/** A task on its way through queue, admission, execution and retries. */
export interface ScheduledTask {
  readonly rg: ActiveRowGroup;
  readonly node: number;
  /** Row index, or -1 for a batch task. */
  readonly row: number;
  attempts: number;
  phase: RetryPhase;
  lastError: unknown;
  /** Rows a batch task runs on (kept rows at dispatch). */
  batchRows: number[] | null;
}
