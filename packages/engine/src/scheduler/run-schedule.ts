import { AsyncTaskScheduler } from './async-task-scheduler.js';
import type { RunSummary } from './run-summary.js';
import type { RunScheduleOptions } from './schedule-options.js';

/**
 * Generates the given row groups with the given generators and resolves with a summary.
 * Rejects with `EarlyShutdownError` (error-rate window tripped; complete rows were checkpointed),
 * `RunCancelledError` (signal aborted; finished row groups were checkpointed), `SchedulerHookError`
 * (hook or checkpoint failure), `ExecutionGraphError` / `SchedulerConfigurationError` (bad input),
 * or any error `isFatal` accepts.
 */
export function runSchedule(options: RunScheduleOptions): Promise<RunSummary> {
  return new AsyncTaskScheduler(options).run();
}
