import { retryDelayMs } from '../resilience/backoff.js';

/** Retry delay settings of a factory. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (1-based): the resilience module's `retryDelayMs` (`base·2^(retry-1)`,
 * raised to the error's `retryAfterMs`, plus up to 10 % jitter, capped), the same formula as the scheduler
 * and the model executor use.
 */
export function backoffDelay(retry: number, options: BackoffOptions, error?: unknown, random: () => number = Math.random): number {
  return retryDelayMs({ initialDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs, random }, retry - 1, error);
}
