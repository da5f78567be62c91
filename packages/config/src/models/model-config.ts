import { z } from 'zod';
import { freeFormObject } from '../schema/index.js';
import { InferenceParamsSchema } from './inference-params.js';

/** A model the columns refer to by `alias`. */
export const ModelConfigSchema = z.strictObject({
  alias: z.string(),
  model: z.string(),
  inference_parameters: InferenceParamsSchema.prefault({}),
  provider: z.string(),
  skip_health_check: z.boolean().default(false),
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
