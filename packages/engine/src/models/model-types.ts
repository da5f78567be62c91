/**
 * Canonical shapes of the model layer, independent of any provider's wire format. Adapters translate
 * to and from them; generators and the facade only ever see these.
 */

/** A content block of a message (canonical form). */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio' | 'video'; source: { type: 'url'; url: string } | { type: 'base64'; media_type: string; data: string } }
  | { type: 'image_url'; image_url: { url: string } };

/** A tool call requested by the model (OpenAI function-call form; `arguments` is JSON text). */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One chat message; content is always a list of blocks once serialized into a trace. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | ContentBlock[];
  reasoning_content?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** Token usage as reported (or estimated) for one response. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens?: number;
  /** Where `reasoningTokens` came from. */
  reasoningTokenSource?: 'provider' | 'estimated';
}

/** A chat completion request in canonical form. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  seed?: number;
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
  /** Provider-specific fields, flattened into the request body. */
  extra_body?: Record<string, unknown>;
  /** Extra HTTP headers. */
  extra_headers?: Record<string, string>;
  /** HTTP timeout in seconds (never sent in the body). */
  timeout?: number;
}

/** The first choice of a chat completion, in canonical form. */
export interface ChatCompletionResponse {
  /** Text content (blocks joined by `\n`), null when the model returned none. */
  content: string | null;
  /** Reasoning text (`message.reasoning` / `reasoning_content` / Anthropic thinking). */
  reasoning: string | null;
  toolCalls: ToolCall[];
  /** `stop`, `length`, `tool_calls`, `max_tokens`, `model_context_window_exceeded`… as sent. */
  finishReason: string | null;
  usage: TokenUsage | null;
  /** Base64 images found in the reply (chat-route image generation). */
  images: string[];
}

/** An embeddings request. */
export interface EmbeddingRequest {
  model: string;
  input: string[];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  extra_body?: Record<string, unknown>;
  extra_headers?: Record<string, string>;
  timeout?: number;
}

/** Embedding vectors, one per input, plus usage. */
export interface EmbeddingResponse {
  vectors: number[][];
  usage: TokenUsage | null;
}

/** A diffusion-route image request (`/images/generations`). */
export interface ImageRequest {
  model: string;
  prompt: string;
  extra_body?: Record<string, unknown>;
  extra_headers?: Record<string, string>;
  timeout?: number;
}

/** Generated images as base64 strings. */
export interface ImageResponse {
  images: string[];
  usage: TokenUsage | null;
}

/**
 * One provider endpoint. Implementations make exactly one HTTP request per call (no retries, no
 * admission: those live in the request executor) and throw `ModelProviderError` on failure.
 */
export interface ModelClient {
  /** Provider name (for messages). */
  readonly providerName: string;
  completion(request: ChatCompletionRequest, signal?: AbortSignal): Promise<ChatCompletionResponse>;
  embeddings(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResponse>;
  generateImages(request: ImageRequest, signal?: AbortSignal): Promise<ImageResponse>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** Request-admission domains (engine-spec §4.7). */
export type AdmissionDomain = 'chat' | 'embedding' | 'image' | 'healthcheck';

/** How a request that held an admission lease ended. */
export type LeaseOutcome = 'success' | 'rate_limited' | 'provider_failure' | 'provider_timeout' | 'local_cancelled' | 'local_timeout' | 'unexpected_exception';

/** Identity of an admission resource: requests to the same provider and model share limits. */
export interface AdmissionKey {
  provider: string;
  model: string;
  domain: AdmissionDomain;
}

/** A granted admission lease; release it exactly once (further releases are ignored). */
export interface AdmissionLease {
  readonly key: AdmissionKey;
  /** Gives the lease back with the attempt's outcome; true when the freed capacity went at once to a request waiting for admission. */
  release(outcome: LeaseOutcome, options?: { retryAfterMs?: number }): boolean;
}

/** The admission controller as the request executor uses it. */
export interface RequestAdmission {
  /** Registers an alias's static cap (`max_parallel_requests`) for its (provider, model). */
  register(provider: string, model: string, maxParallelRequests: number): void;
  /** Waits for a lease (fairly); rejects with `ModelRequestAdmissionTimeoutError` on timeout, aborts on signal. */
  acquire(key: AdmissionKey, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<AdmissionLease>;
  /** Pressure of a (provider, model) for progress output: cooldown left and callers waiting per domain (optional). */
  snapshot?(provider: string, model: string): { cooldownRemainingMs: number; domains: Partial<Record<AdmissionDomain, { waiters: number }>> } | undefined;
}

/** Thrown by a response parser when the reply cannot be used; its message is sent back as a correction. */
export type ResponseParser<T> = (text: string) => T;

/** Options of one `generate` call (engine-spec §4.2). */
export interface GenerateOptions<T> {
  prompt: string;
  /** Empty or undefined: no system message. */
  systemPrompt?: string;
  /** Turns the reply text into a value; throw `ResponseParseError` to ask for a correction. */
  parser: ResponseParser<T>;
  /** Canonical media blocks placed before the prompt text in the user message. */
  multiModalContext?: ContentBlock[];
  /** In-conversation corrections after a parse failure. @default 0 */
  maxCorrectionSteps?: number;
  /** Fresh restarts after corrections are exhausted. @default 5 */
  maxConversationRestarts?: number;
  /** Tool alias (MCP) the model may call. */
  toolAlias?: string | null;
  /** Used in error messages, e.g. "running generation for column 'x'". */
  purpose: string;
  signal?: AbortSignal;
}

/** What the model columns need from a model alias (implemented by `ModelFacade`). */
export interface GenerationModel {
  readonly alias: string;
  readonly modelName: string;
  readonly providerName: string;
  /** Chat completion with parsing, corrections and restarts; returns the parsed value and the final conversation. */
  generate<T>(options: GenerateOptions<T>): Promise<{ parsed: T; trace: ChatMessage[] }>;
  /** One vector per input. */
  generateEmbeddings(inputs: string[], options: { purpose: string; signal?: AbortSignal }): Promise<number[][]>;
  /** Base64 images for a prompt (diffusion or chat route by model name). */
  generateImages(prompt: string, options: { purpose: string; multiModalContext?: ContentBlock[]; signal?: AbortSignal }): Promise<string[]>;
}

/** Looks up models by alias (implemented by `ModelRegistry`). */
export interface ModelLookup {
  getModel(alias: string): GenerationModel;
}
