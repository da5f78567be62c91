import { z } from 'zod';
import { floatField, freeFormObject, intField, scalarListField } from '../schema/index.js';
import { FAKER_LOCALES, PERSON_LOCALES } from './locales.js';

const decimalPlaces = () => intField().nullable().default(null);
const probability = () => floatField({ ge: 0, le: 1 });

/**
 * Python's `sum()` of floats (3.12+: Neumaier-compensated), so normalised weights re-normalise to
 * themselves (`[0.4, 0.3, 0.2, 0.1]` sums to exactly 1.0) and dumps reload unchanged.
 */
export function pythonSum(values: readonly number[]): number {
  let total = 0;
  let compensation = 0;
  for (const value of values) {
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return compensation !== 0 && Number.isFinite(compensation) ? total + compensation : total;
}

/** Divides weights by their sum; reports a zero sum and a length mismatch as the original does. */
export function normaliseWeights(weights: number[] | null, expectedLength: number, ctx: z.core.$RefinementCtx, lengthMessage: string): number[] | null {
  if (weights === null) return null;
  const sum = pythonSum(weights);
  if (sum === 0) {
    ctx.addIssue({ code: 'custom', message: "'weights' must sum to a non-zero value", path: ['weights'], input: weights });
    return weights;
  }
  const normalised = weights.map((weight) => weight / sum);
  if (normalised.length > 0 && normalised.length !== expectedLength) {
    ctx.addIssue({ code: 'custom', message: lengthMessage, path: ['weights'], input: weights });
  }
  return normalised;
}

/** `category`: one of `values`, optionally weighted (weights stored normalised). */
export const CategorySamplerParamsSchema = z
  .strictObject({
    values: scalarListField("'values'"),
    weights: z.array(floatField()).nullable().default(null),
    sampler_type: z.literal('category'),
  })
  .transform((params, ctx) => ({
    ...params,
    weights: normaliseWeights(params.weights, params.values.length, ctx, "'categories' and 'weights' must have the same length"),
  }));

/** `subcategory`: values of a child column keyed by the value of its parent category column. */
export const SubcategorySamplerParamsSchema = z.strictObject({
  category: z.string(),
  values: z.record(z.string(), scalarListField("subcategory 'values'")),
  sampler_type: z.literal('subcategory'),
});

/** `uniform`: a float in [low, high). */
export const UniformSamplerParamsSchema = z.strictObject({
  low: floatField(),
  high: floatField(),
  decimal_places: decimalPlaces(),
  sampler_type: z.literal('uniform'),
});

/** `gaussian`: a normal draw. */
export const GaussianSamplerParamsSchema = z.strictObject({
  mean: floatField(),
  stddev: floatField(),
  decimal_places: decimalPlaces(),
  sampler_type: z.literal('gaussian'),
});

/** `bernoulli`: 1 with probability p, else 0. */
export const BernoulliSamplerParamsSchema = z.strictObject({ p: probability(), sampler_type: z.literal('bernoulli') });

/** `bernoulli_mixture`: 0 with probability 1−p, else a draw from a scipy distribution. */
export const BernoulliMixtureSamplerParamsSchema = z.strictObject({
  p: probability(),
  dist_name: z.string(),
  dist_params: freeFormObject(),
  sampler_type: z.literal('bernoulli_mixture'),
});

/** `binomial`: successes in n trials. */
export const BinomialSamplerParamsSchema = z.strictObject({ n: intField(), p: probability(), sampler_type: z.literal('binomial') });

/** `poisson`: a Poisson count. */
export const PoissonSamplerParamsSchema = z.strictObject({ mean: floatField(), sampler_type: z.literal('poisson') });

/** `scipy`: a draw from a scipy.stats distribution named by `dist_name`. */
export const ScipySamplerParamsSchema = z.strictObject({
  dist_name: z.string(),
  dist_params: freeFormObject(),
  decimal_places: decimalPlaces(),
  sampler_type: z.literal('scipy'),
});

/** `uuid`: a uuid4 hex string with optional prefix, short form and upper case. */
export const UuidSamplerParamsSchema = z.strictObject({
  prefix: z.string().nullable().default(null),
  short_form: z.boolean().default(false),
  uppercase: z.boolean().default(false),
  sampler_type: z.literal('uuid'),
});

/** True when `text` parses as a date the way pandas' permissive parser would (year, ISO, `Jan 1 2024`…). */
export function isParsableDatetime(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  if (/^\d{4}$/.test(trimmed)) return true;
  if (/^\d{4}-\d{2}$/.test(trimmed)) return !Number.isNaN(Date.parse(`${trimmed}-01T00:00:00Z`));
  return !Number.isNaN(Date.parse(trimmed)) || !Number.isNaN(Date.parse(trimmed.replace(' ', 'T')));
}

const datetimeText = () =>
  z.string().refine(isParsableDatetime, {
    error: (issue) => {
      const value = issue.input;
      return `Invalid datetime format: ${String(value)}`;
    },
  });

/** `datetime`: a date in [start, end) at `unit` granularity. */
export const DatetimeSamplerParamsSchema = z.strictObject({
  start: datetimeText(),
  end: datetimeText(),
  unit: z.enum(['Y', 'M', 'D', 'h', 'm', 's']).default('D'),
  sampler_type: z.literal('datetime'),
});

/** `timedelta`: a datetime column shifted by [dt_min, dt_max) units. */
export const TimedeltaSamplerParamsSchema = z
  .strictObject({
    dt_min: intField({ ge: 0 }),
    dt_max: intField({ gt: 0 }),
    reference_column_name: z.string(),
    unit: z.enum(['D', 'h', 'm', 's']).default('D'),
    sampler_type: z.literal('timedelta'),
  })
  .superRefine((params, ctx) => {
    if (params.dt_min >= params.dt_max) {
      ctx.addIssue({ code: 'custom', message: "'dt_min' must be less than 'dt_max'", path: ['dt_min'], input: params.dt_min });
    }
  });

const ageRange = () =>
  z
    .array(intField())
    .default([18, 114])
    .superRefine((range, ctx) => {
      const [min, max] = range;
      if (range.length !== 2 || min === undefined || max === undefined) {
        ctx.addIssue({ code: 'custom', message: `age_range must have exactly 2 values (min and max), got ${JSON.stringify(range)}`, input: range });
      } else if (min < 0) {
        ctx.addIssue({ code: 'custom', message: `age_range minimum must be >= 0, got ${JSON.stringify(range)}`, input: range });
      } else if (max > 114) {
        ctx.addIssue({ code: 'custom', message: `age_range maximum must be <= 114, got ${JSON.stringify(range)}`, input: range });
      } else if (min >= max) {
        ctx.addIssue({ code: 'custom', message: `age_range minimum must be less than maximum, got ${JSON.stringify(range)}`, input: range });
      }
    });

const sex = () => z.enum(['Male', 'Female']).nullable().default(null);
const city = () =>
  z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .default(null);

/** `person`: a persona from the managed Nemotron-Personas datasets. */
export const PersonSamplerParamsSchema = z.strictObject({
  locale: z.enum(PERSON_LOCALES).default('en_US'),
  sex: sex(),
  city: city(),
  age_range: ageRange(),
  select_field_values: z.record(z.string(), z.array(z.string())).nullable().default(null),
  with_synthetic_personas: z.boolean().default(false),
  sampler_type: z.literal('person'),
});

/** `person_from_faker`: a person generated with Faker. */
export const PersonFromFakerSamplerParamsSchema = z.strictObject({
  locale: z
    .string()
    .default('en_US')
    .refine((locale) => FAKER_LOCALES.includes(locale), {
      error: (issue) => {
        const locale = issue.input;
        return `Locale '${String(locale)}' is not supported by person_from_faker; use one of ${FAKER_LOCALES.join(', ')}`;
      },
    }),
  sex: sex(),
  city: city(),
  age_range: ageRange(),
  sampler_type: z.literal('person_from_faker'),
});

/** Params of any sampler, discriminated on their own `sampler_type`. */
export const SamplerParamsSchema = z.discriminatedUnion('sampler_type', [
  BernoulliSamplerParamsSchema,
  BernoulliMixtureSamplerParamsSchema,
  BinomialSamplerParamsSchema,
  CategorySamplerParamsSchema,
  DatetimeSamplerParamsSchema,
  GaussianSamplerParamsSchema,
  PersonSamplerParamsSchema,
  PersonFromFakerSamplerParamsSchema,
  PoissonSamplerParamsSchema,
  ScipySamplerParamsSchema,
  SubcategorySamplerParamsSchema,
  TimedeltaSamplerParamsSchema,
  UniformSamplerParamsSchema,
  UuidSamplerParamsSchema,
]);

/** Validated params of any sampler. */
export type SamplerParams = z.output<typeof SamplerParamsSchema>;
