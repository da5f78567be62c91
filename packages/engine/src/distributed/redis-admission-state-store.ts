import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AdmissionDomain } from '../models/model-types.js';
import { cloneAdmissionState, type AdmissionState, type AdmissionStateStore, type AdmissionStateUpdate } from '../models/admission/admission-state.js';
import { ADMISSION_SYNC_SCRIPT } from './admission-sync-script.js';

/** Options of a `RedisAdmissionStateStore`. */
export interface RedisAdmissionStateStoreOptions {
  /** Connection (see `connectRedis`); the store does not close it. */
  redis: Redis;
  /** Key prefix shared by every process that shares limits. @default 'dd' */
  prefix?: string;
  /** Identifies this process's allotments. @default `<hostname-free random id>` */
  processId?: string;
  /** Background sync period per (provider, model). @default 50 */
  syncIntervalMs?: number;
  /** Allotments of a process that stopped syncing for this long are freed. @default 5000 */
  leaseTtlMs?: number;
  /** Shared state idle for this long disappears from Redis. @default 600000 */
  idleTtlMs?: number;
  /** How long a process keeps wanting its full share after it last lacked a slot. @default 1000 */
  demandHoldMs?: number;
  /**
   * A second connection used only to subscribe to limit changes of other processes (then a lowered
   * limit reaches every process within a round trip instead of a sync period). Optional.
   */
  subscriber?: Redis;
  /** Receives "Redis unreachable" notices (once per outage). */
  onLog?: (level: 'info' | 'warning', message: string) => void;
}

/** A merge of local AIMD changes, applied by the sync script (fields as strings, '' for null). */
interface StatePatch {
  init?: Record<string, string>;
  setnx?: Record<string, string>;
  set?: Record<string, string>;
  max?: Record<string, string>;
  min?: Record<string, string>;
  add?: Record<string, number>;
  cas?: Record<string, [string, string]>;
}

interface Entry {
  /** Global state as of the last sync with the pending patch applied; `inFlight` fields unused. */
  replica: AdmissionState;
  /** Leases this process holds per domain. */
  inFlight: Map<AdmissionDomain, number>;
  /** Slots this process may use per domain (its allotment), as granted by the last sync. */
  allowed: Map<AdmissionDomain, number>;
  /** Until when a domain counts as wanting more than it holds (after an admission failed on the allotment). */
  demandUntil: Map<AdmissionDomain, number>;
  pending: StatePatch;
}

type SyncCommand = (keys: [string, string, string, string], ...argv: string[]) => Promise<[string[], string]>;

const SCALARS = [
  'staticCap',
  'blockedUntil',
  'successStreak',
  'consecutiveRateLimits',
  'rampStartedAt',
  'rateLimitCeiling',
  'lastDecreaseFrom',
  'ceilingHits',
  'overshootFloor',
] as const;
type Scalar = (typeof SCALARS)[number];
const COUNTERS: readonly Scalar[] = ['successStreak', 'consecutiveRateLimits'];
const OVERWRITTEN: readonly Scalar[] = ['rampStartedAt', 'rateLimitCeiling', 'lastDecreaseFrom', 'ceilingHits', 'overshootFloor'];

/**
 * Request-admission state shared by every process on one Redis: the AIMD limit, cooldown and
 * counters of each (provider, model) are global, and so is the number of requests in flight,
 * through leased allotments. Decisions stay synchronous and local: a process admits a request when
 * it holds a free slot of its allotment; a background sync (one Lua call per (provider, model) every
 * `syncIntervalMs`, sooner when a caller lacks a slot) pushes its AIMD changes, reports its in-flight
 * count and demand, and gets its allotment back (a fair share of the global limit). In steady state
 * there is no Redis round trip per request. Allotments of a process that stops syncing (crash,
 * SIGKILL) expire after `leaseTtlMs`. While Redis is unreachable the process keeps its last
 * allotment and retries.
 */
export class RedisAdmissionStateStore implements AdmissionStateStore {
  /** This process's id in the shared allotment tables. */
  readonly processId: string;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly syncIntervalMs: number;
  private readonly leaseTtlMs: number;
  private readonly idleTtlMs: number;
  private readonly demandHoldMs: number;
  private readonly onLog: (level: 'info' | 'warning', message: string) => void;
  private readonly entries = new Map<string, Entry>();
  private readonly changeListeners: Array<() => void> = [];
  private readonly sync: SyncCommand;
  private readonly subscriber: Redis | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private syncing: Promise<void> | undefined;
  private urgent = false;
  private closed = false;
  private failing = false;

