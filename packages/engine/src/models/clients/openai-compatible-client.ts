import type { ChatCompletionRequest, ChatCompletionResponse, EmbeddingRequest, EmbeddingResponse, ImageRequest, ImageResponse } from '../model-types.js';
import type { ProviderClientOptions } from './client-options.js';
import { mergeHeaders } from './merge-headers.js';
import { toOpenAIMessage } from './openai-messages.js';
import { parseOpenAIChatReply, parseOpenAIEmbeddingReply, parseOpenAIImageReply } from './parse-openai-reply.js';
import { ProviderClientBase } from './provider-client-base.js';
import { definedEntries, trimEndpoint, type WireObject } from './wire-helpers.js';

/**
 * Client of an OpenAI-compatible API (`/chat/completions`, `/embeddings`, `/images/generations`).
 * One HTTP request per call, no retries; failures throw `ModelProviderError`.
 */
export class OpenAICompatibleClient extends ProviderClientBase {
  private readonly endpoint: string;

  constructor(options: ProviderClientOptions) {
    super(options);
    this.endpoint = trimEndpoint(options.endpoint);
  }

  /** `POST /chat/completions`; the first choice in canonical form. */
  async completion(request: ChatCompletionRequest, signal?: AbortSignal): Promise<ChatCompletionResponse> {
    const body = this.body(request.extra_body, {
      model: request.model,
      messages: request.messages.map(toOpenAIMessage),
      temperature: request.temperature,
      top_p: request.top_p,
      max_tokens: request.max_tokens,
      stop: request.stop,
      seed: request.seed,
      tools: request.tools?.length ? request.tools : undefined,
    });
    const reply = await this.post('/chat/completions', body, request, signal);
    return parseOpenAIChatReply(reply, (url) => this.download(url, request.timeout, signal));
  }

  /** `POST /embeddings`; one vector per input. */
  async embeddings(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResponse> {
    const body = this.body(request.extra_body, {
      model: request.model,
      input: request.input,
      encoding_format: request.encoding_format,
      dimensions: request.dimensions,
    });
    return parseOpenAIEmbeddingReply(await this.post('/embeddings', body, request, signal));
  }

  /** `POST /images/generations`; `b64_json` items, or `url` items downloaded. */
  async generateImages(request: ImageRequest, signal?: AbortSignal): Promise<ImageResponse> {
    const body = this.body(request.extra_body, { model: request.model, prompt: request.prompt });
    const reply = await this.post('/images/generations', body, request, signal);
    return parseOpenAIImageReply(reply, (url) => this.download(url, request.timeout, signal));
  }

  private body(requestExtra: Record<string, unknown> | undefined, fields: WireObject): WireObject {
    return { ...definedEntries(fields), ...(requestExtra ?? {}), ...this.extraBody };
  }

  private headers(requestHeaders: Record<string, string> | undefined): Record<string, string> {
    return mergeHeaders(
      { 'Content-Type': 'application/json' },
      this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : undefined,
      requestHeaders,
      this.extraHeaders,
    );
  }

  private post(
    route: string,
    body: WireObject,
    request: { extra_headers?: Record<string, string>; timeout?: number },
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    return this.transport.postJson(`${this.endpoint}${route}`, body, this.headers(request.extra_headers), {
      timeoutSeconds: request.timeout,
      signal,
    });
  }

  /** Downloads a media URL; credentials are sent only to the endpoint's own origin. */
  private async download(url: string, timeout: number | undefined, signal: AbortSignal | undefined): Promise<string> {
    const sameOrigin = new URL(url).origin === new URL(this.endpoint).origin;
    const headers = sameOrigin ? mergeHeaders(this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : undefined, this.extraHeaders) : {};
    const bytes = await this.transport.getBytes(url, { timeoutSeconds: timeout, signal }, headers);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
}
