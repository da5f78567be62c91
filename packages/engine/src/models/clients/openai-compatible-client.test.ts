import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, TINY_PNG_BASE64, type TestServer } from '../../testing/index.js';
import { ModelAPIConnectionError, ModelProviderError, ModelTimeoutError, toModelError, type ProviderErrorKind } from '../errors/index.js';
import { createModelClient } from './create-model-client.js';
import { OpenAICompatibleClient } from './openai-compatible-client.js';
import { poolConnections } from './http-transport.js';

const KEY = 'sk-live-secret-key-0123456789';
const ctx = { model: 'test-model', provider: 'local', purpose: 'running tests' };

let server: TestServer;
let client: OpenAICompatibleClient;

beforeAll(async () => {
  server = await startTestServer({ requireApiKey: KEY });
  client = new OpenAICompatibleClient({
    name: 'local',
    endpoint: `${server.url}/`,
    apiKey: KEY,
    apiKeyEnvVar: 'LOCAL_KEY',
    extraBody: { provider_field: 'p', shared: 'provider' },
    extraHeaders: { 'X-Provider': 'yes', 'x-shared': 'provider' },
  });
});
afterEach(() => {
  server.configure({ faults: [], chat: undefined });
  server.reset();
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<ModelProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  expect(ModelProviderError.isInstance(error)).toBe(true);
  return error as ModelProviderError;
}

const chat = (extra: Partial<Parameters<OpenAICompatibleClient['completion']>[0]> = {}) =>
  client.completion({ model: 'test-model', messages: [{ role: 'user', content: 'Say hi' }], ...extra });

describe('OpenAICompatibleClient requests', () => {
  it('sends the chat body with extra_body flattened, headers merged and no timeout', async () => {
    await chat({
      temperature: 0.5,
      max_tokens: 20,
      stop: ['END'],
      timeout: 5,
      extra_body: { request_field: 'r', shared: 'request' },
      extra_headers: { 'X-Request': 'r', 'X-Shared': 'request' },
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
            { type: 'audio', source: { type: 'base64', media_type: 'audio/mpeg', data: 'BBBB' } },
            { type: 'audio', source: { type: 'url', url: 'https://x/a.wav' } },
            { type: 'video', source: { type: 'url', url: 'https://x/v.mp4' } },
            { type: 'image_url', image_url: { url: 'https://x/z.png' } },
            { type: 'text', text: 'Describe.' },
          ],
        },
      ],
    });
    const [recorded] = server.requests;
    expect(recorded!.path).toBe('/v1/chat/completions');
    expect(recorded!.body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            { type: 'input_audio', input_audio: { data: 'BBBB', format: 'mp3' } },
            { type: 'audio_url', audio_url: { url: 'https://x/a.wav' } },
            { type: 'video_url', video_url: { url: 'https://x/v.mp4' } },
            { type: 'image_url', image_url: { url: 'https://x/z.png' } },
            { type: 'text', text: 'Describe.' },
          ],
        },
      ],
      temperature: 0.5,
      max_tokens: 20,
      stop: ['END'],
      request_field: 'r',
      provider_field: 'p',
      shared: 'provider',
    });
    const headers = recorded!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe('***'); // the server checked the bearer key, then masked it
    expect(headers['x-provider']).toBe('yes');
    expect(headers['x-request']).toBe('r');
    expect(headers['x-shared']).toBe('provider');
    expect(JSON.stringify(server.requests)).not.toContain(KEY);
  });

  it('parses content, reasoning, tool calls, finish reason and usage', async () => {
    server.configure({
      chat: () => ({ content: 'Hello there', reasoning: 'thinking hard', tool_calls: [{ name: 'lookup', arguments: { q: 1 } }], finish_reason: 'tool_calls' }),
    });
    const reply = await chat();
    expect(reply.content).toBe('Hello there');
    expect(reply.reasoning).toBe('thinking hard');
    expect(reply.finishReason).toBe('tool_calls');
    expect(reply.toolCalls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }]);
    expect(reply.usage).toMatchObject({ inputTokens: expect.any(Number), reasoningTokens: 2, reasoningTokenSource: 'provider' });
    expect(reply.images).toEqual([]);
  });

  it('fills missing tool call ids, joins block content and estimates reasoning tokens', async () => {
    server.configure({
      faults: [
        {
          respond: {
            status: 200,
            body: {
              choices: [
                {
                  message: {
                    content: [
                      { type: 'text', text: 'a' },
                      { type: 'text', text: 'b' },
                    ],
                    reasoning: 'preferred reasoning text',
                    reasoning_content: 'ignored',
                    tool_calls: [{ type: 'function', function: { name: 'f', arguments: null } }],
                  },
                  finish_reason: 'stop',
                },
              ],
              usage: { prompt_tokens: 3, completion_tokens: 4 },
            },
          },
        },
      ],
    });
    const reply = await chat();
    expect(reply.content).toBe('a\nb');
    expect(reply.reasoning).toBe('preferred reasoning text');
    expect(reply.toolCalls[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.toolCalls[0]!.function.arguments).toBe('{}');
    expect(reply.usage).toEqual({ inputTokens: 3, outputTokens: 4, reasoningTokens: 3, reasoningTokenSource: 'estimated' });
  });

  it('extracts images from message.images and from content', async () => {
    server.configure({ chat: () => ({ content: 'here', images: [TINY_PNG_BASE64] }) });
    expect((await chat({ model: 'image-model' })).images).toEqual([TINY_PNG_BASE64]);
    server.configure({ chat: () => `data:image/png;base64,${TINY_PNG_BASE64}` });
    expect((await chat()).images).toEqual([TINY_PNG_BASE64]);
    server.configure({ chat: () => `${server.url}/media/tiny.png` });
    expect((await chat()).images).toEqual([TINY_PNG_BASE64]);
    const download = server.requests.find((request) => request.path === '/v1/media/tiny.png');
    expect(download?.headers.authorization).toBe('***'); // same origin as the endpoint: credentials sent
  });

  it('requests embeddings and diffusion images (b64_json and url)', async () => {
    const embedded = await client.embeddings({ model: 'embed', input: ['a', 'b'], encoding_format: 'float', dimensions: 4 });
    expect(embedded.vectors).toHaveLength(2);
    expect(embedded.vectors[0]).toHaveLength(4);
    expect(server.requests[0]!.body).toEqual({
      model: 'embed',
      input: ['a', 'b'],
      encoding_format: 'float',
      dimensions: 4,
      provider_field: 'p',
      shared: 'provider',
    });
    const b64 = await client.generateImages({ model: 'dall-e-3', prompt: 'a cat' });
    expect(b64.images).toEqual([TINY_PNG_BASE64]);
    expect(server.requests[1]!.path).toBe('/v1/images/generations');
    const viaUrl = await client.generateImages({ model: 'dall-e-3', prompt: 'a cat', extra_body: { response_format: 'url' } });
    expect(viaUrl.images).toEqual([TINY_PNG_BASE64]);
  });
});