  constructor(options: RedisAdmissionStateStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'dd';
    this.processId = (options.processId ?? randomUUID()).replace(/\|/g, '_');
    this.syncIntervalMs = options.syncIntervalMs ?? 50;
    this.leaseTtlMs = options.leaseTtlMs ?? 5_000;
    this.idleTtlMs = options.idleTtlMs ?? 600_000;
    this.demandHoldMs = options.demandHoldMs ?? 1_000;
    this.onLog = options.onLog ?? (() => undefined);
    const name = 'ddAdmissionSync';
    // ioredis adds a method per defineCommand; it is looked up by name, once per connection.
    if (typeof Reflect.get(this.redis, name) !== 'function') this.redis.defineCommand(name, { numberOfKeys: 4, lua: ADMISSION_SYNC_SCRIPT });
    const command: unknown = Reflect.get(this.redis, name);
    if (typeof command !== 'function') throw new Error(`ioredis did not define the ${name} command`);
    this.sync = (keys, ...argv) => Reflect.apply(command, this.redis, [keys, ...argv]);
    this.subscriber = options.subscriber;
    if (this.subscriber) {
      this.subscriber.on('pmessage', (_pattern: string, _channel: string, from: string) => {
        if (from !== this.processId) this.requestSync(true);
      });
      void this.subscriber.psubscribe(`${this.prefix}:adm:*:state:changed`).catch(() => undefined);
    }
  }

  /** Copy of the state of `key` as this process sees it (its allotment folded into `inFlight`). */
  get(key: string): AdmissionState | undefined {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : this.present(entry);
  }

  /** Applies `fn` to the local view; admissions, releases and AIMD changes reach Redis with the next sync. */
  update<T>(key: string, fn: (state: AdmissionState | undefined) => AdmissionStateUpdate<T>): T {
    const entry = this.entries.get(key);
    const presented = entry === undefined ? undefined : this.present(entry);
    const { next, result } = fn(presented === undefined ? undefined : cloneAdmissionState(presented));
    if (next === undefined) return result; // shared state is never deleted by one process
    if (entry === undefined || presented === undefined) {
      this.entries.set(key, this.newEntry(next));
      this.requestSync(true);
      return result;
    }
    // A domain's first use here: the controller created it and may have admitted on it before this
    // process had an allotment for it. The domain is registered (with its demand) first, and the
    // update runs again on the state that shows it, so the admission waits for the allotment.
    const admittedOnNew = (Object.keys(next.domains) as AdmissionDomain[]).filter(
      (domain) => domain !== 'healthcheck' && presented.domains[domain] === undefined && (next.domains[domain]?.inFlight ?? 0) > 0,
    );
    if (admittedOnNew.length === 0 || this.failing) {
      this.applyLocal(entry, presented, next);
      return result;
    }
    for (const domain of admittedOnNew) this.registerDomain(entry, domain, next.domains[domain]?.currentLimit ?? next.staticCap);
    this.requestSync(true);
    const shown = this.present(entry);
    const again = fn(cloneAdmissionState(shown));
    if (again.next !== undefined) this.applyLocal(entry, shown, again.next);
    return again.result;
  }

  /** Keys with a state in this process. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Calls `listener` after every sync (allotments and limits may have changed). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Syncs once now (tests and `close` use it; normally the timer does). */
  async flush(): Promise<void> {
    while (this.syncing) await this.syncing;
    this.syncing = this.syncAll().finally(() => {
      this.syncing = undefined;
    });
    await this.syncing;
  }

  /** Most slots held at once over all processes for `(key, domain)`, as recorded in Redis. */
  async peakHeld(key: string, domain: AdmissionDomain): Promise<number> {
    const value = await this.redis.hget(this.keyOf(key, 'state'), `peak:${domain}`);
    return value === null ? 0 : Number(value);
  }

