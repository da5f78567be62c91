import { requireVendorFile } from '../package-files/package-root.js';
import { createMt19937 } from './mt19937.js';

type Prng = () => number;
type Draw0 = () => number;
type Draw1 = (a: number) => number;
type Draw2 = (a: number, b: number) => number;
type Draw3 = (a: number, b: number, c: number) => number;
interface StdlibFactory<F> {
  factory(options: { prng: Prng }): F;
}

// The `@stdlib/random-base-*` packages of the distributions, bundled into one file at build time
// (scripts/vendor-deps.mjs: the packages install ~270 @stdlib dependencies, ~30 MB on disk). The
// bundle loads on the first distribution drawn from; each package's code runs on its first use.
let stdlib: Record<string, unknown> | undefined;
const load = <F>(name: string): StdlibFactory<F> => {
  stdlib ??= requireVendorFile<Record<string, unknown>>('stdlib/random-base.cjs');
  return stdlib[name] as StdlibFactory<F>;
};

/** Stdlib distributions the samplers draw from, keyed by their package name without `@stdlib/random-base-`. */
const DISTRIBUTIONS = {
  normal: () => load<Draw2>('normal'),
  gamma: () => load<Draw2>('gamma'),
  beta: () => load<Draw2>('beta'),
  poisson: () => load<Draw1>('poisson'),
  binomial: () => load<Draw2>('binomial'),
  bernoulli: () => load<Draw1>('bernoulli'),
  exponential: () => load<Draw1>('exponential'),
  lognormal: () => load<Draw2>('lognormal'),
  t: () => load<Draw1>('t'),
  chisquare: () => load<Draw1>('chisquare'),
  laplace: () => load<Draw2>('laplace'),
  logistic: () => load<Draw2>('logistic'),
  cauchy: () => load<Draw2>('cauchy'),
  weibull: () => load<Draw2>('weibull'),
  geometric: () => load<Draw1>('geometric'),
  'negative-binomial': () => load<Draw2>('negative-binomial'),
  'pareto-type1': () => load<Draw2>('pareto-type1'),
  rayleigh: () => load<Draw1>('rayleigh'),
  gumbel: () => load<Draw2>('gumbel'),
  triangular: () => load<Draw3>('triangular'),
  f: () => load<Draw2>('f'),
} as const;

type DistributionName = keyof typeof DISTRIBUTIONS;
type DrawOf<N extends DistributionName> = ReturnType<(typeof DISTRIBUTIONS)[N]> extends StdlibFactory<infer F> ? F : never;

/** Seeded source of randomness for one row group: uniform numbers, integers and stdlib distributions. */
export interface RandomSource {
  /** Uniform double in [0, 1). */
  uniform: Draw0;
  /** Uniform unsigned 32-bit integer. */
  uint32: Draw0;
  /** Uniform integer in [low, high). */
  integer(low: number, high: number): number;
  /** A stdlib distribution sampler driven by this source (created once, then cached). */
  distribution<N extends DistributionName>(name: N): DrawOf<N>;
}

/** Creates the MT19937-based random source of one (seed, stream) pair, e.g. (run seed, row group). */
export function createRandomSource(seed: number, stream: number): RandomSource {
  // Same stream as @stdlib/random-base-mt19937 seeded with this array (see mt19937.ts).
  const generator = createMt19937([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, stream >>> 0, 0x9e3779b9]);
  const uniform = generator.uniform;
  const cache = new Map<string, unknown>();
  return {
    uniform,
    uint32: generator.uint32,
    integer: (low, high) => low + Math.floor(uniform() * (high - low)),
    distribution<N extends DistributionName>(name: N): DrawOf<N> {
      let draw = cache.get(name);
      if (draw === undefined) {
        draw = DISTRIBUTIONS[name]().factory({ prng: uniform });
        cache.set(name, draw);
      }
      return draw as DrawOf<N>;
    },
  };
}

/** A random 32-bit seed for runs that did not ask for reproducibility. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
