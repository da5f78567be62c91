const FILL = Symbol('dd.pendingFill');

/** Values still being completed in place elsewhere (e.g. by a worker thread). */
export interface PendingFill {
  /** Settles once the values are complete. */
  readonly ready: Promise<void>;
  /** Called right before waiting on `ready`: a chance to finish the work on this thread instead of waiting. */
  hurry(): void;
}

type Marked = unknown[] & { [FILL]?: PendingFill };

/**
 * Marks sampled values whose objects are completed in place later: the sampler generator goes on
 * with the next columns and waits (see `awaitFills`) before anything reads them. `ready` is observed
 * at once, so a failure surfaces where it is awaited, never as an unhandled rejection.
 */
export function withPendingFill<T extends unknown[]>(values: T, fill: PendingFill): T {
  fill.ready.catch(() => {});
  (values as Marked)[FILL] = fill;
  return values;
}

/** The pending fill of values marked by `withPendingFill`, or undefined when they are complete. */
export function pendingFillOf(values: readonly unknown[]): PendingFill | undefined {
  return (values as Marked)[FILL];
}

/** Hurries every fill, then waits for all of them. */
export async function awaitFills(fills: readonly PendingFill[]): Promise<void> {
  for (const fill of fills) fill.hurry();
  await Promise.all(fills.map((fill) => fill.ready));
}
