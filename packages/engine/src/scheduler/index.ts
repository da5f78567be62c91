export { runSchedule } from './run-schedule.js';
export { planRowGroups } from './plan-row-groups.js';
export { AsyncTaskScheduler } from './async-task-scheduler.js';
export type {
  RunScheduleOptions,
  RowGroupSpec,
  RetryOptions,
  ErrorRateOptions,
  ScheduleHooks,
  RowGroupHook,
  RowGroupHookContext,
} from './schedule-options.js';
export type { RunSummary, TaskFailure } from './run-summary.js';
export type { SchedulerEvent } from './scheduler-event.js';
export {
  SchedulerAdmissionRecorder,
  stableTaskId,
  type SchedulerAdmissionRecord,
  type SchedulerRecordCorrelation,
  type SchedulerRecordJson,
} from './scheduler-admission-record.js';
export type { AdmissionStore, ResourceUsage } from './admission-store.js';
export { InMemoryAdmissionStore } from './in-memory-admission-store.js';
export { FairTaskQueue, type FairQueueItem, type FairQueueCallbacks } from '../resilience/fair-queue.js';
export { DelayQueue } from '../resilience/delay-queue.js';
export { ErrorRateWindow } from './error-rate-window.js';
export { backoffDelayMs, resolveRetryPolicy, isRetryableByFlag, type ResolvedRetryPolicy } from './retry-policy.js';
export {
  EarlyShutdownError,
  RunCancelledError,
  GeneratorOutputError,
  SchedulerHookError,
  SchedulerConfigurationError,
} from './errors/index.js';
export { RowGroupState, type RowGroupPhase, type RowGroupStep } from './row-group-state.js';
export { decideRetry, type RetryDecision, type RetryPhase } from './decide-retry.js';
export { RunStatistics } from './run-statistics.js';
