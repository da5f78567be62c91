import { backoffDelayMs, preservedDelayMs, type ResolvedRetryPolicy } from './retry-policy.js';

/** Retry phase of a task: delay-queue retries, salvage rounds, or preserved (never dropped). */
export type RetryPhase = 'normal' | 'salvage' | 'preserved';

/** What to do with a failed task. */
export type RetryDecision =
  /** Stop the run with this error. */
  | { kind: 'fatal' }
  /** Give up on the task (drop its row, or its row group for batch tasks). */
  | { kind: 'fail' }
  /** Replay the task after `delayMs` in `phase`. */
  | { kind: 'delay'; delayMs: number; phase: 'normal' | 'preserved' }
  /** Park the task until its row group has nothing else to do (a salvage round). */
  | { kind: 'salvage' };

/**
 * The one retry decision of the scheduler. `afterSalvage` is true when the task's salvage rounds are
 * used up: then only preserved errors (rate limits) are replayed, at the `maxDelayMs` pace, and every
 * other error fails the task. Otherwise: fatal errors stop the run, non-retryable ones fail the task,
 * preserved ones are replayed at the provider's pace, and retryable ones back off until `maxAttempts`,
 * then wait for a salvage round.
 */
export function decideRetry(
  policy: ResolvedRetryPolicy,
  task: { readonly attempts: number; readonly phase: RetryPhase },
  error: unknown,
  options: { isFatal: (error: unknown) => boolean; afterSalvage?: boolean },
): RetryDecision {
  if (options.afterSalvage) {
    return policy.isPreserved(error) ? { kind: 'delay', delayMs: policy.maxDelayMs, phase: 'preserved' } : { kind: 'fail' };
  }
  if (options.isFatal(error)) return { kind: 'fatal' };
  if (!policy.isRetryable(error)) return { kind: 'fail' };
  if (policy.isPreserved(error)) return { kind: 'delay', delayMs: preservedDelayMs(policy, error), phase: 'preserved' };
  if (task.phase === 'normal' && task.attempts < policy.maxAttempts) {
    return { kind: 'delay', delayMs: backoffDelayMs(policy, task.attempts, error), phase: 'normal' };
  }
  return { kind: 'salvage' };
}
