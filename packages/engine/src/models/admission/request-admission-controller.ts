import type { AdmissionDomain, AdmissionKey, AdmissionLease, LeaseOutcome, RequestAdmission } from '../model-types.js';
import { admissionStateKey, type AdmissionState, type AdmissionStateStore } from './admission-state.js';
import { RequestAdmissionConfigurationError, RequestAdmissionTimeoutError, RequestAdmissionUnregisteredError } from './admission-errors.js';
import type { RequestAdmissionEvent } from './admission-events.js';
import { resolveAdmissionTuning, type RequestAdmissionTuning } from './admission-tuning.js';
import {
  advanceRamp,
  applyRegistration,
  applyRelease,
  applySlowStartConfirmation,
  newAdmissionState,
  tryAdmit,
  type Admission,
  type AimdContext,
} from './aimd.js';
import { FairWaiterQueue } from './fair-waiter-queue.js';
import { InMemoryAdmissionStateStore } from './in-memory-admission-state-store.js';

/** Slow start's first limit per domain (see `initialLimit`). */
const DEFAULT_INITIAL_LIMIT = 8;

/** How long a slow-start lease must go without a 429 to count as taken (see `slowStartGraceMs`). */
const DEFAULT_SLOW_START_GRACE_MS = 20;

/** Options of a `RequestAdmissionController`. */
export interface RequestAdmissionControllerOptions {
  /** AIMD tuning (`RunConfig.request_admission`); missing fields take the defaults. */
  tuning?: Partial<RequestAdmissionTuning>;
  /** Where the shared state lives. @default a new `InMemoryAdmissionStateStore` */
  store?: AdmissionStateStore;
  /** Clock in ms (inject a fake one in tests). @default Date.now */
  now?: () => number;
  /** Receives limit changes and 429s; a throwing listener is ignored. */
  onEvent?: (event: RequestAdmissionEvent) => void;
  /** Longest pause between re-polls of waiters. @default 50 */
  pollIntervalMs?: number;
  /** Queue timeout when `acquire` gives none; undefined waits forever. */
  defaultTimeoutMs?: number;
  /**
   * Slow start: the first limit of a domain before any 429; every success then raises it by one (it
   * doubles per round trip) up to the cap. null starts at the cap, as the original does. Not used
   * while a startup ramp (`startup_ramp_seconds`) runs. @default 8
   */
  initialLimit?: number | null;
  /**
   * Slow start also grows when a lease it admitted has gone this long without a 429: a provider over
   * its concurrency answers 429 at once, so the limit doubles every grace period instead of every
   * reply (a run of 2 s replies reaches a cap of 32 in ~40 ms, not ~4 s). A provider whose 429s take
   * longer than this to arrive sees the limit rise sooner, at worst to the cap, where the original
   * starts. null: only replies count. @default 20
   */
  slowStartGraceMs?: number | null;
  /**
   * false turns slow start off: a domain starts at `initialLimit` and grows by the additive steps only.
   * For state shared by several processes (a `RedisAdmissionStateStore`): slow start's answer to an
   * overshoot drops the limit to the requests this process sees in flight, and a process sees only its
   * own; three workers then kept overshooting a provider that takes 8 (~45 × 429 and 1 s cooldowns at
   * the start of a run). @default true
   */
  slowStart?: boolean;
}

/** What the controller keeps of a lease it granted. */
interface GrantedLease {
  key: AdmissionKey;
  admission: Admission;
  released: boolean;
}

/** A lease admitted in slow start, until the grace period is over. */
interface PendingConfirmation {
  lease: GrantedLease;
  dueAt: number;
}

/** Pressure of one domain. */
export interface AdmissionDomainSnapshot {
  /** Current AIMD limit. */
  limit: number;
  /** Leases held. */
  inFlight: number;
  /** Callers queued in this process. */
  waiters: number;
}

