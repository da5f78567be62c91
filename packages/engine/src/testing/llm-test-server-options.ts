/**
 * Public types of the local OpenAI/Anthropic-compatible test server (`@dd/engine/testing`).
 */

/** A content block as it arrives on the wire (OpenAI or Anthropic form); only `type` is guaranteed. */
export interface WireContentBlock {
  type: string;
  text?: string;
  [key: string]: unknown;
}

/** A chat message as it arrives on the wire. */
export interface WireChatMessage {
  role: string;
  content?: string | WireContentBlock[] | null;
  [key: string]: unknown;
}

/** The body of a chat request handed to a responder (Anthropic requests are mapped to this form). */
export interface ChatRequestBody {
  model: string;
  messages: WireChatMessage[];
  max_tokens?: number;
  tools?: unknown[];
  [key: string]: unknown;
}

/** What a responder knows about the call besides the body. */
export interface ChatResponderContext {
  /** 1-based number of this chat call (both chat routes) since start or `reset()`. */
  n: number;
  /** Which wire format the request used. */
  route: 'openai' | 'anthropic';
  /** True when the model matches `imageModels` (chat-route image generation). */
  imageModel: boolean;
}

/** A structured chat reply; missing fields take defaults (`finish_reason` from the content). */
export interface ChatReplyObject {
  content?: string | null;
  reasoning?: string;
  tool_calls?: Array<{ name: string; arguments: unknown }>;
  finish_reason?: string;
  /** Base64 images (sent as `message.images[]` data URIs). */
  images?: string[];
}

/** A reply: plain text or a structured reply. */
export type ChatReply = string | ChatReplyObject;

/** Produces the assistant reply for a chat request. */
export type ChatResponder = (request: ChatRequestBody, context: ChatResponderContext) => ChatReply | Promise<ChatReply>;

/** Conditions of a fault rule; all given conditions must hold. */
export interface FaultCondition {
  /** Request path, exact or as a suffix (`/chat/completions` matches `/v1/chat/completions`). */
  path?: string;
  /** Exact `model` of the request body. */
  model?: string;
  /** Fires only on the nth (1-based) request matching this rule's other conditions. */
  nth?: number;
  /** Fires with this probability (seeded, so runs are reproducible). */
  probability?: number;
  /** The raw request body contains this text. */
  bodyIncludes?: string;
}

/** What a fault rule does; fields compose (delay first, then the answer). */
export interface FaultResponse {
  /** HTTP status; without `body` an OpenAI (or Anthropic) error body is sent. */
  status?: number;
  /** JSON body to send instead of the normal reply. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Delay before answering, replacing the normal latency. */
  delayMs?: number;
  /** Never answer (the client must time out or abort). */
  hang?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Cut the reply text and report `finish_reason: "length"` (`stop_reason: "max_tokens"`). */
  truncate?: boolean;
  /** Answer 200 with an invalid JSON body. */
  malformed?: boolean;
}

/** A fault injection rule. */
export interface FaultRule {
  when?: FaultCondition;
  respond: FaultResponse;
  /** How many times the rule may fire. @default unlimited */
  times?: number;
}

/** Options of the test server; all can be changed at run time with `configure`. */
export interface TestServerOptions {
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** Extra random delay in [0, jitterMs) (seeded). @default 0 */
  jitterMs?: number;
  /** Requests in flight above this answer 429. @default Infinity */
  maxConcurrent?: number;
  /** Sent as `retry-after-ms` (and rounded up as `retry-after` seconds) with 429s. @default 1000 */
  retryAfterMs?: number;
  /** Fault rules; the first rule that fires wins. @default [] */
  faults?: FaultRule[];
  /** Chat responder for both chat routes. @default defaultChatResponder */
  chat?: ChatResponder;
  /** Embedding dimension when the request has no `dimensions`. @default 8 */
  embeddingDimensions?: number;
  /** Models treated as chat-route image models (substring, case-insensitive, or RegExp). @default [/image/i] */
  imageModels?: Array<string | RegExp>;
  /** Models listed by `GET /v1/models`. @default ['test-model'] */
  models?: string[];
  /** Report usage in replies. @default true */
  usage?: boolean;
  /** When set, requests need `Authorization: Bearer <key>` or `x-api-key: <key>`, else 401. */
  requireApiKey?: string;
  /** Keep every request in `requests` (turn off for long benchmarks; stats still count). @default true */
  recordRequests?: boolean;
  /** Seed of the random source used for jitter and fault probabilities. @default 1 */
  seed?: number;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-case header names; credentials are replaced by `***`. */
  headers: Record<string, string>;
  /** Parsed JSON body (raw text when it is not JSON, undefined when empty). */
  body: unknown;
  /** Status sent, or null when none was (hang, reset, client gone). */
  status: number | null;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** Milliseconds until the answer was sent or the connection closed; null while open. */
  durationMs: number | null;
}

/** Counters of the server since start or `reset()`. */
export interface TestServerStats {
  total: number;
  /** Requests by status sent; 0 counts requests that got no answer (hang, reset). */
  byStatus: Record<number, number>;
  /** Highest number of admitted requests in flight at once. */
  maxConcurrent: number;
  inFlight: number;
}

/** A running test server. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:54321/v1`. */
  url: string;
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  stats(): TestServerStats;
  /** Changes options for later requests. */
  configure(patch: Partial<TestServerOptions>): void;
  /** Clears requests, counters, call numbers and fault-rule counters (options stay). */
  reset(): void;
  /** Stops listening and destroys open connections (hanging requests included). */
  close(): Promise<void>;
}
