import type { RandomSource } from './create-random-source.js';
import { definedOrThrow } from '@dd/config';
import { SamplerConfigurationError } from './sampler-errors.js';

/** Every parameter name a distribution below declares (scipy's keyword names). */
type ParamName = 'a' | 'b' | 'c' | 'df' | 'dfd' | 'dfn' | 'high' | 'loc' | 'low' | 'mu' | 'n' | 'p' | 's' | 'scale';
/** Validated parameters: `draw` reads only the names its distribution's `params` declare, which validation fills. */
type Params = Record<ParamName, number>;

interface ParamSpec {
  name: ParamName;
  /** Default when omitted; a spec without default is required. */
  default?: number;
  /** Valid when true; `rule` explains the condition. */
  valid?: (value: number, all: Params) => boolean;
  rule?: string;
}

interface ScipyDistribution {
  discrete: boolean;
  params: ParamSpec[];
  draw(random: RandomSource, p: Params): () => number;
}

const positive = { valid: (v: number) => v > 0, rule: 'must be > 0' };
const probability = { valid: (v: number) => v >= 0 && v <= 1, rule: 'must be in [0, 1]' };
const loc: ParamSpec = { name: 'loc', default: 0 };
const scale: ParamSpec = { name: 'scale', default: 1, ...positive };
const integerLoc: ParamSpec = { name: 'loc', default: 0, valid: Number.isInteger, rule: 'must be an integer' };

/** Truncated standard normal on [a, b] by rejection (normal, uniform or exponential-tail proposals). */
function truncatedStandardNormal(random: RandomSource, a: number, b: number): () => number {
  const normal = random.distribution('normal');
  if (b <= 0 && a < 0 && a !== -Infinity) {
    const mirrored = truncatedStandardNormal(random, -b, -a);
    return () => -mirrored();
  }
  if (a <= 0.5 && b - a > 0.5) {
    return () => {
      for (;;) {
        const x = normal(0, 1);
        if (x >= a && x <= b) return x;
      }
    };
  }
  if (a > 0.5) {
    const alpha = (a + Math.sqrt(a * a + 4)) / 2;
    return () => {
      for (;;) {
        const x = a - Math.log(1 - random.uniform()) / alpha;
        if (x <= b && random.uniform() <= Math.exp(-((x - alpha) ** 2) / 2)) return x;
      }
    };
  }
  // Narrow interval near zero: uniform proposal under the density's maximum on [a, b].
  const peak = a > 0 ? a : Math.min(b, 0);
  return () => {
    for (;;) {
      const x = a + (b - a) * random.uniform();
      if (random.uniform() <= Math.exp((peak * peak - x * x) / 2)) return x;
    }
  };
}