  /** Stops syncing and gives this process's allotments back (leases still open are forgotten). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.syncing) await this.syncing;
    await this.subscriber?.punsubscribe().catch(() => undefined);
    await Promise.all(
      [...this.entries.keys()].map(async (key) => {
        const fields = Object.keys(this.entries.get(key)?.replica.domains ?? {}).map((domain) => `${this.processId}|${domain}`);
        if (fields.length > 0) {
          await this.redis.hdel(this.keyOf(key, 'held'), ...fields).catch(() => undefined);
          await this.redis.hdel(this.keyOf(key, 'want'), ...fields).catch(() => undefined);
        }
        await this.redis.hdel(this.keyOf(key, 'alive'), this.processId).catch(() => undefined);
      }),
    );
  }

  // ---- local view -----------------------------------------------------------------------------

  /**
   * The replica with each domain's `inFlight` = own leases + the slots beyond this process's allotment
   * (limit − allotment), so the controller's test `inFlight < limit` means "a free slot of the
   * allotment". A domain without an allotment shows as full: its first admission attempt starts the
   * demand and an immediate sync, and the waiter is admitted once the sync grants slots (`onChange`).
   * (Letting that first request pass put one request per idle process over the limit whenever another
   * process held the whole limit, e.g. when cooldowns ended: a 429, a new cooldown, and so on.) While
   * Redis cannot be reached, an idle domain lets its own leases through one at a time instead, and
   * health checks are never shared.
   */
  private present(entry: Entry): AdmissionState {
    const state = cloneAdmissionState(entry.replica);
    const now = Date.now();
    for (const [domain, value] of Object.entries(state.domains) as Array<[AdmissionDomain, { currentLimit: number; inFlight: number }]>) {
      const own = entry.inFlight.get(domain) ?? 0;
      if (domain === 'healthcheck') {
        value.inFlight = own;
        continue;
      }
      const allowed = entry.allowed.get(domain) ?? 0;
      const idleWithoutRedis = this.failing && own === 0 && allowed === 0 && (entry.demandUntil.get(domain) ?? 0) <= now;
      value.inFlight = idleWithoutRedis ? own : own + Math.max(0, value.currentLimit - allowed);
    }
    return state;
  }

  private newEntry(next: AdmissionState): Entry {
    const entry: Entry = { replica: cloneAdmissionState(next), inFlight: new Map(), allowed: new Map(), demandUntil: new Map(), pending: {} };
    const init: Record<string, string> = {};
    for (const field of SCALARS) init[field] = encode(next[field]);
    entry.pending.init = init;
    for (const [domain, value] of Object.entries(next.domains) as Array<[AdmissionDomain, { currentLimit: number; inFlight: number }]>) {
      init[`limit:${domain}`] = String(value.currentLimit);
      entry.inFlight.set(domain, value.inFlight);
      entry.demandUntil.set(domain, Date.now() + this.demandHoldMs);
    }
    return entry;
  }

  /** First use of a domain in this process: its limit is created globally unless another process did first, and it wants slots. */
  private registerDomain(entry: Entry, domain: AdmissionDomain, limit: number): void {
    entry.pending.setnx = { ...entry.pending.setnx, [`limit:${domain}`]: String(limit) };
    entry.replica.domains[domain] = { currentLimit: limit, inFlight: 0 };
    entry.inFlight.set(domain, entry.inFlight.get(domain) ?? 0);
    entry.demandUntil.set(domain, Date.now() + this.demandHoldMs);
  }

  /** Folds the controller's change (`presented` → `next`) into own leases, the replica and the pending patch. */
  private applyLocal(entry: Entry, presented: AdmissionState, next: AdmissionState): void {
    const patch = entry.pending;
    let changed = false;
    for (const [domain, value] of Object.entries(next.domains) as Array<[AdmissionDomain, { currentLimit: number; inFlight: number }]>) {
      const before = presented.domains[domain];
      if (before === undefined) {
        this.registerDomain(entry, domain, value.currentLimit);
        entry.inFlight.set(domain, value.inFlight);
        changed = true;
        continue;
      }
      const delta = value.inFlight - before.inFlight;
      if (delta !== 0) entry.inFlight.set(domain, Math.max(0, (entry.inFlight.get(domain) ?? 0) + delta));
      if (value.currentLimit !== before.currentLimit) {
        const field = `limit:${domain}`;
        const from = patch.cas?.[field]?.[0] ?? String(before.currentLimit);
        patch.cas = { ...patch.cas, [field]: [from, String(value.currentLimit)] };
        const replicaDomain = entry.replica.domains[domain];
        if (replicaDomain) replicaDomain.currentLimit = value.currentLimit;
        // The process that lowers the limit takes the cut out of its own allotment until the next
        // sync: the others still hold theirs, and together they must not exceed the new limit.
        const cut = before.currentLimit - value.currentLimit;
        if (cut > 0) entry.allowed.set(domain, Math.max(0, (entry.allowed.get(domain) ?? 0) - cut));
        changed = true;
      }
      if (delta === 0 && value.currentLimit === before.currentLimit) {
        // Nothing admitted: if this process is at its allotment below the limit, or waits out a cooldown
        // (its share stays allotted, so the processes resume within the limit together), it wants more.
        const own = entry.inFlight.get(domain) ?? 0;
        const now = Date.now();
        if (domain !== 'healthcheck' && own < value.currentLimit && (own >= (entry.allowed.get(domain) ?? 0) || now < next.blockedUntil)) {
          const wasWanting = (entry.demandUntil.get(domain) ?? 0) > now;
          entry.demandUntil.set(domain, now + this.demandHoldMs);
          // Only a new demand is urgent; a process already wanting waits for the regular sync.
          if (!wasWanting) this.requestSync(true);
        }
      }
    }
    for (const field of SCALARS) {
      const before = presented[field] ?? null;
      const after = next[field] ?? null;
      if (before === after) continue;
      changed = true;
      if (field === 'blockedUntil') {
        patch.max = { ...patch.max, blockedUntil: String(Math.max(Number(after), Number(patch.max?.blockedUntil ?? 0))) };
      } else if (field === 'staticCap') {
        patch.min = { ...patch.min, staticCap: String(after) };
      } else if (COUNTERS.includes(field)) {
        if (typeof after === 'number' && typeof before === 'number' && after > before) {
          patch.add = { ...patch.add, [field]: (patch.add?.[field] ?? 0) + (after - before) };
        } else {
          patch.set = { ...patch.set, [field]: encode(after) };
          if (patch.add) delete patch.add[field];
        }
      } else if (OVERWRITTEN.includes(field)) {
        patch.set = { ...patch.set, [field]: encode(after) };
      }
      (entry.replica as unknown as Record<string, unknown>)[field] = after;
    }
    if (changed) this.requestSync(false);
  }