/** Read-only pressure view of one (provider, model). */
export interface AdmissionSnapshot {
  staticCap: number;
  domains: Partial<Record<AdmissionDomain, AdmissionDomainSnapshot>>;
  /** Time left in the 429 cooldown, 0 when not blocked. */
  cooldownRemainingMs: number;
  /** Limit at which the first 429 of the current episode hit; null when fully recovered. */
  ceiling: number | null;
}

interface Waiter {
  key: AdmissionKey;
  grant(lease: AdmissionLease): void;
  fail(reason: unknown): void;
}

/**
 * Adaptive request admission (AIMD, engine-spec §4.7): per (provider, model, domain) limits under a
 * shared per-(provider, model) static cap, a cooldown after 429s, fair FIFO waiting.
 */
export class RequestAdmissionController implements RequestAdmission {
  private readonly tuning: RequestAdmissionTuning;
  private readonly store: AdmissionStateStore;
  private readonly now: () => number;
  private readonly onEvent: ((event: RequestAdmissionEvent) => void) | undefined;
  private readonly pollIntervalMs: number;
  private readonly defaultTimeoutMs: number | undefined;
  private readonly initialLimit: number | null;
  private readonly slowStartGraceMs: number | null;
  private readonly slowStart: boolean;
  private readonly waiters = new FairWaiterQueue<Waiter>();
  /** Slow-start leases in grant order (so in due order: the grace is the same for all). */
  private pendingConfirmations: PendingConfirmation[] = [];
  private confirmTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private draining = false;
  private duplicates = 0;

  constructor(options: RequestAdmissionControllerOptions = {}) {
    this.tuning = resolveAdmissionTuning(options.tuning);
    this.store = options.store ?? new InMemoryAdmissionStateStore();
    // A shared store's allotment may grow after a sync: its waiters get their slots then, not at the next poll.
    this.store.onChange?.(() => {
      if (this.waiters.total > 0) this.poll();
    });
    this.now = options.now ?? Date.now;
    this.onEvent = options.onEvent;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.defaultTimeoutMs = options.defaultTimeoutMs;
    const initial = options.initialLimit === undefined ? DEFAULT_INITIAL_LIMIT : options.initialLimit;
    if (initial !== null && (!Number.isInteger(initial) || initial < 1)) {
      throw new RequestAdmissionConfigurationError(`initialLimit is ${String(initial)}.`, {
        fix: 'Use an integer of at least 1, or null to start at the cap.',
      });
    }
    this.initialLimit = initial;
    const grace = options.slowStartGraceMs === undefined ? DEFAULT_SLOW_START_GRACE_MS : options.slowStartGraceMs;
    if (grace !== null && !(Number.isFinite(grace) && grace >= 0)) {
      throw new RequestAdmissionConfigurationError(`slowStartGraceMs is ${String(grace)}.`, {
        fix: 'Use a number of milliseconds of at least 0, or null to grow slow start on replies only.',
      });
    }
    this.slowStartGraceMs = grace;
    this.slowStart = options.slowStart ?? true;
  }

  /** Registers an alias's `max_parallel_requests`; the cap is the minimum over registrations. */
  register(provider: string, model: string, maxParallelRequests: number): void {
    if (!Number.isInteger(maxParallelRequests) || maxParallelRequests < 1) {
      throw new RequestAdmissionConfigurationError(`max_parallel_requests for model '${model}' of provider '${provider}' is ${String(maxParallelRequests)}.`, {
        fix: 'Use an integer of at least 1.',
      });
    }
    this.commit(provider, model, (state, ctx) => {
      if (state === undefined) return [newAdmissionState(maxParallelRequests, ctx), undefined];
      applyRegistration(state, maxParallelRequests);
      return [state, undefined];
    });
    this.drain();
  }

