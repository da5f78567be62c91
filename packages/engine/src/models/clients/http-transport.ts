import type { Agent } from 'undici';
import { classifyHttpError } from '../errors/classify-http-error.js';
import { classifyTransportError } from '../errors/classify-transport-error.js';
import { ModelProviderError } from '../errors/model-provider-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { loadUndiciParts, type UndiciParts } from './load-undici-parts.js';

/** Default HTTP timeout when a request sets none (engine-spec §4.8). */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** How the transport's connection pool is sized and how errors are labelled. */
export interface HttpTransportOptions {
  /** The alias's `max_parallel_requests`; sizes the pool. @default 4 */
  maxParallelRequests?: number;
  /** API key env var name, put on errors for authentication hints. */
  apiKeyEnvVar?: string | null;
  /** Values scrubbed from every error message (the API key). */
  secrets?: string[];
}

/** Per-request options. */
export interface SendOptions {
  /** Seconds; the whole request (connect, headers, body) must finish within it. */
  timeoutSeconds?: number | undefined;
  signal?: AbortSignal | undefined;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Max connections per origin: `max(32, 2·maxParallelRequests)`. */
export function poolConnections(maxParallelRequests: number): number {
  return Math.max(32, 2 * Math.max(1, Math.floor(maxParallelRequests)));
}

/**
 * One keep-alive undici `Agent` per client: JSON POSTs and media downloads with a hard timeout,
 * turning every failure into a `ModelProviderError` (aborts rethrow the signal's reason).
 */
export class HttpTransport {
  private readonly agent: Agent;
  private readonly request: UndiciParts['request'];
  private readonly apiKeyEnvVar: string | null;
  private readonly secrets: string[];
  private lastTarget: { url: string; origin: string; path: string } | undefined;

  constructor(options: HttpTransportOptions = {}) {
    const parallel = options.maxParallelRequests ?? 4;
    const undici = loadUndiciParts();
    this.request = undici.request;
    this.agent = new undici.Agent({
      connections: poolConnections(parallel),
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      pipelining: 1,
    });
    this.apiKeyEnvVar = options.apiKeyEnvVar ?? null;
    this.secrets = options.secrets ?? [];
  }

  /** POSTs a JSON body; returns the parsed 2xx JSON reply (non-JSON → API_ERROR). */
  async postJson(url: string, body: unknown, headers: Record<string, string>, options: SendOptions = {}): Promise<unknown> {
    const response = await this.send(url, 'POST', headers, JSON.stringify(body), options);
    const text = response.body.toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw this.error({
        kind: 'API_ERROR',
        status: response.status,
        providerMessage: `the provider answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        cause: error,
      });
    }
  }

  /** GETs a URL with the given headers (none by default) and returns the body bytes (a Node `Buffer`). */
  async getBytes(url: string, options: SendOptions = {}, headers: Record<string, string> = {}): Promise<Uint8Array> {
    return (await this.send(url, 'GET', headers, undefined, options)).body;
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private error(init: ConstructorParameters<typeof ModelProviderError>[0]): ModelProviderError {
    const providerMessage = init.providerMessage == null ? null : redactSecrets(init.providerMessage, this.secrets);
    return new ModelProviderError({ ...init, providerMessage, apiKeyEnvVar: this.apiKeyEnvVar });
  }

  /** Origin and path of `url`; the last one parsed is kept (a client posts to the same few URLs). */
  private target(url: string): { origin: string; path: string } {
    if (this.lastTarget?.url !== url) {
      const parsed = new URL(url);
      this.lastTarget = { url, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    }
    return this.lastTarget;
  }

  private async send(
    url: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body: string | undefined,
    options: SendOptions,
  ): Promise<RawResponse> {
    const timeoutMs = Math.max(1, Math.round((options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000));
    // One controller aborted by the deadline or by the caller's signal (cheaper per request than
    // `AbortSignal.any`, which also keeps a weak reference per request on the run's long-lived signal).
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeoutMs);
    const callerSignal = options.signal;
    const onCallerAbort = (): void => timer.abort(callerSignal?.reason);
    let response: RawResponse;
    try {
      callerSignal?.throwIfAborted();
      callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
      const { origin, path } = this.target(url);
      const reply = await this.request.call(this.agent, {
        origin,
        path,
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: timer.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bytes = Buffer.from(await reply.body.arrayBuffer());
      response = { status: reply.statusCode, headers: reply.headers, body: bytes };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      if (timer.signal.aborted) {
        throw this.error({ kind: 'TIMEOUT', status: null, providerMessage: `no complete response within ${timeoutMs / 1000} s`, cause: error });
      }
      const classified = classifyTransportError(error);
      throw this.error({ kind: classified.kind, status: null, providerMessage: classified.providerMessage, cause: error });
    } finally {
      clearTimeout(handle);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
    if (response.status < 200 || response.status >= 300) {
      const classified = classifyHttpError(response.status, response.body.toString('utf8'), response.headers);
      throw this.error({
        kind: classified.kind,
        status: classified.status,
        providerMessage: classified.providerMessage,
        ...(classified.retryAfterMs === undefined ? {} : { retryAfterMs: classified.retryAfterMs }),
      });
    }
    return response;
  }
}
