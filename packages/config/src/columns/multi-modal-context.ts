import { z } from 'zod';

const dataType = () => z.enum(['url', 'base64']).nullable().default(null);

function requireFormatForBase64(field: string) {
  return (context: { data_type: string | null } & Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    if (context.data_type === 'base64' && (context[field] === null || context[field] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [field], input: null, message: `${field} is required when data_type is base64` });
    }
  };
}

/** An image column (or URLs / base64) passed to the model with the prompt. */
export const ImageContextSchema = z
  .object({
    modality: z.literal('image'),
    column_name: z.string(),
    data_type: dataType(),
    image_format: z.enum(['png', 'jpg', 'jpeg', 'gif', 'webp']).nullable().default(null),
  })
  .superRefine(requireFormatForBase64('image_format'));

/** An audio column passed to the model with the prompt. */
export const AudioContextSchema = z
  .object({
    modality: z.literal('audio'),
    column_name: z.string(),
    data_type: dataType(),
    audio_format: z.enum(['mp3', 'wav']).nullable().default(null),
  })
  .superRefine(requireFormatForBase64('audio_format'));

/** A video column passed to the model with the prompt. */
export const VideoContextSchema = z
  .object({
    modality: z.literal('video'),
    column_name: z.string(),
    data_type: dataType(),
    video_format: z.enum(['mp4', 'mov', 'webm']).nullable().default(null),
  })
  .superRefine(requireFormatForBase64('video_format'));

/** Legacy shorthand: a context without `modality` (and no audio/video format) is an image context. */
function injectImageModality(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (!('modality' in record) && !('audio_format' in record) && !('video_format' in record)) return { modality: 'image', ...record };
  }
  return value;
}

/** Any multimodal context, discriminated on `modality`. Unknown keys are dropped, as in the original. */
export const MultiModalContextSchema = z.preprocess(
  injectImageModality,
  z.discriminatedUnion('modality', [ImageContextSchema, AudioContextSchema, VideoContextSchema]),
);

/** A validated multimodal context. */
export type MultiModalContext = z.output<typeof MultiModalContextSchema>;
