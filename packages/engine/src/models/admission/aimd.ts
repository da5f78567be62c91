import type { AdmissionDomain, LeaseOutcome } from '../model-types.js';
import type { AdmissionState, DomainAdmissionState } from './admission-state.js';
import type { RequestAdmissionEvent } from './admission-events.js';
import type { RequestAdmissionTuning } from './admission-tuning.js';

/** What the AIMD steps need besides the state; events are collected, emitted after the update commits. */
export interface AimdContext {
  provider: string;
  model: string;
  now: number;
  tuning: RequestAdmissionTuning;
  events: RequestAdmissionEvent[];
  /** First limit of a domain before any 429 (slow start grows it by one per success); null starts at the cap. */
  initialLimit?: number | null;
  /** false: no slow start; the first limit (`initialLimit`) grows by the additive steps only. @default true */
  slowStart?: boolean;
}

/** Fresh state for a first registration; the ramp starts now when it is on and the cap is above 1. */
export function newAdmissionState(staticCap: number, ctx: AimdContext): AdmissionState {
  const ramp = ctx.tuning.startup_ramp_seconds > 0 && staticCap > 1;
  return {
    staticCap,
    domains: {},
    blockedUntil: 0,
    successStreak: 0,
    consecutiveRateLimits: 0,
    rampStartedAt: ramp ? ctx.now : null,
    rateLimitCeiling: null,
    lastDecreaseFrom: null,
    ceilingHits: 0,
    overshootFloor: null,
  };
}

/** True before the first 429 of a (provider, model) when slow start is on and no ramp runs. */
function beforeFirstRateLimit(state: AdmissionState, ctx: AimdContext): boolean {
  return (ctx.initialLimit ?? null) !== null && (state.lastDecreaseFrom ?? null) === null && state.rampStartedAt === null && state.rateLimitCeiling === null;
}

/**
 * Slow start: before the first 429 a domain starts at `initialLimit` and every success raises its
 * limit by one, so the limit doubles per round trip until the cap or the first 429.
 */
function inSlowStart(state: AdmissionState, value: DomainAdmissionState, ctx: AimdContext): boolean {
  return ctx.slowStart !== false && beforeFirstRateLimit(state, ctx) && value.currentLimit < state.staticCap;
}

/** Limit the ramp allows now: `1 + floor((cap − 1)·elapsed/ramp)`; null once the ramp is over. */
export function rampLimit(state: AdmissionState, ctx: AimdContext): number | null {
  if (state.rampStartedAt === null) return null;
  const rampMs = ctx.tuning.startup_ramp_seconds * 1000;
  const elapsed = Math.max(0, ctx.now - state.rampStartedAt);
  if (elapsed >= rampMs || state.staticCap <= 1) return null;
  return 1 + Math.floor(((state.staticCap - 1) * elapsed) / rampMs);
}

/** Raises domain limits along the ramp and ends it when its time is up. */
export function advanceRamp(state: AdmissionState, ctx: AimdContext): void {
  if (state.rampStartedAt === null) return;
  const limit = rampLimit(state, ctx);
  if (limit === null) state.rampStartedAt = null;
  const target = Math.min(state.staticCap, limit ?? state.staticCap);
  for (const [domain, value] of domainEntries(state)) {
    if (value.currentLimit < target) {
      ctx.events.push({ ...base(ctx, domain), type: 'request_limit_increased', from: value.currentLimit, to: target, reason: 'ramp' });
      value.currentLimit = target;
    }
  }
}

/** The domain's state, created at the cap (or the ramp's current limit) on first use. */
export function domainState(state: AdmissionState, domain: AdmissionDomain, ctx: AimdContext): DomainAdmissionState {
  let value = state.domains[domain];
  if (value === undefined) {
    const start = rampLimit(state, ctx) ?? (beforeFirstRateLimit(state, ctx) ? (ctx.initialLimit ?? state.staticCap) : state.staticCap);
    value = { currentLimit: Math.max(1, Math.min(state.staticCap, start)), inFlight: 0 };
    state.domains[domain] = value;
  }
  return value;
}

/** Requests in flight over all domains of the (provider, model). */
export function totalInFlight(state: AdmissionState): number {
  let total = 0;
  for (const [, value] of domainEntries(state)) total += value.inFlight;
  return total;
}

/** True when a request of `domain` passes the admission test now (cooldown, domain limit, shared cap). */
export function canAdmit(state: AdmissionState, domain: AdmissionDomain, ctx: AimdContext): boolean {
  if (ctx.now < state.blockedUntil) return false;
  const value = domainState(state, domain, ctx);
  return value.inFlight < Math.min(value.currentLimit, state.staticCap) && totalInFlight(state) < state.staticCap;
}

/** Admits one request of `domain` if it passes; returns the limit it was admitted at, or null. */
/**
 * How a lease was admitted: the limit then, and whether it went above what the provider was known to
 * take: during slow start, or as a probe (at or above the level a 429 last came from).
 */
