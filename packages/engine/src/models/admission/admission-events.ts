import type { AdmissionDomain } from '../model-types.js';

/** Fields every request-admission event carries. */
export interface AdmissionEventBase {
  provider: string;
  model: string;
  domain: AdmissionDomain;
  /** Controller clock, ms. */
  at: number;
}

/** Events of the request-admission controller (a throwing listener is ignored). */
export type RequestAdmissionEvent =
  | (AdmissionEventBase & {
      type: 'request_rate_limited';
      /** Cooldown set by this 429 (Retry-After or `cooldown_seconds`), ms; 0 for an overshoot (end of slow start, probe). */
      cooldownMs: number;
      /** 429s since the last success. */
      consecutiveRateLimits: number;
      /** False for later 429s of a burst (admitted under an older, higher limit): no decrease. */
      decreased: boolean;
    })
  | (AdmissionEventBase & { type: 'request_limit_decreased'; from: number; to: number })
  | (AdmissionEventBase & {
      type: 'request_limit_increased';
      from: number;
      to: number;
      /** `additive` after a success streak, `ramp` during the startup ramp, `slow_start` per success before the first 429. */
      reason: 'additive' | 'ramp' | 'slow_start';
    })
  | (AdmissionEventBase & {
      type: 'request_fully_recovered';
      /** The static cap the limit is back at. */
      limit: number;
      /** Limit at which the first 429 of the episode hit. */
      ceiling: number;
    });
