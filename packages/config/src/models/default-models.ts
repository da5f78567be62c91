/** The built-in providers (all OpenAI-compatible; `api_key` names an environment variable). */
export const DEFAULT_MODEL_PROVIDERS = [
  { name: 'nvidia', endpoint: 'https://integrate.api.nvidia.com/v1', provider_type: 'openai', api_key: 'NVIDIA_API_KEY' },
  { name: 'openai', endpoint: 'https://api.openai.com/v1', provider_type: 'openai', api_key: 'OPENAI_API_KEY' },
  { name: 'openrouter', endpoint: 'https://openrouter.ai/api/v1', provider_type: 'openai', api_key: 'OPENROUTER_API_KEY' },
] as const;

type Role = 'text' | 'reasoning' | 'vision' | 'embedding';

const chat = (temperature?: number, topP?: number, extraBody?: Record<string, string>) => ({
  generation_type: 'chat-completion',
  ...(temperature !== undefined ? { temperature } : {}),
  ...(topP !== undefined ? { top_p: topP } : {}),
  ...(extraBody ? { extra_body: extraBody } : {}),
});
const embedding = (extraBody?: Record<string, string>) => ({
  generation_type: 'embedding',
  encoding_format: 'float',
  ...(extraBody ? { extra_body: extraBody } : {}),
});

const MODELS: Record<string, Record<Role, { model: string; inference_parameters: Record<string, unknown> }>> = {
  nvidia: {
    text: { model: 'nvidia/nemotron-3-nano-30b-a3b', inference_parameters: chat(1.0, 1.0) },
    reasoning: { model: 'nvidia/nemotron-3-super-120b-a12b', inference_parameters: chat(1.0, 0.95, { reasoning_effort: 'medium' }) },
    vision: { model: 'nvidia/nemotron-3-nano-omni-30b-a3b-reasoning', inference_parameters: chat(0.6, 0.95) },
    embedding: { model: 'nvidia/llama-nemotron-embed-1b-v2', inference_parameters: embedding({ input_type: 'query' }) },
  },
  openai: {
    text: { model: 'gpt-4.1', inference_parameters: chat(0.85, 0.95) },
    reasoning: { model: 'gpt-5', inference_parameters: chat(undefined, undefined, { reasoning_effort: 'medium' }) },
    vision: { model: 'gpt-5', inference_parameters: chat(undefined, undefined, { reasoning_effort: 'medium' }) },
    embedding: { model: 'text-embedding-3-large', inference_parameters: embedding() },
  },
  openrouter: {
    text: { model: 'nvidia/nemotron-3-nano-30b-a3b', inference_parameters: chat(1.0, 1.0) },
    reasoning: { model: 'openai/gpt-oss-20b', inference_parameters: chat(0.35, 0.95) },
    vision: { model: 'nvidia/nemotron-3-nano-omni-30b-a3b-reasoning:free', inference_parameters: chat(0.6, 0.95) },
    embedding: { model: 'openai/text-embedding-3-large', inference_parameters: embedding() },
  },
};

/** The 12 built-in model configs (`<provider>-<role>`), in wire form, before validation. */
export function defaultModelConfigs(): Array<Record<string, unknown>> {
  return Object.entries(MODELS).flatMap(([provider, roles]) =>
    (Object.entries(roles) as Array<[Role, { model: string; inference_parameters: Record<string, unknown> }]>).map(([role, entry]) => ({
      alias: `${provider}-${role}`,
      model: entry.model,
      provider,
      inference_parameters: { ...entry.inference_parameters, max_parallel_requests: 4 },
    })),
  );
}