  // ---- sync -----------------------------------------------------------------------------------

  private keyOf(key: string, part: 'state' | 'held' | 'want' | 'alive'): string {
    return `${this.prefix}:adm:{${key}}:${part}`;
  }

  /** Schedules the next sync: right away when `urgent`, else at the regular period. */
  private requestSync(urgent: boolean): void {
    if (this.closed) return;
    if (urgent) this.urgent = true;
    if (this.syncing) return;
    if (this.timer !== undefined && !urgent) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runTimer(), urgent ? 0 : this.syncIntervalMs);
    this.timer.unref?.();
  }

  private runTimer(): void {
    this.timer = undefined;
    if (this.closed || this.syncing) return;
    this.urgent = false;
    this.syncing = this.syncAll().finally(() => {
      this.syncing = undefined;
      if (this.closed) return;
      // Keep syncing while anything is held or wanted; an idle process stops touching Redis.
      const busy = [...this.entries.values()].some(
        (entry) => [...entry.inFlight.values()].some((n) => n > 0) || [...entry.demandUntil.values()].some((t) => t > Date.now()),
      );
      if (this.urgent || busy || this.hasPending()) this.requestSync(this.urgent);
    });
  }

  private hasPending(): boolean {
    return [...this.entries.values()].some((entry) => Object.keys(entry.pending).length > 0);
  }

  private async syncAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.syncKey(key)));
  }

  private async syncKey(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    const patch = entry.pending;
    entry.pending = {};
    const now = Date.now();
    const domains: Record<string, [number, number]> = {};
    for (const domain of Object.keys(entry.replica.domains) as AdmissionDomain[]) {
      const own = entry.inFlight.get(domain) ?? 0;
      const limit = entry.replica.domains[domain]?.currentLimit ?? 0;
      const wanting = (entry.demandUntil.get(domain) ?? 0) > now;
      domains[domain] = [own, wanting ? Math.max(own, limit) : own];
    }
    let reply: [string[], string];
    try {
      reply = await this.sync(
        [this.keyOf(key, 'state'), this.keyOf(key, 'held'), this.keyOf(key, 'want'), this.keyOf(key, 'alive')],
        this.processId,
        String(this.leaseTtlMs),
        JSON.stringify(patch),
        JSON.stringify(domains),
        String(this.idleTtlMs),
      );
    } catch (error) {
      entry.pending = mergePatches(patch, entry.pending);
      if (!this.failing) {
        this.failing = true;
        this.onLog('warning', `⚠️ Shared request admission: Redis sync failed (${(error as Error).message}); keeping the last allotment and retrying.`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, this.syncIntervalMs * 10)));
      return;
    }
    if (this.failing) this.onLog('info', '✅ Shared request admission: Redis sync works again.');
    this.failing = false;
    const [flat, allowedJson] = reply;
    const global = decodeState(flat);
    const allowed = JSON.parse(allowedJson) as Record<string, number> | unknown[];
    for (const [domain, slots] of Object.entries(Array.isArray(allowed) ? {} : allowed) as Array<[AdmissionDomain, number]>) entry.allowed.set(domain, slots);
    // Keep own domains the global state does not list yet (their setnx is in flight).
    for (const [domain, value] of Object.entries(entry.replica.domains) as Array<[AdmissionDomain, { currentLimit: number; inFlight: number }]>) {
      global.domains[domain] ??= { ...value };
    }
    entry.replica = applyPatch(global, entry.pending);
    for (const listener of this.changeListeners) {
      try {
        listener();
      } catch {
        // a listener must not break the sync loop
      }
    }
  }
}