const DISTRIBUTIONS: Record<string, ScipyDistribution> = {
  norm: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const n = r.distribution('normal');
      return () => n(p.loc, p.scale);
    },
  },
  uniform: { discrete: false, params: [loc, scale], draw: (r, p) => () => p.loc + p.scale * r.uniform() },
  expon: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const e = r.distribution('exponential');
      return () => p.loc + p.scale * e(1);
    },
  },
  gamma: {
    discrete: false,
    params: [{ name: 'a', ...positive }, loc, scale],
    draw: (r, p) => {
      const g = r.distribution('gamma');
      return () => p.loc + p.scale * g(p.a, 1);
    },
  },
  beta: {
    discrete: false,
    params: [{ name: 'a', ...positive }, { name: 'b', ...positive }, loc, scale],
    draw: (r, p) => {
      const b = r.distribution('beta');
      return () => p.loc + p.scale * b(p.a, p.b);
    },
  },
  lognorm: {
    discrete: false,
    params: [{ name: 's', ...positive }, loc, scale],
    draw: (r, p) => {
      const n = r.distribution('normal');
      return () => p.loc + p.scale * Math.exp(p.s * n(0, 1));
    },
  },
  t: {
    discrete: false,
    params: [{ name: 'df', ...positive }, loc, scale],
    draw: (r, p) => {
      const t = r.distribution('t');
      return () => p.loc + p.scale * t(p.df);
    },
  },
  chi2: {
    discrete: false,
    params: [{ name: 'df', ...positive }, loc, scale],
    draw: (r, p) => {
      const c = r.distribution('chisquare');
      return () => p.loc + p.scale * c(p.df);
    },
  },
  f: {
    discrete: false,
    params: [{ name: 'dfn', ...positive }, { name: 'dfd', ...positive }, loc, scale],
    draw: (r, p) => {
      const f = r.distribution('f');
      return () => p.loc + p.scale * f(p.dfn, p.dfd);
    },
  },
  laplace: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const l = r.distribution('laplace');
      return () => l(p.loc, p.scale);
    },
  },
  logistic: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const l = r.distribution('logistic');
      return () => l(p.loc, p.scale);
    },
  },
  cauchy: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const c = r.distribution('cauchy');
      return () => c(p.loc, p.scale);
    },
  },
  weibull_min: {
    discrete: false,
    params: [{ name: 'c', ...positive }, loc, scale],
    draw: (r, p) => {
      const w = r.distribution('weibull');
      return () => p.loc + p.scale * w(p.c, 1);
    },
  },
  pareto: {
    discrete: false,
    params: [{ name: 'b', ...positive }, loc, scale],
    draw: (r, p) => {
      const pa = r.distribution('pareto-type1');
      return () => p.loc + p.scale * pa(p.b, 1);
    },
  },
  rayleigh: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const ra = r.distribution('rayleigh');
      return () => p.loc + ra(p.scale);
    },
  },
  gumbel_r: {
    discrete: false,
    params: [loc, scale],
    draw: (r, p) => {
      const g = r.distribution('gumbel');
      return () => g(p.loc, p.scale);
    },
  },
  triang: {
    discrete: false,
    params: [{ name: 'c', valid: (v) => v >= 0 && v <= 1, rule: 'must be in [0, 1]' }, loc, scale],
    draw: (r, p) => {
      const t = r.distribution('triangular');
      return () => t(p.loc, p.loc + p.scale, p.loc + p.c * p.scale);
    },
  },
  truncnorm: {
    discrete: false,
    params: [{ name: 'a' }, { name: 'b', valid: (v, all) => v > all.a, rule: 'must be greater than a' }, loc, scale],
    draw: (r, p) => {
      const z = truncatedStandardNormal(r, p.a, p.b);
      return () => p.loc + p.scale * z();
    },
  },
  poisson: {
    discrete: true,
    params: [{ name: 'mu', valid: (v) => v >= 0, rule: 'must be >= 0' }, integerLoc],
    draw: (r, p) => {
      const po = r.distribution('poisson');
      return p.mu === 0 ? () => p.loc : () => p.loc + po(p.mu);
    },
  },
  binom: {
    discrete: true,
    params: [{ name: 'n', valid: (v) => Number.isInteger(v) && v >= 0, rule: 'must be an integer >= 0' }, { name: 'p', ...probability }, integerLoc],
    draw: (r, p) => {
      const b = r.distribution('binomial');
      return () => p.loc + b(p.n, p.p);
    },
  },
  bernoulli: {
    discrete: true,
    params: [{ name: 'p', ...probability }, integerLoc],
    draw: (r, p) => () => p.loc + (r.uniform() < p.p ? 1 : 0),
  },
  geom: {
    discrete: true,
    params: [{ name: 'p', valid: (v) => v > 0 && v <= 1, rule: 'must be in (0, 1]' }, integerLoc],
    draw: (r, p) => {
      const g = r.distribution('geometric');
      return () => p.loc + 1 + g(p.p);
    },
  },
  nbinom: {
    discrete: true,
    params: [{ name: 'n', ...positive }, { name: 'p', valid: (v) => v > 0 && v <= 1, rule: 'must be in (0, 1]' }, integerLoc],
    draw: (r, p) => {
      const nb = r.distribution('negative-binomial');
      return () => p.loc + nb(p.n, p.p);
    },
  },
  randint: {
    discrete: true,
    params: [
      { name: 'low', valid: Number.isInteger, rule: 'must be an integer' },
      { name: 'high', valid: (v, all) => Number.isInteger(v) && v > all.low, rule: 'must be an integer greater than low' },
      integerLoc,
    ],
    draw: (r, p) => () => p.loc + r.integer(p.low, p.high),
  },
};

