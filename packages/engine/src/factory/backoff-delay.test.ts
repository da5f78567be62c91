import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from './backoff-delay.js';
import { canonicalJson, hashInput } from './hash-input.js';

describe('backoffDelay', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per retry with up to 10 % jitter on top, capped (the shared retryDelayMs formula)', () => {
    expect(backoffDelay(1, options, undefined, () => 0)).toBe(100);
    expect(backoffDelay(1, options, undefined, () => 0.999)).toBe(110);
    expect(backoffDelay(3, options, undefined, () => 0)).toBe(400);
    expect(backoffDelay(10, options, undefined, () => 1)).toBe(1000);
  });
  it('honors a retryAfterMs hint (Retry-After) up to the cap', () => {
    expect(backoffDelay(1, options, { retryAfterMs: 700 }, () => 0)).toBe(700);
    expect(backoffDelay(1, options, { retryAfterMs: 9000 }, () => 0)).toBe(1000);
  });
});

describe('hashInput', () => {
  it('ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
    expect(hashInput({ a: 1, b: 2 })).toBe(hashInput({ b: 2, a: 1 }));
    expect(hashInput({ a: 1 })).not.toBe(hashInput({ a: 2 }));
  });
});
