import { registerSecret } from '../errors/redact-secrets.js';
import type {
  ChatCompletionRequest,
  ChatCompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  ImageRequest,
  ImageResponse,
  ModelClient,
} from '../model-types.js';
import type { ProviderClientOptions } from './client-options.js';
import { HttpTransport } from './http-transport.js';

/**
 * What every provider client holds: the provider's name, its key (registered for redaction, never
 * logged), provider-level body fields and headers, and the pooled HTTP transport closed by `close()`.
 * Subclasses implement the wire format.
 */
export abstract class ProviderClientBase implements ModelClient {
  readonly providerName: string;
  /** Environment variable holding the key (name only). */
  readonly apiKeyEnvVar: string | null;
  protected readonly apiKey: string | null;
  protected readonly extraBody: Record<string, unknown>;
  protected readonly extraHeaders: Record<string, string>;
  protected readonly transport: HttpTransport;

  constructor(options: ProviderClientOptions) {
    this.providerName = options.name;
    this.apiKey = options.apiKey || null;
    this.apiKeyEnvVar = options.apiKeyEnvVar ?? null;
    this.extraBody = options.extraBody ?? {};
    this.extraHeaders = options.extraHeaders ?? {};
    registerSecret(this.apiKey);
    this.transport = new HttpTransport({
      maxParallelRequests: options.maxParallelRequests ?? 4,
      apiKeyEnvVar: this.apiKeyEnvVar,
      secrets: this.apiKey ? [this.apiKey] : [],
    });
  }

  abstract completion(request: ChatCompletionRequest, signal?: AbortSignal): Promise<ChatCompletionResponse>;
  abstract embeddings(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResponse>;
  abstract generateImages(request: ImageRequest, signal?: AbortSignal): Promise<ImageResponse>;

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.transport.close();
  }
}