export interface Admission {
  limit: number;
  overshoot: 'slow_start' | 'probe' | null;
  /** Set once a slow-start lease was counted as taken by the provider before its reply (see `applySlowStartConfirmation`). */
  confirmed?: boolean;
}

/** Admits one request of `domain` if it passes; returns how it was admitted, or null. */
export function tryAdmit(state: AdmissionState, domain: AdmissionDomain, ctx: AimdContext): Admission | null {
  advanceRamp(state, ctx);
  if (!canAdmit(state, domain, ctx)) return null;
  const value = domainState(state, domain, ctx);
  value.inFlight++;
  const lastFrom = state.lastDecreaseFrom ?? null;
  const overshoot = inSlowStart(state, value, ctx) ? 'slow_start' : lastFrom !== null && value.currentLimit >= lastFrom ? 'probe' : null;
  return { limit: value.currentLimit, overshoot };
}

/** Lowers the cap to `maxParallelRequests` when smaller and clamps the domain limits to it. */
export function applyRegistration(state: AdmissionState, maxParallelRequests: number): void {
  state.staticCap = Math.min(state.staticCap, maxParallelRequests);
  for (const [, value] of domainEntries(state)) value.currentLimit = Math.min(value.currentLimit, state.staticCap);
}

/** Gives back one lease of `domain` and applies AIMD for its outcome (§4.7). */
export function applyRelease(
  state: AdmissionState,
  domain: AdmissionDomain,
  outcome: LeaseOutcome,
  admission: Admission,
  retryAfterMs: number | undefined,
  ctx: AimdContext,
): void {
  advanceRamp(state, ctx);
  const value = domainState(state, domain, ctx);
  if (value.inFlight > 0) value.inFlight--;
  if (outcome === 'rate_limited') onRateLimited(state, domain, value, admission, retryAfterMs, ctx);
  else if (outcome === 'success') {
    // A request admitted at a level known to work closes an overshoot episode.
    if (admission.overshoot === null) state.overshootFloor = null;
    onSuccess(state, domain, value, admission.confirmed === true, ctx);
  } else if (totalInFlight(state) === 0) state.consecutiveRateLimits = 0;
}

function onRateLimited(
  state: AdmissionState,
  domain: AdmissionDomain,
  value: DomainAdmissionState,
  admission: Admission,
  retryAfterMs: number | undefined,
  ctx: AimdContext,
): void {
  state.rampStartedAt = null;
  state.consecutiveRateLimits++;
  state.successStreak = 0;
  if (admission.overshoot !== null && ctx.now >= state.blockedUntil) {
    onOvershoot(state, domain, value, admission, ctx);
    return;
  }
  const cooldownMs = retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : ctx.tuning.cooldown_seconds * 1000;
  // Never shorten a longer block (e.g. an earlier, longer Retry-After).
  state.blockedUntil = Math.max(state.blockedUntil, ctx.now + cooldownMs);
  const decrease = admission.limit <= value.currentLimit;
  ctx.events.push({
    ...base(ctx, domain),
    type: 'request_rate_limited',
    cooldownMs,
    consecutiveRateLimits: state.consecutiveRateLimits,
    decreased: decrease,
  });
  if (!decrease) return;
  state.overshootFloor = null;
  state.rateLimitCeiling ??= value.currentLimit;
  // A 429 again at (or above) the level the last decrease came from confirms a ceiling there.
  const lastFrom = state.lastDecreaseFrom ?? null;
  state.ceilingHits = lastFrom !== null && value.currentLimit >= lastFrom ? (state.ceilingHits ?? 0) + 1 : 1;
  state.lastDecreaseFrom = value.currentLimit;
  // A confirmed ceiling (hit again at the same level) steps just below it instead of cutting by the factor.
  const cut = Math.max(1, Math.floor(value.currentLimit * ctx.tuning.multiplicative_decrease_factor));
  const next = state.ceilingHits > 1 ? Math.max(cut, value.currentLimit - ctx.tuning.additive_increase_step) : cut;
  if (next !== value.currentLimit) {
    ctx.events.push({ ...base(ctx, domain), type: 'request_limit_decreased', from: value.currentLimit, to: next });
    value.currentLimit = next;
  }
}

/**
 * A 429 of a request admitted above what the provider was known to take (during slow start, or as a
 * probe of a known ceiling). The provider still serves the requests in flight, so there is no
 * cooldown: the limit drops to the requests still in flight (the provider's concurrency as it
 * stands), never below the episode's floor (half the admission limit in slow start, whose previous
 * round trip went through; one step below a probe). The first such 429 opens the episode; a success
 * of a request admitted at a known-good level closes it. The rejected request itself is replayed by
 * the scheduler after its Retry-After.
 */
