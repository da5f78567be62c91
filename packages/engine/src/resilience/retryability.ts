/** Reads the `isRetryable` flag errors carry (the model layer sets it from the status): transient failure. */
export function isRetryableByFlag(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isRetryable?: unknown }).isRetryable === true;
}

/** Reads the `isPreserved` flag (429s, admission timeouts): transient and never dropped, replayed at the provider's pace. */
export function isPreservedByFlag(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isPreserved?: unknown }).isPreserved === true;
}

/** True for aborts (`AbortError`, or any error once `signal` is aborted); these are never retried. */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
