import { defineErrorClass, type EnvironmentVariables, type ModelProviderInput } from '@dd/config';
import type { ModelClient } from '../model-types.js';
import { AnthropicClient } from './anthropic-client.js';
import { OpenAICompatibleClient } from './openai-compatible-client.js';
import { resolveApiKey } from './resolve-api-key.js';

/** A provider config that cannot be turned into a client (unknown `provider_type`). */
export class ModelProviderConfigurationError extends defineErrorClass('ModelProviderConfigurationError') {}

/** Options of `createModelClient`. */
export interface CreateModelClientOptions {
  /** Sizes the connection pool. @default 4 */
  maxParallelRequests?: number;
  /** Where API key references are looked up. @default process.env */
  env?: EnvironmentVariables;
}

/** Builds the adapter for a provider (`openai` → OpenAI-compatible, `anthropic` → Anthropic). */
export function createModelClient(provider: ModelProviderInput, options: CreateModelClientOptions = {}): ModelClient {
  const { key, envVar, envVarUnset } = resolveApiKey(provider.api_key, options.env);
  if (envVarUnset && envVar) {
    // The variable's name is not a secret (its value is): name it so the user knows what to export.
    throw new ModelProviderConfigurationError(`Provider '${provider.name}' takes its api_key from the environment variable ${envVar}, which is not set.`, {
      fix: `Export ${envVar}=<your key> before running, or set api_key of provider '${provider.name}' to another variable's name or to the key itself.`,
    });
  }
  const clientOptions = {
    name: provider.name,
    endpoint: provider.endpoint,
    apiKey: key,
    apiKeyEnvVar: envVar,
    extraBody: provider.extra_body ?? null,
    extraHeaders: provider.extra_headers ?? null,
    maxParallelRequests: options.maxParallelRequests ?? 4,
  };
  const type = (provider.provider_type ?? 'openai').toLowerCase();
  if (type === 'openai') return new OpenAICompatibleClient(clientOptions);
  if (type === 'anthropic') return new AnthropicClient(clientOptions);
  throw new ModelProviderConfigurationError(`Provider '${provider.name}' has provider_type '${provider.provider_type}', which is not supported.`, {
    fix: "Use provider_type 'openai' (any OpenAI-compatible endpoint) or 'anthropic'.",
  });
}