function onOvershoot(state: AdmissionState, domain: AdmissionDomain, value: DomainAdmissionState, admission: Admission, ctx: AimdContext): void {
  const step = ctx.tuning.additive_increase_step;
  const opening = (state.overshootFloor ?? null) === null;
  if (opening) {
    const floor = admission.overshoot === 'slow_start' ? Math.floor(admission.limit / 2) : admission.limit - step;
    state.overshootFloor = Math.max(1, floor);
    state.rateLimitCeiling ??= value.currentLimit;
    state.ceilingHits = admission.overshoot === 'probe' ? (state.ceilingHits ?? 0) + 1 : 1;
  }
  const floor = state.overshootFloor ?? 1;
  const next = Math.max(1, Math.min(value.currentLimit, Math.max(floor, totalInFlight(state))));
  ctx.events.push({
    ...base(ctx, domain),
    type: 'request_rate_limited',
    cooldownMs: 0,
    consecutiveRateLimits: state.consecutiveRateLimits,
    decreased: next < value.currentLimit,
  });
  // The level just above the limit is the one that failed: probing it again is what the backoff paces.
  const lastFrom = state.lastDecreaseFrom ?? null;
  state.lastDecreaseFrom = opening || lastFrom === null ? next + step : Math.min(lastFrom, next + step);
  if (next < value.currentLimit) {
    ctx.events.push({ ...base(ctx, domain), type: 'request_limit_decreased', from: value.currentLimit, to: next });
    value.currentLimit = next;
  }
}

/** Slow start's step: one more request allowed (up to the cap). */
function raiseInSlowStart(value: DomainAdmissionState, state: AdmissionState, domain: AdmissionDomain, ctx: AimdContext): void {
  const next = Math.min(state.staticCap, value.currentLimit + 1);
  ctx.events.push({ ...base(ctx, domain), type: 'request_limit_increased', from: value.currentLimit, to: next, reason: 'slow_start' });
  value.currentLimit = next;
}

/**
 * A slow-start lease the provider has held past the grace period without a 429 counts as taken:
 * slow start grows by one now instead of at its reply (a provider over its concurrency answers 429
 * at once, long before a reply). True when it counted (the lease's later success then adds nothing).
 */
export function applySlowStartConfirmation(state: AdmissionState, domain: AdmissionDomain, ctx: AimdContext): boolean {
  // Slow start means no 429 yet and no ramp, so no cooldown either: nothing else to check.
  const value = domainState(state, domain, ctx);
  if (!inSlowStart(state, value, ctx)) return false;
  raiseInSlowStart(value, state, domain, ctx);
  return true;
}

function onSuccess(state: AdmissionState, domain: AdmissionDomain, value: DomainAdmissionState, confirmed: boolean, ctx: AimdContext): void {
  if (ctx.now < state.blockedUntil) return; // successes during a cooldown change nothing
  state.consecutiveRateLimits = 0;
  if (state.rampStartedAt !== null) return; // the ramp, not a streak, raises the limit
  if (inSlowStart(state, value, ctx)) {
    if (!confirmed) raiseInSlowStart(value, state, domain, ctx);
    return;
  }
  state.successStreak++;
  if (state.successStreak < successesNeeded(state, value, ctx)) return;
  state.successStreak = 0;
  const cap = state.staticCap;
  if (value.currentLimit < cap) {
    const next = Math.min(cap, value.currentLimit + ctx.tuning.additive_increase_step);
    ctx.events.push({ ...base(ctx, domain), type: 'request_limit_increased', from: value.currentLimit, to: next, reason: 'additive' });
    value.currentLimit = next;
  }
  if (value.currentLimit >= cap && state.rateLimitCeiling !== null && allAtCap(state)) {
    ctx.events.push({ ...base(ctx, domain), type: 'request_fully_recovered', limit: cap, ceiling: state.rateLimitCeiling });
    state.rateLimitCeiling = null;
  }
}

/** Longest wait for a probe of a confirmed ceiling, in multiples of `successes_until_increase`. */
const MAX_PROBE_BACKOFF = 64;

/**
 * Successes before the next additive increase: `successes_until_increase`, except when the increase
 * would reach the level the last decreasing 429 came from: then ×4 for every repeated hit there
 * (1, 4, 16, 64 × …), so a confirmed provider ceiling is probed rarely. Once the limit is past that
 * level (a probe went through: the provider takes more now) increases are back at the base pace.
 */
function successesNeeded(state: AdmissionState, value: DomainAdmissionState, ctx: AimdContext): number {
  const base = ctx.tuning.successes_until_increase;
  const from = state.lastDecreaseFrom ?? null;
  const hits = state.ceilingHits ?? 0;
  const step = ctx.tuning.additive_increase_step;
  if (from === null || hits <= 1 || value.currentLimit >= from || value.currentLimit + step < from) return base;
  return base * Math.min(MAX_PROBE_BACKOFF, 4 ** (hits - 1));
}

function allAtCap(state: AdmissionState): boolean {
  return domainEntries(state).every(([, value]) => value.currentLimit >= state.staticCap);
}

function domainEntries(state: AdmissionState): Array<[AdmissionDomain, DomainAdmissionState]> {
  return Object.entries(state.domains) as Array<[AdmissionDomain, DomainAdmissionState]>;
}

function base(ctx: AimdContext, domain: AdmissionDomain): { provider: string; model: string; domain: AdmissionDomain; at: number } {
  return { provider: ctx.provider, model: ctx.model, domain, at: ctx.now };
}
