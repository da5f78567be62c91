/**
 * The `retryAfterMs` an error carries (model errors set it from `Retry-After`), when it is a finite
 * number ≥ 0: the one reader of that field for every retry loop of the engine (scheduler, model
 * executor, data factory).
 */
export function retryAfterMsOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
