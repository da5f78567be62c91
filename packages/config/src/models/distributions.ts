import { z } from 'zod';
import { floatField } from '../schema/index.js';
import { normaliseWeights } from '../samplers/sampler-params.js';

/** A value drawn per request uniformly from [low, high). */
export const UniformDistributionSchema = z.strictObject({
  distribution_type: z.literal('uniform').default('uniform'),
  params: z.strictObject({ low: floatField(), high: floatField() }).superRefine((params, ctx) => {
    if (params.low >= params.high) ctx.addIssue({ code: 'custom', path: ['low'], input: params.low, message: '`low` must be less than `high`' });
  }),
});

/** A value drawn per request from `values` with optional `weights` (stored normalised). */
export const ManualDistributionSchema = z.strictObject({
  distribution_type: z.literal('manual').default('manual'),
  params: z.strictObject({ values: z.array(floatField()).min(1), weights: z.array(floatField()).nullable().default(null) }).transform((params, ctx) => ({
    ...params,
    weights: normaliseWeights(params.weights, params.values.length, ctx, "'values' and 'weights' must have the same length"),
  })),
});

/** Chooses the class by `distribution_type` when given, else (absent or null) by the shape of `params`. */
function pickDistribution(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as { distribution_type?: unknown; params?: unknown };
  if (typeof record.distribution_type === 'string') return value;
  const params = record.params;
  const manual = params !== null && typeof params === 'object' && 'values' in params;
  return { ...value, distribution_type: manual ? 'manual' : 'uniform' };
}

/** A uniform or manual distribution (sampled per request). */
export const DistributionSchema = z.preprocess(
  pickDistribution,
  z.discriminatedUnion('distribution_type', [UniformDistributionSchema, ManualDistributionSchema]),
);

/** A validated distribution. */
export type Distribution = z.output<typeof DistributionSchema>;
