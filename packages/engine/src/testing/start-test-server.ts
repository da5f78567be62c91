import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRouteReply, errorReply, matchRoute, type RouteReply, type TestServerRoute } from './build-route-reply.js';
import { createSeededRandom } from './create-seeded-random.js';
import type { FaultResponse, RecordedRequest, TestServer, TestServerOptions, TestServerStats } from './llm-test-server-options.js';
import { selectFaultRule, type FaultRuleCounters } from './select-fault-rule.js';

/** Header names whose values are replaced by `***` in recorded requests. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

const MALFORMED_BODY = '{"id": "chatcmpl-malformed", "object": "chat.completion", "choices": [{"message": ';

/** Per-request bookkeeping shared by the answer and close paths. */
interface Exchange {
  record: RecordedRequest;
  response: ServerResponse;
  admitted: boolean;
  settled: boolean;
}

/**
 * Starts the local OpenAI/Anthropic-compatible server on 127.0.0.1 (random port) with latency, concurrency
 * limits and fault injection; every request is recorded.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const current: TestServerOptions = { ...options };
  const requests: RecordedRequest[] = [];
  let counters = emptyCounters();
  let faultCounters: FaultRuleCounters = new WeakMap();
  let random = createSeededRandom(current.seed ?? 1);
  let chatCalls = 0;
  let nextId = 0;
  let baseUrl = '';

  const settle = (exchange: Exchange): void => {
    if (exchange.settled) return;
    exchange.settled = true;
    exchange.record.durationMs = Date.now() - exchange.record.startedAt;
    if (exchange.record.status === null) counters.byStatus[0] = (counters.byStatus[0] ?? 0) + 1;
    if (exchange.admitted) counters.inFlight -= 1;
  };

  const send = (exchange: Exchange, reply: RouteReply, raw?: string): void => {
    const { response, record } = exchange;
    if (response.destroyed || response.writableEnded) return;
    const payload = raw ?? (Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body));
    record.status = reply.status;
    counters.byStatus[reply.status] = (counters.byStatus[reply.status] ?? 0) + 1;
    response.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...reply.headers,
    });
    response.end(payload);
    settle(exchange);
  };

  const retryHeaders = (): Record<string, string> => {
    const retryAfterMs = current.retryAfterMs ?? 1000;
    return { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), 'retry-after-ms': String(retryAfterMs) };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const startedAt = Date.now();
    const rawBody = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path,
      headers: redactHeaders(request),
      body: parseBody(rawBody),
      status: null,
      startedAt,
      durationMs: null,
    };
    if (current.recordRequests ?? true) requests.push(record);
    counters.total += 1;
    const exchange: Exchange = { record, response, admitted: false, settled: false };
    response.on('close', () => settle(exchange));
    if (rawBody === null) return void request.socket.destroy();

    const matched = matchRoute(record.method, path);
    const route: TestServerRoute | undefined = 'route' in matched ? matched.route : undefined;
    if (current.requireApiKey !== undefined && !hasApiKey(request, current.requireApiKey)) {
      return send(exchange, errorReply(route, 401, 'Invalid or missing API key.'));
    }
    if (route === undefined) {
      return send(exchange, errorReply(undefined, 'status' in matched ? matched.status : 404, `No route for ${record.method} ${path}.`));
    }
    if (rawBody !== '' && typeof record.body === 'string') {
      return send(exchange, errorReply(route, 400, 'The request body is not valid JSON.'));
    }
    if (counters.inFlight >= (current.maxConcurrent ?? Number.POSITIVE_INFINITY)) {
      const rejection = errorReply(route, 429, 'Too many concurrent requests.');
      return send(exchange, { ...rejection, headers: retryHeaders() });
    }
    exchange.admitted = true;
    counters.inFlight += 1;
    counters.maxConcurrent = Math.max(counters.maxConcurrent, counters.inFlight);

    const model = typeof record.body === 'object' && record.body !== null ? (record.body as { model?: unknown }).model : undefined;
    const fault: FaultResponse =
      selectFaultRule(current.faults ?? [], { path, model: typeof model === 'string' ? model : undefined, rawBody }, faultCounters, random)?.respond ?? {};
    const jitter = (current.jitterMs ?? 0) > 0 ? random() * (current.jitterMs ?? 0) : 0;
    await sleepUntilClosed(fault.delayMs ?? (current.latencyMs ?? 0) + jitter, response);
    if (response.destroyed) return;
    if (fault.hang) return;
    if (fault.reset) return void request.socket.destroy();
    if (fault.malformed) return send(exchange, { status: 200, body: null, headers: fault.headers }, MALFORMED_BODY);
    if (fault.status !== undefined || fault.body !== undefined) {
      const status = fault.status ?? 200;
      const reply = fault.body !== undefined ? { status, body: fault.body } : errorReply(route, status, `Injected fault (status ${status}).`);
      return send(exchange, { ...reply, headers: { ...(status === 429 ? retryHeaders() : {}), ...fault.headers } });
    }
    nextId += 1;
    let reply: RouteReply;
    try {
      reply = await buildRouteReply(route, record.body, {
        options: current,
        baseUrl,
        id: `test${nextId}`,
        truncate: fault.truncate === true,
        nextChatCall: () => (chatCalls += 1),
      });
    } catch (error) {
      reply = errorReply(route, 500, `Responder failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    send(exchange, { ...reply, headers: { ...reply.headers, ...fault.headers } });
  };

  const server = createServer({ keepAlive: true }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify(errorReply(undefined, 500, String(error)).body));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}/v1`;

  return {
    url: baseUrl,
    port,
    requests,
    stats: (): TestServerStats => ({ ...counters, byStatus: { ...counters.byStatus } }),
    configure(patch) {
      Object.assign(current, patch);
      if ('seed' in patch) random = createSeededRandom(current.seed ?? 1);
    },
    reset() {
      requests.length = 0;
      counters = { ...emptyCounters(), inFlight: counters.inFlight, maxConcurrent: counters.inFlight };
      faultCounters = new WeakMap();
      random = createSeededRandom(current.seed ?? 1);
      chatCalls = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function emptyCounters(): TestServerStats {
  return { total: 0, byStatus: {}, maxConcurrent: 0, inFlight: 0 };
}

/** Reads the whole body as text; null when the client went away first. */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(null));
    request.on('aborted', () => resolve(null));
  });
}

function parseBody(raw: string | null): unknown {
  if (raw === null || raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function redactHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = SECRET_HEADERS.has(name) ? '***' : Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function hasApiKey(request: IncomingMessage, key: string): boolean {
  return request.headers.authorization === `Bearer ${key}` || request.headers['x-api-key'] === key;
}

/** Waits `ms`, returning early when the client closes the connection. */
function sleepUntilClosed(ms: number, response: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      response.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    response.on('close', done);
  });
}
