import { retryAfterMsOf } from './retry-after.js';

/** Backoff settings; every retry loop of the engine describes its delays with these. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  initialDelayMs: number;
  /** Growth per retry. @default 2 */
  factor?: number;
  /** Longest delay (also caps an error's `retryAfterMs`). */
  maxDelayMs: number;
  /** Random extra delay, up to this fraction of the delay (0 = none). @default 0.1 */
  jitter?: number;
  /** Random source in [0, 1) (tests). @default Math.random */
  random?: () => number;
}

/**
 * Delay before retry number `retryIndex` (0-based) after `error`: `initial × factor^retryIndex`, raised to
 * the error's `retryAfterMs` when the provider asks for more, times `1 + jitter × random` (the one jitter
 * formula: never earlier than asked, spread so concurrent retries do not return together), capped at
 * `maxDelayMs`. Rounded to whole milliseconds.
 */
export function retryDelayMs(options: BackoffOptions, retryIndex: number, error?: unknown): number {
  const factor = Math.max(1, options.factor ?? 2);
  const jitter = Math.max(0, options.jitter ?? 0.1);
  const random = options.random ?? Math.random;
  const exponential = Math.max(0, options.initialDelayMs) * factor ** Math.max(0, retryIndex);
  const delay = Math.max(exponential, retryAfterMsOf(error) ?? 0) * (1 + jitter * random());
  return Math.round(Math.min(Math.max(0, options.maxDelayMs), delay));
}
