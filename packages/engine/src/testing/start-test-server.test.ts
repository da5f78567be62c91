import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { fetch, request } from 'undici';
import { inflateSync } from 'node:zlib';
import { startTestServer, withTestServer, TINY_PNG_BASE64, type TestServer } from './index.js';

// Loose JSON access keeps the wire assertions short (test-only).
type Json = Record<string, any>;

async function post(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await request(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: (): Json => JSON.parse(text) as Json };
}

const chatBody = (text: string, model = 'test-model') => ({ model, messages: [{ role: 'user', content: text }] });

describe('startTestServer routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.configure({ chat: undefined, usage: undefined, requireApiKey: undefined });
    server.reset();
  });

  it('listens on 127.0.0.1 with a /v1 base URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
  });

  it('answers chat completions in the OpenAI shape with an echo and usage', async () => {
    const response = await post(server, '/chat/completions', chatBody('hello there world'));
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Reply to: hello there world' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
    });
    expect(typeof body.id).toBe('string');
    expect(typeof body.created).toBe('number');
  });

  it('passes reasoning, tool calls and images from a custom responder', async () => {
    server.configure({
      chat: (_request, context) => ({
        content: null,
        reasoning: `thinking ${context.n}`,
        tool_calls: [{ name: 'lookup', arguments: { q: 'x' } }],
      }),
    });
    const body = (await post(server, '/chat/completions', chatBody('use a tool'))).json();
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    expect(body.choices[0].message).toMatchObject({
      content: null,
      reasoning_content: 'thinking 1',
      tool_calls: [{ type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
    });
    expect(body.usage.completion_tokens_details.reasoning_tokens).toBe(2);
  });

  it('returns images for chat-route image models', async () => {
    const body = (await post(server, '/chat/completions', chatBody('a cat', 'gemini-flash-image'))).json();
    expect(body.choices[0].message.images).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${TINY_PNG_BASE64}` } }]);
  });

  it('omits usage when reporting is off', async () => {
    server.configure({ usage: false });
    expect((await post(server, '/chat/completions', chatBody('hi'))).json().usage).toBeUndefined();
  });

  it('answers embeddings with deterministic unit vectors', async () => {
    const first = (await post(server, '/embeddings', { model: 'embed', input: ['alpha', 'beta'] })).json();
    const again = (await post(server, '/embeddings', { model: 'embed', input: 'alpha' })).json();
    expect(first.object).toBe('list');
    expect(first.data).toHaveLength(2);
    expect(first.data[0].embedding).toHaveLength(8);
    expect(again.data[0].embedding).toEqual(first.data[0].embedding);
    expect(first.data[1].embedding).not.toEqual(first.data[0].embedding);
    const norm = Math.hypot(...(first.data[0].embedding as number[]));
    expect(norm).toBeCloseTo(1, 6);
    expect(first.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    const sized = (await post(server, '/embeddings', { model: 'embed', input: ['a'], dimensions: 3 })).json();
    expect(sized.data[0].embedding).toHaveLength(3);
  });

  it('answers image generations with a valid PNG', async () => {
    const body = (await post(server, '/images/generations', { model: 'dall-e-3', prompt: 'a cat', n: 2 })).json();
    expect(body.data).toHaveLength(2);
    const png = Buffer.from(body.data[0].b64_json as string, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBeGreaterThan(0);
    const byUrl = (await post(server, '/images/generations', { model: 'dall-e-3', prompt: 'x', response_format: 'url' })).json();
    const image = await fetch(byUrl.data[0].url as string);
    expect(Buffer.from(await image.arrayBuffer()).toString('base64')).toBe(TINY_PNG_BASE64);
  });

  it('lists models', async () => {
    const response = await fetch(`${server.url}/models`);
    expect(await response.json()).toEqual({ object: 'list', data: [{ id: 'test-model', object: 'model', created: 0, owned_by: 'dd-test-server' }] });
  });

  it('answers the Anthropic Messages route with content blocks', async () => {
    server.configure({
      chat: (chatRequest) => ({
        content: `system=${String(chatRequest.messages[0]?.content)}`,
        reasoning: 'hmm',
        tool_calls: [{ name: 'search', arguments: '{"q":"y"}' }],
      }),
    });
    const body = (
      await post(server, '/messages', {
        model: 'claude',
        max_tokens: 100,
        system: 'be brief',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      })
    ).json();
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [
        { type: 'thinking', thinking: 'hmm' },
        { type: 'text', text: 'system=be brief' },
        { type: 'tool_use', name: 'search', input: { q: 'y' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 3, output_tokens: 3 },
    });
  });

  it('answers Anthropic errors in the Anthropic shape', async () => {
    const response = await post(server, '/messages', { model: 'claude', messages: [] });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('answers 404 for unknown paths and 400 for invalid JSON', async () => {
    expect((await post(server, '/nope', {})).status).toBe(404);
    const response = await request(`${server.url}/chat/completions`, { method: 'POST', body: '{oops' });
    expect(response.statusCode).toBe(400);
    expect(((await response.body.json()) as Json).error.type).toBe('invalid_request_error');
  });

  it('checks the API key and redacts it in the record', async () => {
    server.configure({ requireApiKey: 'sk-secret' });
    expect((await post(server, '/chat/completions', chatBody('x'))).status).toBe(401);
    expect((await post(server, '/chat/completions', chatBody('x'), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(server, '/chat/completions', chatBody('x'), { authorization: 'Bearer sk-secret' })).status).toBe(200);
    const anthropic = await post(server, '/messages', { model: 'c', max_tokens: 5, messages: [] }, { 'x-api-key': 'sk-secret' });
    expect(anthropic.status).toBe(200);
    const unauthorized = await post(server, '/messages', { model: 'c', max_tokens: 5, messages: [] }, { 'x-api-key': 'nope' });
    expect(unauthorized.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(server.requests.map((recorded) => recorded.status)).toEqual([401, 401, 200, 200, 401]);
    expect(server.requests[2]?.headers.authorization).toBe('***');
    expect(server.requests[3]?.headers['x-api-key']).toBe('***');
    expect(JSON.stringify(server.requests)).not.toContain('sk-secret');
  });

  it('records method, path, parsed body, status and timing', async () => {
    await post(server, '/chat/completions', chatBody('record me'));
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, body: chatBody('record me') });
    expect(recorded!.headers['content-type']).toBe('application/json');
    expect(recorded!.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.stats()).toMatchObject({ total: 1, byStatus: { 200: 1 }, inFlight: 0 });
  });
});

describe('startTestServer timing and concurrency', () => {
  it('honours latency', async () => {
    await withTestServer({ latencyMs: 150 }, async (server) => {
      const started = Date.now();
      expect((await post(server, '/chat/completions', chatBody('slow'))).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(server.requests[0]?.durationMs).toBeGreaterThanOrEqual(140);
    });
  });

  it('answers 429 with retry headers above maxConcurrent and measures concurrency', async () => {
    await withTestServer({ latencyMs: 200, maxConcurrent: 3, retryAfterMs: 1500 }, async (server) => {
      const responses = await Promise.all(Array.from({ length: 6 }, () => post(server, '/chat/completions', chatBody('x'))));
      const limited = responses.filter((response) => response.status === 429);
      expect(responses.filter((response) => response.status === 200)).toHaveLength(3);
      expect(limited).toHaveLength(3);
      expect(limited[0]!.headers['retry-after']).toBe('2');
      expect(limited[0]!.headers['retry-after-ms']).toBe('1500');
      expect(limited[0]!.json().error.type).toBe('rate_limit_exceeded');
      expect(server.stats()).toEqual({ total: 6, byStatus: { 200: 3, 429: 3 }, maxConcurrent: 3, inFlight: 0 });
    });
  });

  it('measures maxConcurrent without a limit and resets counters', async () => {
    await withTestServer({ latencyMs: 100 }, async (server) => {
      await Promise.all(Array.from({ length: 5 }, () => post(server, '/embeddings', { model: 'e', input: 'x' })));
      expect(server.stats().maxConcurrent).toBe(5);
      server.reset();
      expect(server.stats()).toEqual({ total: 0, byStatus: {}, maxConcurrent: 0, inFlight: 0 });
      expect(server.requests).toHaveLength(0);
    });
  });

  it('counts chat calls in the responder context and restarts after reset', async () => {
    const seen: number[] = [];
    const chat = (_request: unknown, context: { n: number }) => {
      seen.push(context.n);
      return 'ok';
    };
    await withTestServer({ chat }, async (server) => {
      await post(server, '/chat/completions', chatBody('a'));
      await post(server, '/messages', { model: 'c', max_tokens: 1, messages: [] });
      server.reset();
      await post(server, '/chat/completions', chatBody('b'));
    });
    expect(seen).toEqual([1, 2, 1]);
  });
});

describe('startTestServer recording', () => {
  it('can skip recording while still counting', async () => {
    await withTestServer({ recordRequests: false }, async (server) => {
      await post(server, '/chat/completions', chatBody('x'));
      expect(server.requests).toHaveLength(0);
      expect(server.stats().total).toBe(1);
    });
  });
});