  /** Waits for a lease: FIFO per resource, fair across resources; rejects on timeout or abort. */
  acquire(key: AdmissionKey, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<AdmissionLease> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.store.get(admissionStateKey(key.provider, key.model)) === undefined) {
      return Promise.reject(
        new RequestAdmissionUnregisteredError(`Model '${key.model}' of provider '${key.provider}' is not registered for request admission.`, {
          fix: 'Register every model alias (`register(provider, model, max_parallel_requests)`) before sending requests.',
        }),
      );
    }
    // Eligible waiters go first; any waiter left on this resource afterwards is blocked, and so is the newcomer.
    this.drain();
    const lease = this.waiters.size(resourceKey(key)) === 0 ? this.tryLease(key) : undefined;
    if (lease !== undefined) return Promise.resolve(lease);
    return this.enqueue(key, signal, options.timeoutMs ?? this.defaultTimeoutMs);
  }

  /** Re-runs admission for queued callers (the poll timer does this too; useful after moving a fake clock). */
  poll(): void {
    this.drain();
    this.schedulePoll();
  }

  /** Pressure of a (provider, model), undefined when it was never registered. */
  snapshot(provider: string, model: string): AdmissionSnapshot | undefined {
    const state = this.store.get(admissionStateKey(provider, model));
    if (state === undefined) return undefined;
    const now = this.now();
    advanceRamp(state, { provider, model, now, tuning: this.tuning, events: [], initialLimit: this.initialLimit, slowStart: this.slowStart });
    const domains: AdmissionSnapshot['domains'] = {};
    for (const [domain, value] of Object.entries(state.domains) as Array<[AdmissionDomain, { currentLimit: number; inFlight: number }]>) {
      domains[domain] = { limit: value.currentLimit, inFlight: value.inFlight, waiters: this.waiters.size(resourceKey({ provider, model, domain })) };
    }
    return {
      staticCap: state.staticCap,
      domains,
      cooldownRemainingMs: Math.max(0, state.blockedUntil - now),
      ceiling: state.rateLimitCeiling,
    };
  }

  /** Rejects every queued caller with `reason` and stops the poll timer (leases already held stay valid). */
  close(reason: unknown = new Error('The request-admission controller was closed.')): void {
    for (const waiter of this.waiters.clear()) waiter.fail(reason);
    this.schedulePoll();
    this.pendingConfirmations = [];
    if (this.confirmTimer !== undefined) clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
  }

  /** Releases ignored because the lease was already released (diagnostics). */
  get duplicateReleases(): number {
    return this.duplicates;
  }

  private enqueue(key: AdmissionKey, signal: AbortSignal | undefined, timeoutMs: number | undefined): Promise<AdmissionLease> {
    const resource = resourceKey(key);
    return new Promise<AdmissionLease>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const giveUp = (reason: unknown): void => {
        if (!this.waiters.remove(resource, waiter)) return;
        cleanup();
        this.schedulePoll();
        reject(reason);
      };
      const onAbort = (): void => giveUp(signal?.reason);
      const waiter: Waiter = {
        key,
        grant: (lease) => {
          cleanup();
          resolve(lease);
        },
        fail: (reason) => {
          cleanup();
          reject(reason);
        },
      };
      this.waiters.push(resource, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(
          () =>
            giveUp(
              new RequestAdmissionTimeoutError(
                `No request admission for model '${key.model}' of provider '${key.provider}' (${key.domain}) within ${timeoutMs} ms.`,
                { fix: 'The provider is saturated or rate limiting; the task is retried later. Raise the queue timeout or lower concurrency.' },
              ),
            ),
          Math.max(0, timeoutMs),
        );
      }
      this.schedulePoll();
    });
  }

  /** Admits `key` now if the shared state allows it. */
  private tryLease(key: AdmissionKey): AdmissionLease | undefined {
    const admission = this.commit(key.provider, key.model, (state, ctx) => (state === undefined ? [state, null] : [state, tryAdmit(state, key.domain, ctx)]));
    return admission === null ? undefined : this.makeLease(key, admission);
  }

  private makeLease(key: AdmissionKey, admission: Admission): AdmissionLease {
    const held: GrantedLease = { key, admission, released: false };
    if (admission.overshoot === 'slow_start') this.awaitConfirmation(held);
    const frozen: AdmissionKey = Object.freeze({ ...key });
    return Object.freeze({
      key: frozen,
      release: (outcome: LeaseOutcome, options: { retryAfterMs?: number } = {}): boolean => {
        if (held.released) {
          this.duplicates++;
          return false;
        }
        held.released = true;
        const retryAfterMs = Number.isFinite(options.retryAfterMs) ? options.retryAfterMs : undefined;
        this.commit(key.provider, key.model, (state, ctx) => {
          if (state !== undefined) applyRelease(state, key.domain, outcome, admission, retryAfterMs, ctx);
          return [state, undefined];
        });
        const granted = this.drain();
        this.schedulePoll();
        return granted > 0;
      },
    });
  }

  /** Tracks a slow-start lease until the grace period says the provider took it (nothing when the grace is off). */
  private awaitConfirmation(lease: GrantedLease): void {
    if (this.slowStartGraceMs === null) return;
    this.pendingConfirmations.push({ lease, dueAt: this.now() + this.slowStartGraceMs });
    this.scheduleConfirmations();
  }

  /** Counts the slow-start leases past their grace period and still held as taken (slow start grows by one each). */
  private confirmDue(): void {
    const now = this.now();
    while ((this.pendingConfirmations[0]?.dueAt ?? Number.POSITIVE_INFINITY) <= now) {
      const { lease } = this.pendingConfirmations.shift() as PendingConfirmation;
      if (lease.released) continue;
      const { key, admission } = lease;
      const counted = this.commit(key.provider, key.model, (state, ctx) => [state, state !== undefined && applySlowStartConfirmation(state, key.domain, ctx)]);
      if (counted) admission.confirmed = true;
    }
  }

  /** One timer for the next due confirmation (unref'd: held leases keep the process alive, not this). */
  private scheduleConfirmations(): void {
    if (this.confirmTimer !== undefined) return;
    const next = this.pendingConfirmations[0];
    if (next === undefined) return;
    this.confirmTimer = setTimeout(
      () => {
        this.confirmTimer = undefined;
        this.poll();
        this.scheduleConfirmations();
      },
      Math.max(0, next.dueAt - this.now()),
    );
    this.confirmTimer.unref?.();
  }

  /** Admits waiters in fair order until none is eligible; returns how many it admitted. */
  private drain(): number {
    if (this.draining) return 0;
    this.draining = true;
    let admitted = 0;
    try {
      this.confirmDue();
      for (;;) {
        let granted = false;
        for (const { resource, item } of this.waiters.heads()) {
          const lease = this.tryLease(item.key);
          if (lease === undefined) continue;
          this.waiters.shift(resource);
          item.grant(lease);
          granted = true;
          admitted += 1;
          break;
        }
        if (!granted) break;
      }
    } finally {
      this.draining = false;
    }
    return admitted;
  }

  /** Keeps one timer while callers wait: every `pollIntervalMs`, or sooner at the end of a cooldown. */
  private schedulePoll(): void {
    if (this.waiters.total === 0) {
      if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
      return;
    }
    if (this.pollTimer !== undefined) return;
    let delay = this.pollIntervalMs;
    const now = this.now();
    for (const key of this.store.keys()) {
      const blockedUntil = this.store.get(key)?.blockedUntil ?? 0;
      if (blockedUntil > now) delay = Math.min(delay, blockedUntil - now);
    }
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      this.poll();
    }, delay);
  }

  /** Runs an AIMD step on the stored state, then emits the events it produced. */
  private commit<T>(provider: string, model: string, step: (state: AdmissionState | undefined, ctx: AimdContext) => [AdmissionState | undefined, T]): T {
    const ctx: AimdContext = { provider, model, now: this.now(), tuning: this.tuning, events: [], initialLimit: this.initialLimit, slowStart: this.slowStart };
    const result = this.store.update(admissionStateKey(provider, model), (state) => {
      ctx.events = [];
      const [next, result] = step(state, ctx);
      return { next, result };
    });
    for (const event of ctx.events) {
      try {
        this.onEvent?.(event);
      } catch {
        // a listener must not break admission accounting
      }
    }
    return result;
  }
}

function resourceKey(key: AdmissionKey): string {
  return JSON.stringify([key.provider, key.model, key.domain]);
}
