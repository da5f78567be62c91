import type { AdmissionDomain } from '../model-types.js';

/** Limit and usage of one domain (`chat`, `embedding`, ...) of a (provider, model). */
export interface DomainAdmissionState {
  /** AIMD limit: at most this many requests of the domain at once (never above the static cap). */
  currentLimit: number;
  /** Leases of the domain held right now. */
  inFlight: number;
}

/** Shared admission state of one (provider, model); times are in the controller clock's milliseconds. */
export interface AdmissionState {
  /** Smallest `max_parallel_requests` over the registered aliases (≥ 1). */
  staticCap: number;
  /** Per-domain limits, created on first use. */
  domains: Partial<Record<AdmissionDomain, DomainAdmissionState>>;
  /** No admission before this time (cooldown after a 429); 0 when never blocked. */
  blockedUntil: number;
  /** Successes after the last cooldown, towards the next additive increase. */
  successStreak: number;
  /** 429s since the last success (or idle moment). */
  consecutiveRateLimits: number;
  /** When the startup ramp began; null when there is no ramp (off, finished or aborted by a 429). */
  rampStartedAt: number | null;
  /** Limit at which the first 429 of the current episode hit; null when fully recovered. */
  rateLimitCeiling: number | null;
  /** Limit a decreasing 429 last hit at (the level probing must approach carefully); null before any. */
  lastDecreaseFrom?: number | null;
  /** Decreasing 429s in a row at or above `lastDecreaseFrom`: each one makes probing that level 4× rarer. */
  ceilingHits?: number;
  /**
   * Lowest limit the later 429s of an overshoot (the end of slow start, or a probe of a known ceiling)
   * may set while they bring the limit down to the requests still in flight; null (or absent) outside one.
   */
  overshootFloor?: number | null;
}

/** What an `update` function returns: the state to store (undefined deletes it) and a result. */
export interface AdmissionStateUpdate<T> {
  next: AdmissionState | undefined;
  result: T;
}

/**
 * Where the admission controller keeps its per-(provider, model) state. `update` is atomic: the
 * function sees a private copy and its `next` is written back as a whole. Kept synchronous so an
 * admission decision never waits on I/O; a shared (Redis) implementation would run the function in a
 * transaction over a local replica refreshed in the background, as the scheduler's `AdmissionStore` does.
 */
export interface AdmissionStateStore {
  /** Copy of the state of `key` (see `admissionStateKey`), undefined when never registered. */
  get(key: string): AdmissionState | undefined;
  /** Applies `fn` atomically to the state of `key` and returns its result. */
  update<T>(key: string, fn: (state: AdmissionState | undefined) => AdmissionStateUpdate<T>): T;
  /** Keys with a state. */
  keys(): string[];
  /**
   * Calls `listener` whenever the state changed from outside this process (a shared store's sync with
   * the other processes), so the controller re-runs admission for its waiters at once rather than at
   * its next poll. Optional: a store only this process writes never needs it.
   */
  onChange?(listener: () => void): void;
}

/** Store key of a (provider, model); unambiguous even when names contain separators. */
export function admissionStateKey(provider: string, model: string): string {
  return JSON.stringify([provider, model]);
}

/** Deep copy of a state (plain data only). */
export function cloneAdmissionState(state: AdmissionState): AdmissionState {
  const domains: AdmissionState['domains'] = {};
  for (const [domain, value] of Object.entries(state.domains) as Array<[AdmissionDomain, DomainAdmissionState]>) {
    domains[domain] = { ...value };
  }
  return { ...state, domains };
}
