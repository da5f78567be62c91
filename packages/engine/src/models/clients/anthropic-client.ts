import type { ChatCompletionRequest, ChatCompletionResponse, EmbeddingResponse, ImageResponse } from '../model-types.js';
import { toAnthropicPayload } from './anthropic-messages.js';
import type { ProviderClientOptions } from './client-options.js';
import { mergeHeaders } from './merge-headers.js';
import { parseAnthropicReply } from './parse-anthropic-reply.js';
import { ProviderClientBase } from './provider-client-base.js';
import { localError, trimEndpoint } from './wire-helpers.js';

/** The `anthropic-version` header sent with every request. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Messages route: `{endpoint}/messages` when the endpoint ends with `/v1`, else `{endpoint}/v1/messages`. */
export function anthropicMessagesUrl(endpoint: string): string {
  const base = trimEndpoint(endpoint);
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}

/**
 * Client of the Anthropic Messages API. Chat only: embeddings and image generation throw
 * UNSUPPORTED_CAPABILITY. One HTTP request per call; failures throw `ModelProviderError`.
 */
export class AnthropicClient extends ProviderClientBase {
  private readonly url: string;

  constructor(options: ProviderClientOptions) {
    super(options);
    this.url = anthropicMessagesUrl(options.endpoint);
  }

  /** `POST /v1/messages`; the reply in canonical form. */
  async completion(request: ChatCompletionRequest, signal?: AbortSignal): Promise<ChatCompletionResponse> {
    const body = toAnthropicPayload(request, this.extraBody);
    const headers = mergeHeaders(
      { 'Content-Type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION },
      this.apiKey ? { 'x-api-key': this.apiKey } : undefined,
      request.extra_headers,
      this.extraHeaders,
    );
    const reply = await this.transport.postJson(this.url, body, headers, { timeoutSeconds: request.timeout, signal });
    return parseAnthropicReply(reply);
  }

  /** Not supported by Anthropic. */
  async embeddings(): Promise<EmbeddingResponse> {
    throw localError('UNSUPPORTED_CAPABILITY', `provider '${this.providerName}' (Anthropic) does not serve embeddings`);
  }

  /** Not supported by Anthropic. */
  async generateImages(): Promise<ImageResponse> {
    throw localError('UNSUPPORTED_CAPABILITY', `provider '${this.providerName}' (Anthropic) does not generate images`);
  }
}
