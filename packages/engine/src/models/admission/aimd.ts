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
  };
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
    value = { currentLimit: Math.min(state.staticCap, rampLimit(state, ctx) ?? state.staticCap), inFlight: 0 };
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
export function tryAdmit(state: AdmissionState, domain: AdmissionDomain, ctx: AimdContext): number | null {
  advanceRamp(state, ctx);
  if (!canAdmit(state, domain, ctx)) return null;
  const value = domainState(state, domain, ctx);
  value.inFlight++;
  return value.currentLimit;
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
  admittedAtLimit: number,
  retryAfterMs: number | undefined,
  ctx: AimdContext,
): void {
  advanceRamp(state, ctx);
  const value = domainState(state, domain, ctx);
  if (value.inFlight > 0) value.inFlight--;
  if (outcome === 'rate_limited') onRateLimited(state, domain, value, admittedAtLimit, retryAfterMs, ctx);
  else if (outcome === 'success') onSuccess(state, domain, value, ctx);
  else if (totalInFlight(state) === 0) state.consecutiveRateLimits = 0;
}

function onRateLimited(
  state: AdmissionState,
  domain: AdmissionDomain,
  value: DomainAdmissionState,
  admittedAtLimit: number,
  retryAfterMs: number | undefined,
  ctx: AimdContext,
): void {
  state.rampStartedAt = null;
  state.consecutiveRateLimits++;
  const cooldownMs = retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : ctx.tuning.cooldown_seconds * 1000;
  // Never shorten a longer block (e.g. an earlier, longer Retry-After).
  state.blockedUntil = Math.max(state.blockedUntil, ctx.now + cooldownMs);
  state.successStreak = 0;
  const decrease = admittedAtLimit <= value.currentLimit;
  ctx.events.push({
    ...base(ctx, domain),
    type: 'request_rate_limited',
    cooldownMs,
    consecutiveRateLimits: state.consecutiveRateLimits,
    decreased: decrease,
  });
  if (!decrease) return;
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

function onSuccess(state: AdmissionState, domain: AdmissionDomain, value: DomainAdmissionState, ctx: AimdContext): void {
  if (ctx.now < state.blockedUntil) return; // successes during a cooldown change nothing
  state.consecutiveRateLimits = 0;
  if (state.rampStartedAt !== null) return; // the ramp, not a streak, raises the limit
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
 * (1, 4, 16, 64 × …), so a confirmed provider ceiling is probed rarely instead of every few
 * seconds — each probe costs a cooldown with no admissions at all.
 */
function successesNeeded(state: AdmissionState, value: DomainAdmissionState, ctx: AimdContext): number {
  const base = ctx.tuning.successes_until_increase;
  const from = state.lastDecreaseFrom ?? null;
  const hits = state.ceilingHits ?? 0;
  if (from === null || hits <= 1 || value.currentLimit + ctx.tuning.additive_increase_step < from) return base;
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
