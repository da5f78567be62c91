import { retryDelayMs } from '../../resilience/backoff.js';
import { isAbortError } from '../../resilience/retryability.js';
import { ModelProviderError } from '../errors/model-provider-error.js';

export { isAbortError } from '../../resilience/retryability.js';

/** Options of a `RetryPolicy`; every field has a default. */
export interface RetryPolicyOptions {
  /** Attempts in total (first try included). @default 4 */
  maxAttempts?: number;
  /** Delay before the first retry. @default 2000 */
  baseDelayMs?: number;
  /** Growth of the delay per retry. @default 2 */
  factor?: number;
  /** Longest delay (also caps `retryAfterMs`). @default 60000 */
  maxDelayMs?: number;
  /** Up to this fraction of extra random delay. @default 0.2 */
  jitter?: number;
  /** Which errors are retried. @default status 502/503/504, or API_CONNECTION without status */
  retryOn?: (error: unknown) => boolean;
  /** Random source in [0, 1) for jitter (tests). @default Math.random */
  random?: () => number;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

/** The default `retryOn`: gateway errors (502/503/504) and connection failures without a status. */
export function isTransientProviderError(error: unknown): boolean {
  if (!ModelProviderError.isInstance(error)) return false;
  if (error.status !== null) return RETRY_STATUSES.has(error.status);
  return error.kind === 'API_CONNECTION';
}

/**
 * The retry policy of the request executor: which failures are retried, how often and after which
 * delay (the resilience module's `retryDelayMs`: `base·factor^i`, raised to the error's `retryAfterMs`,
 * plus jitter, capped).
 */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  private readonly retryOnFn: (error: unknown) => boolean;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 2000);
    this.factor = Math.max(1, options.factor ?? 2);
    this.maxDelayMs = Math.max(0, options.maxDelayMs ?? 60_000);
    this.jitter = Math.max(0, options.jitter ?? 0.2);
    this.retryOnFn = options.retryOn ?? isTransientProviderError;
    this.random = options.random ?? Math.random;
  }

  /** Whether an error is worth another attempt (aborts never are). */
  retryOn(error: unknown, signal?: AbortSignal): boolean {
    if (isAbortError(error, signal)) return false;
    return this.retryOnFn(error);
  }

  /** True when attempt number `attempt` (1-based) failed with `error` and another one should follow. */
  shouldRetry(attempt: number, error: unknown, signal?: AbortSignal): boolean {
    return attempt < this.maxAttempts && this.retryOn(error, signal);
  }

  /** Delay before retry `retryIndex` (0-based), honouring the error's `retryAfterMs`. */
  delayMs(retryIndex: number, error?: unknown): number {
    const { baseDelayMs: initialDelayMs, factor, maxDelayMs, jitter, random } = this;
    return retryDelayMs({ initialDelayMs, factor, maxDelayMs, jitter, random }, retryIndex, error);
  }
}
