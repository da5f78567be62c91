import type { ColumnGenerator, Row } from '../columns/index.js';
import type { AdmissionStore } from './admission-store.js';
import type { SchedulerEvent } from './scheduler-event.js';

/** One row group to generate: its index, row count and the dataset position of its first row. */
export interface RowGroupSpec {
  /** Row group index (names the parquet file; resume passes only the missing ones). */
  index: number;
  /** Rows in it (the last group of a run may be smaller). */
  size: number;
  /** Index of its first row in the whole dataset. */
  rowOffset: number;
}

/** Retry policy for failed tasks: delay queue with exponential backoff, then salvage rounds. */
export interface RetryOptions {
  /** Attempts through the delay queue, the first one included. @default 3 */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles each time. @default 1000 */
  initialDelayMs?: number;
  /** Longest delay (also caps an error's `retryAfterMs`). @default 30000 */
  maxDelayMs?: number;
  /** Random extra delay, as a fraction of the delay (0 = none). @default 0.1 */
  jitter?: number;
  /** Salvage rounds for a row group whose only remaining work is exhausted retries. @default 2 */
  salvageRounds?: number;
  /** Whether an error is transient. @default reads `error.isRetryable === true` */
  isRetryable?: (error: unknown) => boolean;
  /** Transient errors never dropped (e.g. 429): retried at `maxDelayMs` pace after salvage. @default none */
  isPreserved?: (error: unknown) => boolean;
}

/** Early shutdown on the error rate of recent task outcomes. */
export interface ErrorRateOptions {
  /** False disables early shutdown. @default true */
  enabled?: boolean;
  /** Outcomes in the sliding window. @default 10 */
  windowSize?: number;
  /** Failure fraction that stops the run once the window is full. @default 0.5 */
  threshold?: number;
}

/** Context handed to row-group hooks. */
export interface RowGroupHookContext {
  /** Row group index. */
  rowGroup: number;
  /** Dataset index of its first row. */
  rowOffset: number;
  /** Aborted when the run stops. */
  signal: AbortSignal;
}

/**
 * A row-group hook (processors): receives the kept rows in order and returns as many rows, where
 * `null` drops that row. Returning a different count stops the run with `SchedulerHookError`.
 */
export type RowGroupHook = (rows: Row[], context: RowGroupHookContext) => Promise<Array<Row | null>> | Array<Row | null>;

/** Pre-batch and post-batch hooks. */
export interface ScheduleHooks {
  /** Runs once every root generator of a row group is done, before anything downstream starts. */
  preBatch?: RowGroupHook;
  /** Runs on the finished row group, before `onRowGroupComplete`. */
  postBatch?: RowGroupHook;
}

/** Options of `runSchedule`. */
export interface RunScheduleOptions {
  /** Generators in a valid order (edges are recomputed from `requiredColumns`). */
  generators: readonly ColumnGenerator[];
  /** Row groups to generate, in admission order: an array, or any iterable pulled lazily (`RowGroupPlan`). */
  rowGroups: Iterable<RowGroupSpec>;
  /** Records of all the row groups; required with a lazy iterable (arrays are summed). */
  numRecords?: number;
  /** Row groups generating at once. @default 3 */
  maxConcurrentRowGroups?: number;
  /**
   * Extra row groups admitted beyond `maxConcurrentRowGroups` while the admitted ones cannot keep the task
   * slots busy (their last tasks, pre-batch hooks or checkpoints), so the next row group starts while the
   * previous one finishes. Memory holds at most `maxConcurrentRowGroups + rowGroupLookahead` row groups;
   * 0 gives the strict bound. @default 1
   */
  rowGroupLookahead?: number;
  /** Tasks running at once across all resources. @default 1024 */
  maxInFlightTasks?: number;
  /** Max concurrent tasks per resource (`model:<alias>` → its max_parallel_requests). Unlisted: uncapped. */
  resourceLimits?: Readonly<Record<string, number>>;
  /** Admission state (shared across processes later); replaces `resourceLimits` when given. */
  admissionStore?: AdmissionStore;
  /** Fair-queue weight per generator name. @default 1 each */
  generatorWeights?: Readonly<Record<string, number>>;
  /** Retry policy. */
  retry?: RetryOptions;
  /** Early-shutdown policy. */
  errorRate?: ErrorRateOptions;
  /** Errors that abort the whole run instead of dropping rows. @default none */
  isFatal?: (error: unknown) => boolean;
  /** Cancels the run: admission stops, in-flight calls see an aborted signal, finished groups are kept. */
  signal?: AbortSignal;
  /** Checkpoint: receives the kept rows of a finished row group (may be empty when all were dropped). */
  onRowGroupComplete?: (index: number, rows: Row[]) => Promise<void> | void;
  /** Progress and diagnostics. */
  onEvent?: (event: SchedulerEvent) => void;
  /** Processor hooks. */
  hooks?: ScheduleHooks;
  /** Minimum milliseconds between `progress` events. @default 1000 */
  progressIntervalMs?: number;
  /** Longest stretch of synchronous work before yielding to the event loop. @default 10 */
  yieldIntervalMs?: number;
  /** Poll interval when the admission store denies everything and nothing runs. @default 50 */
  admissionPollMs?: number;
}
