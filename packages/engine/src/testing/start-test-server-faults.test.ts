import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { fetch, request } from 'undici';
import { startTestServer, type TestServer } from './index.js';

const chatBody = (text: string, model = 'test-model') => ({ model, messages: [{ role: 'user', content: text }] });

async function post(server: TestServer, path: string, body: unknown) {
  const response = await request(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const chat = (server: TestServer, text = 'hello', model?: string) => post(server, '/chat/completions', chatBody(text, model));

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('startTestServer fault rules', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.configure({ faults: [] });
    server.reset();
  });

  it('fires on the nth matching request only', async () => {
    server.configure({ faults: [{ when: { path: '/chat/completions', nth: 2 }, respond: { status: 500 } }] });
    await post(server, '/embeddings', { model: 'e', input: 'x' });
    const statuses = [(await chat(server)).status, (await chat(server)).status, (await chat(server)).status];
    expect(statuses).toEqual([200, 500, 200]);
    expect(server.stats().byStatus).toEqual({ 200: 3, 500: 1 });
  });

  it('sends an OpenAI error body for a bare status and stops after `times`', async () => {
    server.configure({ faults: [{ respond: { status: 503, headers: { 'x-fault': 'yes' } }, times: 2 }] });
    const first = await chat(server);
    expect(first.status).toBe(503);
    expect(first.headers['x-fault']).toBe('yes');
    expect(JSON.parse(first.text)).toMatchObject({ error: { type: 'server_error' } });
    expect((await chat(server)).status).toBe(503);
    expect((await chat(server)).status).toBe(200);
  });

  it('adds retry headers to injected 429s and sends custom bodies', async () => {
    server.configure({
      retryAfterMs: 250,
      faults: [
        { when: { model: 'limited' }, respond: { status: 429 } },
        { when: { bodyIncludes: 'custom' }, respond: { status: 418, body: { teapot: true } } },
      ],
    });
    const limited = await chat(server, 'x', 'limited');
    expect([limited.status, limited.headers['retry-after'], limited.headers['retry-after-ms']]).toEqual([429, '1', '250']);
    const custom = await chat(server, 'a custom prompt');
    expect([custom.status, JSON.parse(custom.text)]).toEqual([418, { teapot: true }]);
    expect((await chat(server, 'plain')).status).toBe(200);
  });

  it('answers malformed JSON with status 200', async () => {
    server.configure({ faults: [{ respond: { malformed: true }, times: 1 }] });
    const response = await chat(server);
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow();
  });

  it('truncates the reply with finish_reason length (and max_tokens on Anthropic)', async () => {
    server.configure({ faults: [{ respond: { truncate: true } }] });
    const full = 'Reply to: a fairly long prompt to cut';
    const body = JSON.parse((await chat(server, 'a fairly long prompt to cut')).text) as {
      choices: Array<{ message: { content: string }; finish_reason: string }>;
    };
    expect(body.choices[0]!.finish_reason).toBe('length');
    expect(full.startsWith(body.choices[0]!.message.content)).toBe(true);
    expect(body.choices[0]!.message.content.length).toBeLessThan(full.length);
    const anthropic = JSON.parse((await post(server, '/messages', { model: 'c', max_tokens: 9, messages: [{ role: 'user', content: 'hi' }] })).text) as {
      stop_reason: string;
    };
    expect(anthropic.stop_reason).toBe('max_tokens');
  });

  it('delays by delayMs', async () => {
    server.configure({ faults: [{ respond: { delayMs: 120 } }] });
    const started = Date.now();
    expect((await chat(server)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('hangs until the client aborts, then frees the slot', async () => {
    server.configure({ faults: [{ respond: { hang: true }, times: 1 }] });
    const hanging = fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody('x')),
      signal: AbortSignal.timeout(150),
    });
    await waitFor(() => server.stats().inFlight === 1);
    await expect(hanging).rejects.toThrow();
    await waitFor(() => server.stats().inFlight === 0);
    expect(server.requests[0]?.status).toBeNull();
    expect(server.stats().byStatus).toEqual({ 0: 1 });
    expect((await chat(server)).status).toBe(200);
  });

  it('resets the socket', async () => {
    server.configure({ faults: [{ respond: { reset: true }, times: 1 }] });
    await expect(chat(server)).rejects.toThrow();
    await waitFor(() => server.stats().inFlight === 0);
    expect(server.stats().byStatus).toEqual({ 0: 1 });
    expect((await chat(server)).status).toBe(200);
  });

  it('applies probabilities reproducibly from the seed', async () => {
    const run = async () => {
      server.configure({ seed: 7, faults: [{ when: { probability: 0.5 }, respond: { status: 500 } }] });
      server.reset();
      const statuses: number[] = [];
      for (let index = 0; index < 20; index += 1) statuses.push((await chat(server)).status);
      return statuses;
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('turns a throwing responder into a 500', async () => {
    server.configure({
      chat: () => {
        throw new Error('boom');
      },
    });
    const response = await chat(server);
    server.configure({ chat: undefined });
    expect(response.status).toBe(500);
    expect(response.text).toContain('boom');
  });
});
