import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '../results/sample-indices.js';
import { formatGroupedNumber } from './format-grouped-number.js';

const intl = (value: number, digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value);

describe('formatGroupedNumber', () => {
  it('writes what Intl.NumberFormat en-US writes on rounding edges, signs and exponents', () => {
    const values = [
      0,
      -0,
      0.5,
      1.005,
      2.675,
      0.125,
      -0.004,
      -0.005,
      999.995,
      9.995,
      99999.99999,
      1234567.891,
      1e-7,
      1e21,
      0.1 + 0.2,
      -1234.5,
      2.5,
      -2.5,
      0.95,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (const value of values) for (const digits of [0, 1, 2]) expect(formatGroupedNumber(value, digits)).toBe(intl(value, digits));
    expect(formatGroupedNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatGroupedNumber(999.995, 2)).toBe('1,000');
  });

  it('agrees with Intl.NumberFormat on 30,000 values across magnitudes', () => {
    const random = seededRandom(12);
    for (let index = 0; index < 30_000; index++) {
      let value = (random() - 0.3) * 10 ** Math.floor(random() * 22 - 8);
      if (index % 3 === 0) value = Math.round(value * 1000) / 1000;
      const digits = index % 3;
      expect(formatGroupedNumber(value, digits)).toBe(intl(value, digits));
    }
  });
});
