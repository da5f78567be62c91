import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './backoff.js';
import { retryAfterMsOf } from './retry-after.js';
import { isAbortError, isPreservedByFlag, isRetryableByFlag } from './retryability.js';

describe('retryDelayMs (the one backoff formula)', () => {
  const base = { initialDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 };
  it('grows by factor per retry, jitter only adds, capped at maxDelayMs', () => {
    expect(retryDelayMs({ ...base, random: () => 0 }, 0)).toBe(100);
    expect(retryDelayMs({ ...base, random: () => 0 }, 2)).toBe(400);
    expect(retryDelayMs({ ...base, random: () => 0.5 }, 1)).toBe(250);
    expect(retryDelayMs({ ...base, factor: 3, random: () => 0 }, 2)).toBe(900);
    expect(retryDelayMs({ ...base, random: () => 0.99 }, 10)).toBe(1000);
  });
  it('is never earlier than the retryAfterMs the provider asked for (below the cap)', () => {
    expect(retryDelayMs({ ...base, random: () => 0 }, 0, { retryAfterMs: 700 })).toBe(700);
    expect(retryDelayMs({ ...base, random: () => 0.2 }, 0, { retryAfterMs: 700 })).toBe(770);
    expect(retryDelayMs({ ...base, random: () => 0 }, 0, { retryAfterMs: 9000 })).toBe(1000);
    expect(retryDelayMs({ ...base, random: () => 0 }, 3, { retryAfterMs: 10 })).toBe(800);
  });
});

describe('retry-after and retryability flags', () => {
  it('reads retryAfterMs only when it is a finite number >= 0', () => {
    expect(retryAfterMsOf({ retryAfterMs: 0 })).toBe(0);
    expect(retryAfterMsOf({ retryAfterMs: 1500 })).toBe(1500);
    for (const value of [-1, Number.NaN, Infinity, '5', null]) expect(retryAfterMsOf({ retryAfterMs: value })).toBeUndefined();
    expect(retryAfterMsOf(null)).toBeUndefined();
    expect(retryAfterMsOf('x')).toBeUndefined();
  });
  it('flags: retryable, preserved, abort', () => {
    expect(isRetryableByFlag({ isRetryable: true })).toBe(true);
    expect(isRetryableByFlag({ isRetryable: 'yes' })).toBe(false);
    expect(isPreservedByFlag({ isPreserved: true })).toBe(true);
    expect(isPreservedByFlag(new Error('x'))).toBe(false);
    const aborted = new AbortController();
    aborted.abort();
    expect(isAbortError(new Error('x'), aborted.signal)).toBe(true);
    expect(isAbortError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
  });
});
