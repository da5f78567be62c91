/** Retry delay settings of a factory. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (1-based): `base·2^(retry-1)` capped, with "equal jitter" (half fixed,
 * half random), so delays grow exponentially yet concurrent retries spread out. A `retryAfterMs` hint on the
 * error (provider `Retry-After`) raises the delay to at least that value.
 */
export function backoffDelay(retry: number, options: BackoffOptions, error?: unknown, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const hint = retryAfterOf(error);
  return Math.min(options.maxDelayMs, Math.max(jittered, hint ?? 0));
}

/** `retryAfterMs` of an error (set by model errors from `Retry-After`), when present. */
function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