function encode(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function decodeNumber(value: string | undefined): number | null {
  return value === undefined || value === '' ? null : Number(value);
}

/** AdmissionState from the flat HGETALL list of the state hash. */
function decodeState(flat: string[]): AdmissionState {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] as string, flat[i + 1] as string);
  const state: AdmissionState = {
    staticCap: decodeNumber(fields.get('staticCap')) ?? 1,
    domains: {},
    blockedUntil: decodeNumber(fields.get('blockedUntil')) ?? 0,
    successStreak: decodeNumber(fields.get('successStreak')) ?? 0,
    consecutiveRateLimits: decodeNumber(fields.get('consecutiveRateLimits')) ?? 0,
    rampStartedAt: decodeNumber(fields.get('rampStartedAt')),
    rateLimitCeiling: decodeNumber(fields.get('rateLimitCeiling')),
    lastDecreaseFrom: decodeNumber(fields.get('lastDecreaseFrom')),
    ceilingHits: decodeNumber(fields.get('ceilingHits')) ?? 0,
    overshootFloor: decodeNumber(fields.get('overshootFloor')),
  };
  for (const [field, value] of fields) {
    if (field.startsWith('limit:')) state.domains[field.slice('limit:'.length) as AdmissionDomain] = { currentLimit: Number(value), inFlight: 0 };
  }
  return state;
}

/** The state as the sync script would leave it after `patch` (used for changes made during a sync). */
function applyPatch(state: AdmissionState, patch: StatePatch): AdmissionState {
  const out = cloneAdmissionState(state);
  const record = out as unknown as Record<string, number | null>;
  const put = (field: string, value: string) => {
    if (field.startsWith('limit:')) {
      const domain = field.slice('limit:'.length) as AdmissionDomain;
      out.domains[domain] = { currentLimit: Number(value), inFlight: 0 };
    } else record[field] = decodeNumber(value);
  };
  for (const [field, value] of Object.entries(patch.set ?? {})) put(field, value);
  for (const [field, value] of Object.entries(patch.max ?? {})) if (Number(value) > Number(record[field] ?? 0)) put(field, value);
  for (const [field, value] of Object.entries(patch.min ?? {})) if (Number(value) < Number(record[field] ?? Infinity)) put(field, value);
  for (const [field, value] of Object.entries(patch.add ?? {})) record[field] = Math.max(0, Number(record[field] ?? 0) + value);
  for (const [field, [, to]] of Object.entries(patch.cas ?? {})) put(field, to);
  for (const [field, value] of Object.entries(patch.setnx ?? {})) {
    const domain = field.slice('limit:'.length) as AdmissionDomain;
    if (out.domains[domain] === undefined) put(field, value);
  }
  return out;
}

/** `older` then `newer`, as one patch (used to retry a sync that failed). */
function mergePatches(older: StatePatch, newer: StatePatch): StatePatch {
  const merged: StatePatch = { ...older };
  if (newer.init) merged.init = { ...newer.init, ...(older.init ?? {}) };
  if (newer.setnx) merged.setnx = { ...newer.setnx, ...(older.setnx ?? {}) };
  if (newer.set) merged.set = { ...(older.set ?? {}), ...newer.set };
  for (const kind of ['max', 'min'] as const) {
    const values = { ...(older[kind] ?? {}) };
    for (const [field, value] of Object.entries(newer[kind] ?? {})) {
      const current = values[field];
      values[field] = current === undefined ? value : String((kind === 'max' ? Math.max : Math.min)(Number(current), Number(value)));
    }
    if (Object.keys(values).length > 0) merged[kind] = values;
  }
  if (newer.add) {
    const add = { ...(older.add ?? {}) };
    for (const [field, value] of Object.entries(newer.add)) add[field] = (add[field] ?? 0) + value;
    merged.add = add;
  }
  if (newer.cas) {
    const cas = { ...(older.cas ?? {}) };
    for (const [field, [from, to]] of Object.entries(newer.cas)) cas[field] = [cas[field]?.[0] ?? from, to];
    merged.cas = cas;
  }
  return merged;
}
