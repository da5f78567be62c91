/** Usage of one resource as seen by an admission store. */
export interface ResourceUsage {
  /** Units held right now. */
  inFlight: number;
  /** Most units allowed at once (`Infinity` when uncapped). */
  limit: number;
  /** Highest `inFlight` seen since the store was created. */
  peak: number;
}

/**
 * Admission leases per resource (`cpu`, `model:<alias>`, ...). Decisions are synchronous so the
 * dispatch loop never waits on I/O: a distributed implementation (Redis) keeps a local allotment
 * leased from the shared store in blocks and refreshes it in the background.
 */
export interface AdmissionStore {
  /** Takes one unit of `resource` when below its cap; false when at capacity. */
  tryAcquire(resource: string): boolean;
  /** Gives back one unit taken by `tryAcquire`. */
  release(resource: string): void;
  /** Current usage per resource touched so far. */
  snapshot(): Record<string, ResourceUsage>;
}
