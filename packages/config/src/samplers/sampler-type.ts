/** Every built-in `sampler_type`, in the original's order. */
export const SAMPLER_TYPES = [
  'bernoulli',
  'bernoulli_mixture',
  'binomial',
  'category',
  'datetime',
  'gaussian',
  'person',
  'person_from_faker',
  'poisson',
  'scipy',
  'subcategory',
  'timedelta',
  'uniform',
  'uuid',
] as const;

/** A built-in sampler type name. */
export type SamplerType = (typeof SAMPLER_TYPES)[number];

/** Sampler types whose values are numbers (used by statistics). */
export const NUMERICAL_SAMPLER_TYPES: ReadonlySet<string> = new Set(['bernoulli', 'bernoulli_mixture', 'binomial', 'gaussian', 'poisson', 'scipy', 'uniform']);
