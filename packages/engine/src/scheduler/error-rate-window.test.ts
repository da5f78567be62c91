import { describe, expect, it } from '@jest/globals';
import { ErrorRateWindow } from './error-rate-window.js';

describe('ErrorRateWindow', () => {
  it('trips only once full and at the threshold, sliding old outcomes out', () => {
    const window = new ErrorRateWindow(4, 0.5);
    expect(window.record(true)).toBe(false);
    expect(window.record(true)).toBe(false); // 2 of 2, but the window is not full
    expect(window.record(false)).toBe(false);
    expect(window.record(false)).toBe(true); // 2 of 4
    expect(window.record(false)).toBe(false); // oldest failure slid out: 1 of 4
    expect(window.failures).toBe(1);
    expect(window.count).toBe(4);
  });
});
