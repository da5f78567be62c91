import { SchedulerHookError } from './errors/scheduler-hook-error.js';
import { messageOf } from './message-of.js';

/** Wraps a pre- or post-batch hook failure in a `SchedulerHookError` (kept as is when it already is one). */
export function hookError(hook: string, rowGroup: number, error: unknown): Error {
  if (SchedulerHookError.isInstance(error)) return error;
  return new SchedulerHookError(`The ${hook} hook failed on row group ${rowGroup}: ${messageOf(error)}`, {
    cause: error,
    fix: `Fix the ${hook === 'preBatch' ? 'pre-batch' : 'post-batch'} processor; the run stops on processor errors.`,
  });
}
