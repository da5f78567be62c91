import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../../testing/index.js';
import { ModelProviderError } from '../errors/index.js';
import { AnthropicClient, anthropicMessagesUrl } from './anthropic-client.js';
import { toAnthropicPayload } from './anthropic-messages.js';

const KEY = 'sk-ant-secret-0123456789';
let server: TestServer;
let client: AnthropicClient;

beforeAll(async () => {
  server = await startTestServer({ requireApiKey: KEY });
  client = new AnthropicClient({
    name: 'claude',
    endpoint: server.url,
    apiKey: KEY,
    extraBody: { metadata: { user_id: 'u' } },
    extraHeaders: { 'anthropic-beta': 'b1' },
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

describe('AnthropicClient', () => {
  it('routes to /v1/messages with version and key headers', async () => {
    expect(anthropicMessagesUrl('https://api.anthropic.com')).toBe('https://api.anthropic.com/v1/messages');
    expect(anthropicMessagesUrl('https://api.anthropic.com/v1/')).toBe('https://api.anthropic.com/v1/messages');
    await client.completion({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], seed: 3, extra_body: { n: 2, top_k: 5 } });
    const [recorded] = server.requests;
    expect(recorded!.path).toBe('/v1/messages');
    expect(recorded!.headers['anthropic-version']).toBe('2023-06-01');
    expect(recorded!.headers['x-api-key']).toBe('***');
    expect(recorded!.headers['anthropic-beta']).toBe('b1');
    expect(recorded!.headers.authorization).toBeUndefined();
    expect(recorded!.body).toEqual({
      model: 'claude-x',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      max_tokens: 4096,
      top_k: 5,
      metadata: { user_id: 'u' },
    });
    expect(JSON.stringify(server.requests)).not.toContain(KEY);
  });

  it('translates system, tools, tool turns, images and stop', () => {
    const payload = toAnthropicPayload({
      model: 'm',
      max_tokens: 100,
      stop: 'END',
      temperature: 0.2,
      tools: [
        { type: 'function', function: { name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
        { type: 'function', function: { name: 'noargs' } },
      ],
      messages: [
        { role: 'system', content: 'One.' },
        { role: 'system', content: [{ type: 'text', text: 'Two.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: '' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
            { type: 'text', text: 'Look.' },
          ],
        },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 't1', type: 'function', function: { name: 'lookup', arguments: '{"q":"a"}' } },
            { id: 't2', type: 'function', function: { name: 'noargs', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 't1', content: 'r1' },
        { role: 'tool', tool_call_id: 't2', content: 'r2' },
      ],
    });
    expect(payload).toEqual({
      model: 'm',
      system: 'One.\n\nTwo.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
            { type: 'text', text: 'Look.' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 't1', name: 'lookup', input: { q: 'a' } },
            { type: 'tool_use', id: 't2', name: 'noargs', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: 'r1' },
            { type: 'tool_result', tool_use_id: 't2', content: 'r2' },
          ],
        },
      ],
      max_tokens: 100,
      temperature: 0.2,
      stop_sequences: ['END'],
      tools: [
        { name: 'lookup', description: 'Look up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
        { name: 'noargs', input_schema: { type: 'object', properties: {} } },
      ],
    });
  });

  it('rejects audio, bad tool arguments and unknown roles before sending', async () => {
    const audio = client.completion({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'audio', source: { type: 'url', url: 'https://x/a.wav' } }] }],
    });
    await expect(audio).rejects.toMatchObject({ kind: 'UNSUPPORTED_CAPABILITY' });
    const badArgs = client.completion({
      model: 'm',
      messages: [{ role: 'assistant', content: '', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }] }],
    });
    await expect(badArgs).rejects.toMatchObject({ kind: 'BAD_REQUEST' });
    const role = client.completion({ model: 'm', messages: [{ role: 'developer' as 'user', content: 'x' }] });
    await expect(role).rejects.toMatchObject({ kind: 'BAD_REQUEST' });
    expect(server.requests).toHaveLength(0);
  });

  it('parses text, thinking, tool use, stop reason and usage', async () => {
    server.configure({
      chat: () => ({ content: 'Answer', reasoning: 'Because', tool_calls: [{ name: 'lookup', arguments: { q: 1 } }], finish_reason: 'tool_calls' }),
    });
    const reply = await client.completion({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.content).toBe('Answer');
    expect(reply.reasoning).toBe('Because');
    expect(reply.toolCalls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }]);
    expect(reply.finishReason).toBe('tool_use');
    expect(reply.usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number), reasoningTokenSource: 'estimated' });
  });

  it('classifies Anthropic error bodies and refuses embeddings and images', async () => {
    server.configure({ faults: [{ respond: { status: 529 } }] });
    await expect(client.completion({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ kind: 'INTERNAL_SERVER', status: 529 });
    server.configure({
      faults: [{ respond: { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low' } } } }],
    });
    const quota = await client.completion({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(ModelProviderError.isInstance(quota) && quota.kind).toBe('QUOTA_EXCEEDED');
    await expect(client.embeddings()).rejects.toMatchObject({ kind: 'UNSUPPORTED_CAPABILITY' });
    await expect(client.generateImages()).rejects.toMatchObject({ kind: 'UNSUPPORTED_CAPABILITY' });
  });
});
