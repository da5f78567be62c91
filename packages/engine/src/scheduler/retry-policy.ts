import { retryDelayMs } from '../resilience/backoff.js';
import { isRetryableByFlag } from '../resilience/retryability.js';
import type { RetryOptions } from './schedule-options.js';

export { isRetryableByFlag } from '../resilience/retryability.js';

/** Retry options with every default filled in. */
export type ResolvedRetryPolicy = Required<RetryOptions>;

/** Fills in retry defaults. */
export function resolveRetryPolicy(options: RetryOptions = {}): ResolvedRetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 3)),
    initialDelayMs: Math.max(0, options.initialDelayMs ?? 1000),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 30_000),
    jitter: Math.max(0, options.jitter ?? 0.1),
    salvageRounds: Math.max(0, Math.floor(options.salvageRounds ?? 2)),
    isRetryable: options.isRetryable ?? isRetryableByFlag,
    isPreserved: options.isPreserved ?? (() => false),
  };
}

/** Delay before the next attempt after `attempts` failed ones (the resilience module's `retryDelayMs`). */
export function backoffDelayMs(policy: ResolvedRetryPolicy, attempts: number, error: unknown): number {
  return retryDelayMs({ initialDelayMs: policy.initialDelayMs, maxDelayMs: policy.maxDelayMs, jitter: policy.jitter }, attempts - 1, error);
}

/** Shortest pause before a preserved (rate-limited) task is replayed. */
export const MIN_PRESERVED_DELAY_MS = 50;

/**
 * Delay before replaying a task that failed with a *preserved* error (429, admission timeout):
 * paced by the provider's cooldown, not by backoff — the error's `retryAfterMs` (at least
 * `MIN_PRESERVED_DELAY_MS`, at most `maxDelayMs`) plus jitter. Request admission holds the replay
 * anyway while its cooldown runs, so the task comes back as soon as the provider accepts requests again.
 */
export function preservedDelayMs(policy: ResolvedRetryPolicy, error: unknown): number {
  return retryDelayMs({ initialDelayMs: MIN_PRESERVED_DELAY_MS, factor: 1, maxDelayMs: policy.maxDelayMs, jitter: policy.jitter }, 0, error);
}
