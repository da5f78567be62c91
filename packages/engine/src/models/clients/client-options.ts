/** What a provider client needs; built by `createModelClient` from a `ModelProvider`. */
export interface ProviderClientOptions {
  /** Provider name (used in messages and admission keys). */
  name: string;
  /** Base URL, e.g. `https://api.openai.com/v1`. */
  endpoint: string;
  /** The resolved key (never logged), or null. */
  apiKey?: string | null;
  /** Environment variable the key came from, for hints. */
  apiKeyEnvVar?: string | null;
  /** Provider-level body fields, merged over each request's `extra_body`. */
  extraBody?: Record<string, unknown> | null;
  /** Provider-level headers, merged over each request's `extra_headers`. */
  extraHeaders?: Record<string, string> | null;
  /** Sizes the connection pool: `max(32, 2·maxParallelRequests)`. @default 4 */
  maxParallelRequests?: number;
}
