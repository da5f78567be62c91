import { z } from 'zod';
import { freeFormObject } from '../schema/index.js';
import { InferenceParamsSchema } from './inference-params.js';

/** Token prices of a model, used to estimate run cost (`cost_usd` in `model_usage.json`). */
export const ModelPricingSchema = z.strictObject({
  input_per_million_tokens: z.number().nonnegative(),
  output_per_million_tokens: z.number().nonnegative(),
  currency: z.literal('USD').optional(),
});

/** Validated token prices of a model. */
export type ModelPricing = z.output<typeof ModelPricingSchema>;

/** A model the columns refer to by `alias`. */
export const ModelConfigSchema = z.strictObject({
  alias: z.string(),
  model: z.string(),
  inference_parameters: InferenceParamsSchema.prefault({}),
  provider: z.string(),
  skip_health_check: z.boolean().default(false),
  /** Optional token prices; absent → no cost is computed (and the config dumps as before). */
  pricing: ModelPricingSchema.optional(),
});

/** A validated model config. */
export type ModelConfig = z.output<typeof ModelConfigSchema>;

/** An OpenAI-compatible (or Anthropic) endpoint that serves models. */
export const ModelProviderSchema = z.strictObject({
  name: z.string(),
  endpoint: z.string(),
  provider_type: z
    .string()
    .default('openai')
    .transform((type) => type.toLowerCase()),
  api_key: z.string().nullable().default(null),
  extra_body: freeFormObject().nullable().default(null),
  extra_headers: z.record(z.string(), z.string()).nullable().default(null),
});

/** A validated model provider. */
export type ModelProvider = z.output<typeof ModelProviderSchema>;
/** A model provider as written (defaults not yet applied: only `name` and `endpoint` are required). */
export type ModelProviderInput = z.input<typeof ModelProviderSchema>;