describe('OpenAICompatibleClient failures', () => {
  const statuses: Array<[number, ProviderErrorKind, boolean]> = [
    [400, 'BAD_REQUEST', false],
    [401, 'AUTHENTICATION', false],
    [403, 'PERMISSION_DENIED', false],
    [404, 'NOT_FOUND', false],
    [408, 'TIMEOUT', true],
    [413, 'CONTEXT_WINDOW_EXCEEDED', false],
    [422, 'UNPROCESSABLE_ENTITY', false],
    [429, 'RATE_LIMIT', true],
    [500, 'INTERNAL_SERVER', true],
    [503, 'INTERNAL_SERVER', true],
  ];
  it.each(statuses)('HTTP %i → %s (retryable %s)', async (status, kind, retryable) => {
    server.configure({ faults: [{ respond: { status } }] });
    const error = await failure(chat());
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(toModelError(error, ctx).isRetryable).toBe(retryable);
    if (status === 429) expect(error.retryAfterMs).toBe(1000);
  });

  it('classifies quota bodies before 429 and keeps Retry-After', async () => {
    server.configure({
      faults: [
        {
          respond: {
            status: 429,
            body: { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } },
            headers: { 'retry-after-ms': '3000' },
          },
        },
      ],
    });
    const error = await failure(chat());
    expect(error.kind).toBe('QUOTA_EXCEEDED');
    expect(error.retryAfterMs).toBe(3000);
  });

  it('never leaks the key: wrong key → AUTHENTICATION naming the env var', async () => {
    const wrong = new OpenAICompatibleClient({ name: 'local', endpoint: server.url, apiKey: 'sk-wrong-key-abcdef', apiKeyEnvVar: 'LOCAL_KEY' });
    server.configure({
      faults: [{ respond: { status: 401, body: { error: { message: 'Incorrect API key provided: sk-wrong-key-abcdef (Bearer sk-wrong-key-abcdef)' } } } }],
    });
    const error = await failure(wrong.completion({ model: 'test-model', messages: [{ role: 'user', content: 'x' }] }));
    await wrong.close();
    const modelError = toModelError(error, ctx);
    for (const text of [error.message, error.providerMessage ?? '', modelError.message, JSON.stringify(server.requests)]) {
      expect(text).not.toContain('sk-wrong-key-abcdef');
      expect(text).not.toContain(KEY);
    }
    expect(modelError.message).toContain('LOCAL_KEY');
  });

  it('times out → TIMEOUT → ModelTimeoutError', async () => {
    server.configure({ faults: [{ respond: { hang: true } }] });
    const started = Date.now();
    const error = await failure(chat({ timeout: 0.3 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.kind).toBe('TIMEOUT');
    expect(error.status).toBeNull();
    expect(ModelTimeoutError.isInstance(toModelError(error, ctx))).toBe(true);
  });

  it('connection reset → API_CONNECTION', async () => {
    server.configure({ faults: [{ respond: { reset: true } }] });
    const error = await failure(chat());
    expect(error.kind).toBe('API_CONNECTION');
    expect(ModelAPIConnectionError.isInstance(toModelError(error, ctx))).toBe(true);
  });

  it('connection refused → API_CONNECTION', async () => {
    const closed = new OpenAICompatibleClient({ name: 'gone', endpoint: 'http://127.0.0.1:1/v1' });
    expect((await failure(closed.completion({ model: 'm', messages: [] }))).kind).toBe('API_CONNECTION');
    await closed.close();
  });

  it('malformed 2xx body → API_ERROR', async () => {
    server.configure({ faults: [{ respond: { malformed: true } }] });
    const error = await failure(chat());
    expect(error.kind).toBe('API_ERROR');
    expect(error.status).toBe(200);
  });

  it('rejects with the abort reason when cancelled', async () => {
    server.configure({ faults: [{ respond: { hang: true } }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const aborted = await client
      .completion({ model: 'test-model', messages: [{ role: 'user', content: 'x' }], timeout: 10 }, controller.signal)
      .catch((error: unknown) => error);
    expect((aborted as { name?: string }).name).toBe('AbortError');
    expect(ModelProviderError.isInstance(aborted)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('createModelClient', () => {
  it('resolves env var keys, picks the adapter and sizes the pool', async () => {
    const viaEnv = createModelClient({ name: 'local', endpoint: server.url, provider_type: 'openai', api_key: 'MY_TEST_KEY' }, { env: { MY_TEST_KEY: KEY } });
    expect(viaEnv).toBeInstanceOf(OpenAICompatibleClient);
    await viaEnv.completion({ model: 'test-model', messages: [{ role: 'user', content: 'x' }] });
    await viaEnv.close();
    const literal = createModelClient({ name: 'local', endpoint: server.url, provider_type: 'OpenAI', api_key: KEY }, { env: {} });
    await literal.completion({ model: 'test-model', messages: [{ role: 'user', content: 'x' }] });
    await literal.close();
    const anthropic = createModelClient({ name: 'claude', endpoint: server.url, provider_type: 'anthropic', api_key: null });
    expect(anthropic.constructor.name).toBe('AnthropicClient');
    await anthropic.close();
    expect(() => createModelClient({ name: 'x', endpoint: server.url, provider_type: 'bedrock' })).toThrow(/provider_type 'bedrock'/);
    expect(poolConnections(4)).toBe(32);
    expect(poolConnections(50)).toBe(100);
  });
});
