import { z } from 'zod';
import { floatField, freeFormObject, intField } from '../schema/index.js';
import { DistributionSchema, type Distribution } from './distributions.js';

const commonShape = {
  max_parallel_requests: intField({ ge: 1 }).default(4),
  timeout: intField({ ge: 1 }).nullable().default(null),
  extra_body: freeFormObject().nullable().default(null),
};

function rangeCheck(name: string, min: number, max: number) {
  return (value: number | Distribution | null, ctx: z.core.$RefinementCtx) => {
    if (value === null) return;
    const fail = () => ctx.addIssue({ code: 'custom', input: value, message: `${name} defined in model config must be between ${min} and ${max}` });
    if (typeof value === 'number') {
      if (value < min || value > max) fail();
    } else if ('low' in value.params) {
      if (value.params.low < min || value.params.high > max) fail();
    } else if (value.params.values.some((entry) => entry < min || entry > max)) {
      fail();
    }
  };
}

/** Chat-completion requests (`llm-*` columns). */
export const ChatCompletionInferenceParamsSchema = z.strictObject({
  generation_type: z.literal('chat-completion'),
  ...commonShape,
  temperature: z
    .union([floatField(), DistributionSchema])
    .nullable()
    .default(null)
    .superRefine(rangeCheck('temperature', 0, 2)),
  top_p: z
    .union([floatField(), DistributionSchema])
    .nullable()
    .default(null)
    .superRefine(rangeCheck('top_p', 0, 1)),
  max_tokens: intField({ ge: 1 }).nullable().default(null),
});

/** Embedding requests. */
export const EmbeddingInferenceParamsSchema = z.strictObject({
  generation_type: z.literal('embedding'),
  ...commonShape,
  encoding_format: z.enum(['float', 'base64']).default('float'),
  dimensions: intField().nullable().default(null),
});

/** Image-generation requests (model options go in `extra_body`). */
export const ImageInferenceParamsSchema = z.strictObject({
  generation_type: z.literal('image'),
  ...commonShape,
});

/** The original's resolution: `image`, else embedding when asked for or shaped like it, else chat. */
function resolveGenerationType(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if (record.generation_type !== undefined) return value;
  const embedding = 'encoding_format' in record || 'dimensions' in record;
  return { ...record, generation_type: embedding ? 'embedding' : 'chat-completion' };
}

/** Inference parameters of any kind, discriminated on `generation_type`. */
export const InferenceParamsSchema = z.preprocess(
  resolveGenerationType,
  z.discriminatedUnion('generation_type', [ChatCompletionInferenceParamsSchema, EmbeddingInferenceParamsSchema, ImageInferenceParamsSchema]),
);

/** Validated inference parameters. */
export type InferenceParams = z.output<typeof InferenceParamsSchema>;
/** Validated chat-completion parameters. */
export type ChatCompletionInferenceParams = z.output<typeof ChatCompletionInferenceParamsSchema>;
