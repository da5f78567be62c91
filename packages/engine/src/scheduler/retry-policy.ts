import type { RetryOptions } from './schedule-options.js';

/** Retry options with every default filled in. */
export type ResolvedRetryPolicy = Required<RetryOptions>;

/** Reads the `isRetryable` flag errors carry (the model layer sets it from the status). */
export function isRetryableByFlag(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isRetryable?: unknown }).isRetryable === true;
}

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

/**
 * Delay before the next attempt after `attempts` failed ones: `initial × 2^(attempts−1)`, raised to
 * the error's `retryAfterMs` when it asks for more, plus up to `jitter` of extra, capped at `maxDelayMs`.
 */
export function backoffDelayMs(policy: ResolvedRetryPolicy, attempts: number, error: unknown): number {
  let delay = policy.initialDelayMs * 2 ** Math.max(0, attempts - 1);
  const retryAfter = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > delay) delay = retryAfter;
  delay *= 1 + policy.jitter * Math.random();
  return Math.min(policy.maxDelayMs, delay);
}

/** Shortest pause before a preserved (rate-limited) task is replayed. */
export const MIN_PRESERVED_DELAY_MS = 50;

/**
 * Delay before replaying a task that failed with a *preserved* error (429, admission timeout):
 * paced by the provider's cooldown, not by backoff — the error's `retryAfterMs` (at least
 * `MIN_PRESERVED_DELAY_MS`, at most `maxDelayMs`) plus up to `jitter` of extra. Request admission
 * holds the replay anyway while its cooldown runs, so the task comes back as soon as the provider
 * accepts requests again instead of seconds later.
 */
export function preservedDelayMs(policy: ResolvedRetryPolicy, error: unknown): number {
  const retryAfter = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  let delay = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : MIN_PRESERVED_DELAY_MS;
  delay = Math.max(MIN_PRESERVED_DELAY_MS, delay) * (1 + policy.jitter * Math.random());
  return Math.min(policy.maxDelayMs, delay);
}