/** Names of the scipy.stats distributions the `scipy` and `bernoulli_mixture` samplers support. */
export const SCIPY_DISTRIBUTION_NAMES: readonly string[] = Object.keys(DISTRIBUTIONS).sort();

/** A checked scipy distribution ready to be bound to a random source. */
export interface ScipySampler {
  /** True for integer-valued distributions (poisson, binom, ...). */
  readonly discrete: boolean;
  /** Returns a draw function using `random`. */
  bind(random: RandomSource): () => number;
}

/**
 * Checks a scipy distribution name and its keyword parameters (scipy names and loc/scale
 * parameterisation) and returns its sampler; throws SamplerConfigurationError naming the column.
 */
export function createScipySampler(column: string, distName: unknown, distParams: unknown): ScipySampler {
  const fix = `Use one of: ${SCIPY_DISTRIBUTION_NAMES.join(', ')}.`;
  if (typeof distName !== 'string' || !Object.hasOwn(DISTRIBUTIONS, distName)) {
    throw new SamplerConfigurationError(
      `Column '${column}': distribution '${String(distName)}' is not supported (scipy.stats names supported by this port: ${SCIPY_DISTRIBUTION_NAMES.join(', ')}).`,
      { fix },
    );
  }
  const dist = definedOrThrow(DISTRIBUTIONS[distName], `distribution '${distName}'`);
  const given = distParams === undefined || distParams === null ? {} : distParams;
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new SamplerConfigurationError(`Column '${column}': 'dist_params' of '${distName}' must be an object, got ${JSON.stringify(given)}.`, {
      fix: `Pass keyword parameters, e.g. {${dist.params.map((p) => `"${p.name}": ...`).join(', ')}}.`,
    });
  }
  const names: string[] = dist.params.map((p) => p.name);
  const values: Partial<Params> = {};
  const invalid = (detail: string): never => {
    throw new SamplerConfigurationError(
      `Column '${column}': distribution parameters ${JSON.stringify(given)} are not valid for distribution '${distName}': ${detail}.`,
      {
        fix: `'${distName}' accepts ${names.join(', ')} (required: ${
          dist.params
            .filter((p) => p.default === undefined)
            .map((p) => p.name)
            .join(', ') || 'none'
        }).`,
      },
    );
  };
  for (const key of Object.keys(given)) if (!names.includes(key)) invalid(`unknown parameter '${key}'`);
  for (const spec of dist.params) {
    const raw = (given as Record<string, unknown>)[spec.name];
    if (raw === undefined || raw === null) {
      if (spec.default === undefined) invalid(`missing required parameter '${spec.name}'`);
      values[spec.name] = spec.default as number;
      continue;
    }
    if (typeof raw !== 'number' || Number.isNaN(raw)) invalid(`'${spec.name}' must be a number, got ${JSON.stringify(raw)}`);
    values[spec.name] = raw as number;
  }
  // Every declared name is now set (a default or a checked number), which is all `draw` reads.
  const complete = values as Params;
  for (const spec of dist.params) {
    if (spec.valid && !spec.valid(complete[spec.name], complete)) invalid(`'${spec.name}' = ${complete[spec.name]} ${spec.rule}`);
  }
  return { discrete: dist.discrete, bind: (random) => dist.draw(random, complete) };
}
