import { createRandomSource } from './create-random-source.js';
import { createScipySampler, SCIPY_DISTRIBUTION_NAMES } from './scipy-distributions.js';

const N = 20_000;
const stats = (name: string, params: Record<string, number>): { mean: number; sd: number; min: number; max: number; values: number[] } => {
  const draw = createScipySampler('x', name, params).bind(createRandomSource(123, 0));
  const values = Array.from({ length: N }, draw);
  const mean = values.reduce((a, b) => a + b, 0) / N;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / N);
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), values };
};

describe('scipy distributions', () => {
  test.each([
    ['norm', { loc: 1, scale: 2 }, 1, 2],
    ['uniform', { loc: 2, scale: 4 }, 4, 4 / Math.sqrt(12)],
    ['expon', { scale: 3 }, 3, 3],
    ['gamma', { a: 4, scale: 0.5 }, 2, 1],
    ['beta', { a: 2, b: 2 }, 0.5, Math.sqrt(4 / (16 * 5))],
    ['lognorm', { s: 0.5 }, Math.exp(0.125), Math.sqrt((Math.exp(0.25) - 1) * Math.exp(0.25))],
    ['t', { df: 10 }, 0, Math.sqrt(10 / 8)],
    ['chi2', { df: 3 }, 3, Math.sqrt(6)],
    ['laplace', { loc: 1, scale: 2 }, 1, 2 * Math.SQRT2],
    ['logistic', { scale: 1 }, 0, Math.PI / Math.sqrt(3)],
    ['weibull_min', { c: 1 }, 1, 1],
    ['poisson', { mu: 3, loc: 1 }, 4, Math.sqrt(3)],
    ['binom', { n: 20, p: 0.25 }, 5, Math.sqrt(20 * 0.25 * 0.75)],
    ['bernoulli', { p: 0.3 }, 0.3, Math.sqrt(0.21)],
    ['geom', { p: 0.5 }, 2, Math.sqrt(2)],
    ['nbinom', { n: 5, p: 0.5 }, 5, Math.sqrt(10)],
    ['randint', { low: 0, high: 10 }, 4.5, Math.sqrt(99 / 12)],
    ['truncnorm', { a: -1, b: 1 }, 0, 0.5396],
    ['rayleigh', { scale: 1 }, Math.sqrt(Math.PI / 2), Math.sqrt((4 - Math.PI) / 2)],
    ['triang', { c: 0.5, loc: 0, scale: 2 }, 1, Math.sqrt(4 / 24)],
  ])('%s %j has the expected mean and sd', (name, params, mean, sd) => {
    const s = stats(name, params);
    expect(Math.abs(s.mean - mean)).toBeLessThan(0.05 * Math.max(1, sd) + 0.02);
    expect(Math.abs(s.sd - sd)).toBeLessThan(0.06 * Math.max(1, sd) + 0.02);
  });

  test('truncnorm stays within [loc + a·scale, loc + b·scale], also in far tails', () => {
    const s = stats('truncnorm', { a: 3, b: 4, loc: 10, scale: 2 });
    expect(s.min).toBeGreaterThanOrEqual(16);
    expect(s.max).toBeLessThanOrEqual(18);
    const left = stats('truncnorm', { a: -6, b: -5 });
    expect(left.max).toBeLessThanOrEqual(-5);
    expect(left.min).toBeGreaterThanOrEqual(-6);
  });

  test('discrete distributions give integers', () => {
    for (const [name, params] of [
      ['poisson', { mu: 2 }],
      ['binom', { n: 3, p: 0.5 }],
      ['geom', { p: 0.3 }],
      ['randint', { low: -2, high: 2 }],
    ] as const) {
      expect(stats(name, params).values.every(Number.isInteger)).toBe(true);
    }
  });

  test('unknown names list the supported ones', () => {
    expect(() => createScipySampler('col', 'levy_stable', {})).toThrow(/Column 'col': distribution 'levy_stable' is not supported .*gamma.*norm/);
    expect(SCIPY_DISTRIBUTION_NAMES).toEqual(
      expect.arrayContaining([
        'norm',
        'uniform',
        'expon',
        'gamma',
        'beta',
        'lognorm',
        'poisson',
        'binom',
        'bernoulli',
        't',
        'chi2',
        'laplace',
        'logistic',
        'weibull_min',
        'geom',
        'randint',
        'truncnorm',
      ]),
    );
  });
});
