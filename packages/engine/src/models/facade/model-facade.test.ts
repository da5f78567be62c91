import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelConfigSchema, ModelProviderSchema, type ModelConfig, type ModelProvider } from '@dd/config';
import { startTestServer, TINY_PNG_BASE64, type ChatResponder, type TestServer, type WireChatMessage } from '../../testing/index.js';
import { createModelClient } from '../clients/index.js';
import { ModelAuthenticationError, ModelGenerationValidationFailureError, ModelNotFoundError } from '../errors/index.js';
import { ModelRequestExecutor, RetryPolicy, UnlimitedAdmission } from '../executor/index.js';
import type { ContentBlock, GenerateOptions, ModelClient } from '../model-types.js';
import { ResponseParseError } from '../response-parse-error.js';
import { ModelFacade, traceMessage } from './model-facade.js';

const KEY = 'sk-test-facade-secret-0123456789';
const ENV = { FACADE_TEST_KEY: KEY };

let server: TestServer;
const clients: ModelClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ requireApiKey: KEY });
});
afterEach(() => {
  server.configure({ faults: [], chat: undefined, requireApiKey: KEY });
  server.reset();
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server.close();
});

interface FacadeSetup {
  model?: string;
  inference?: Record<string, unknown>;
  provider?: Partial<Record<keyof ModelProvider, unknown>>;
  env?: NodeJS.ProcessEnv;
  random?: () => number;
}

function facade(setup: FacadeSetup = {}): ModelFacade {
  const provider = ModelProviderSchema.parse({ name: 'local', endpoint: server.url, api_key: 'FACADE_TEST_KEY', ...setup.provider });
  const modelConfig: ModelConfig = ModelConfigSchema.parse({
    alias: 'text',
    model: setup.model ?? 'test-model',
    provider: 'local',
    inference_parameters: setup.inference ?? {},
  });
  const client = createModelClient(provider, { env: setup.env ?? ENV });
  clients.push(client);
  // No retry delays: tests that need retries configure their own policy.
  const executor = new ModelRequestExecutor(client, new UnlimitedAdmission(), { retryPolicy: new RetryPolicy({ maxAttempts: 1 }) });
  return new ModelFacade({ modelConfig, provider, client: executor, ...(setup.random ? { random: setup.random } : {}) });
}

/** Replies in order; the last one repeats. */
function script(...replies: Array<Awaited<ReturnType<ChatResponder>>>): ChatResponder {
  return (_body, { n }) => replies[Math.min(n, replies.length) - 1]!;
}

/** Parser accepting only JSON objects with a numeric `value`. */
function numberParser(text: string): { value: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ResponseParseError('The reply is not valid JSON. Answer with a JSON object only.');
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { value?: unknown }).value !== 'number') {
    throw new ResponseParseError("Response doesn't match requested schema: `value` must be a number.");
  }
  return parsed as { value: number };
}

const opts = (extra: Partial<GenerateOptions<{ value: number }>> = {}): GenerateOptions<{ value: number }> => ({
  prompt: 'Give me a number as JSON.',
  parser: numberParser,
  purpose: "running generation for column 'x'",
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

const chatBodies = () =>
  server.requests.filter((request) => request.path.endsWith('/chat/completions')).map((request) => request.body as Record<string, unknown>);
const messagesOf = (index: number) => chatBodies()[index]!.messages as WireChatMessage[];
/** Text of a wire message whether its content is a string or a block list. */
const textOf = (message: WireChatMessage): string =>
  typeof message.content === 'string' ? message.content : (message.content ?? []).map((block) => block.text ?? '').join('');

describe('ModelFacade.generate: corrections and restarts', () => {
  it('sends the parser error as a correction turn and returns the whole conversation as trace', async () => {
    server.configure({ chat: script('not json at all', '{"value": 7}') });
    const { parsed, trace } = await facade().generate(opts({ systemPrompt: 'Be exact.', maxCorrectionSteps: 1 }));
    expect(parsed).toEqual({ value: 7 });
    expect(server.requests).toHaveLength(2);
    // Second request: the first conversation plus the assistant reply and the bare parser error text.
    expect(messagesOf(1).map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(textOf(messagesOf(1)[3]!)).toBe('The reply is not valid JSON. Answer with a JSON object only.');
    expect(textOf(messagesOf(1)[2]!)).toBe('not json at all');
    expect(trace.map(traceMessage)).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Be exact.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Give me a number as JSON.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'not json at all' }] },
      { role: 'user', content: [{ type: 'text', text: 'The reply is not valid JSON. Answer with a JSON object only.' }] },
      { role: 'assistant', content: [{ type: 'text', text: '{"value": 7}' }] },
    ]);
  });

  it('keeps reasoning in the trace and strips reply whitespace', async () => {
    server.configure({ chat: script({ content: '  {"value": 1}\n', reasoning: 'thinking hard' }) });
    const { trace } = await facade().generate(opts());
    expect(traceMessage(trace[1]!)).toEqual({ role: 'assistant', content: [{ type: 'text', text: '{"value": 1}' }], reasoning_content: 'thinking hard' });
  });

  it('restarts from the checkpoint once corrections are exhausted', async () => {
    server.configure({ chat: script('bad 1', 'bad 2', '{"value": 3}') });
    const { parsed, trace } = await facade().generate(opts({ systemPrompt: 'S', maxCorrectionSteps: 1, maxConversationRestarts: 1 }));
    expect(parsed).toEqual({ value: 3 });
    expect(server.requests).toHaveLength(3);
    expect(messagesOf(1)).toHaveLength(4); // system, user, assistant, correction
    // The restart is a fresh conversation: only the checkpoint (system + user).
    expect(messagesOf(2)).toEqual(messagesOf(0));
    expect(messagesOf(2).map((message) => message.role)).toEqual(['system', 'user']);
    expect(trace.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
  });

  it.each([
    [0, 0],
    [0, 2],
    [1, 0],
    [2, 1],
    [1, 3],
  ])('makes at most (1+restarts)·(1+corrections) requests (corrections %i, restarts %i)', async (corrections, restarts) => {
    server.configure({ chat: script('never json') });
    const error = await rejection(facade().generate(opts({ maxCorrectionSteps: corrections, maxConversationRestarts: restarts })));
    expect(ModelGenerationValidationFailureError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength((1 + restarts) * (1 + corrections));
  });

  it('defaults to 0 corrections and 5 restarts (6 requests)', async () => {
    server.configure({ chat: script('never json') });
    await rejection(facade().generate(opts()));
    expect(server.requests).toHaveLength(6);
  });

  it('fails at once when neither corrections nor restarts are allowed', async () => {
    server.configure({ chat: script('oops', '{"value": 1}') });
    const error = await rejection(facade().generate(opts({ maxCorrectionSteps: 0, maxConversationRestarts: 0 })));
    expect(server.requests).toHaveLength(1);
    expect(ModelGenerationValidationFailureError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/no retries/);
    expect((error as InstanceType<typeof ModelGenerationValidationFailureError>).detail).toBe('The reply is not valid JSON. Answer with a JSON object only.');
  });

  it('reports detail, failure kind, model, provider and purpose on exhaustion', async () => {
    server.configure({ chat: script('{"value": "seven"}') });
    const error = (await rejection(facade().generate(opts({ maxCorrectionSteps: 1, maxConversationRestarts: 1 })))) as InstanceType<
      typeof ModelGenerationValidationFailureError
    >;
    expect(ModelGenerationValidationFailureError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.detail).toBe("Response doesn't match requested schema: `value` must be a number.");
    expect(error.failureKind).toBe('schema_validation');
    expect(error.truncation).toBeNull();
    expect(error.model).toBe('test-model');
    expect(error.provider).toBe('local');
    expect(error.purpose).toBe("running generation for column 'x'");
    expect(error.message).toContain('test-model');
    expect(error.message).toContain('local');
    expect(error.message).toContain("running generation for column 'x'");
    expect(error.message).toMatch(/1 correction step\(s\) and 1 restart\(s\)/);
  });

  it('classifies unparseable replies as parse_error and normalizes detail whitespace', async () => {
    server.configure({ chat: script('nope') });
    const multiline = (text: string): never => {
      throw new ResponseParseError(`No JSON found.\n\n  Reply with   a code block. (${text})`);
    };
    const error = (await rejection(facade().generate({ ...opts(), parser: multiline, maxConversationRestarts: 0 }))) as InstanceType<
      typeof ModelGenerationValidationFailureError
    >;
    expect(error.failureKind).toBe('parse_error');
    expect(error.detail).toBe('No JSON found. Reply with a code block. (nope)');
  });

  it('advises raising max_tokens when the reply was cut off (finish_reason length)', async () => {
    server.configure({ chat: script('{"value": 12345678}'), faults: [{ respond: { truncate: true } }] });
    const error = (await rejection(facade().generate(opts({ maxConversationRestarts: 0, maxCorrectionSteps: 1 })))) as InstanceType<
      typeof ModelGenerationValidationFailureError
    >;
    expect(error.truncation).toBe('MAX_TOKENS');
    expect(error.fix).toMatch(/max_tokens/);
  });

  it('gives context-window truncation precedence over max_tokens', async () => {
    server.configure({
      chat: script({ content: '{"val', finish_reason: 'model_context_window_exceeded' }, { content: '{"va', finish_reason: 'length' }),
    });
    const error = (await rejection(facade().generate(opts({ maxConversationRestarts: 0, maxCorrectionSteps: 1 })))) as InstanceType<
      typeof ModelGenerationValidationFailureError
    >;
    expect(error.truncation).toBe('CONTEXT_WINDOW');
    expect(error.fix).toMatch(/context window/);
    expect(error.fix).not.toMatch(/max_tokens/);
  });

  it('forgets the truncation of conversations abandoned by a restart', async () => {
    server.configure({ chat: script({ content: '{"va', finish_reason: 'length' }, 'plain text') });
    const error = (await rejection(facade().generate(opts({ maxConversationRestarts: 1 })))) as InstanceType<typeof ModelGenerationValidationFailureError>;
    expect(server.requests).toHaveLength(2);
    expect(error.truncation).toBeNull();
  });

  it('lets non-parser errors of the parser escape without corrections', async () => {
    server.configure({ chat: script('anything') });
    const boom = new TypeError('parser bug');
    const error = await rejection(
      facade().generate({
        ...opts(),
        parser: () => {
          throw boom;
        },
      }),
    );
    expect(error).toBe(boom);
    expect(server.requests).toHaveLength(1);
  });
});

describe('ModelFacade requests', () => {
  it('samples distribution-valued temperature and top_p anew on every request', async () => {
    server.configure({ chat: script('bad', 'bad', 'bad', 'bad', '{"value": 1}') });
    const model = facade({
      inference: {
        temperature: { distribution_type: 'uniform', params: { low: 0.2, high: 0.9 } },
        top_p: { distribution_type: 'manual', params: { values: [0.5, 0.7, 0.9] } },
        max_tokens: 64,
      },
    });
    await model.generate(opts({ maxCorrectionSteps: 4 }));
    const temperatures = chatBodies().map((body) => body.temperature as number);
    expect(temperatures).toHaveLength(5);
    for (const temperature of temperatures) {
      expect(temperature).toBeGreaterThanOrEqual(0.2);
      expect(temperature).toBeLessThan(0.9);
    }
    expect(new Set(temperatures).size).toBe(5);
    for (const body of chatBodies()) {
      expect([0.5, 0.7, 0.9]).toContain(body.top_p);
      expect(body.max_tokens).toBe(64);
    }
  });

  it('uses fixed temperatures as given and omits unset parameters', async () => {
    server.configure({ chat: script('{"value": 1}') });
    await facade({ inference: { temperature: 0.3 } }).generate(opts());
    const [body] = chatBodies();
    expect(body!.temperature).toBe(0.3);
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('timeout');
  });

  it('merges inference and provider extra_body (provider wins) and extra_headers, and removes n', async () => {
    server.configure({ chat: script('{"value": 1}') });
    const model = facade({
      inference: { extra_body: { n: 4, from_params: 1, shared: 'params' }, timeout: 30 },
      provider: { extra_body: { from_provider: 2, shared: 'provider' }, extra_headers: { 'X-Team': 'data' } },
    });
    await model.generate(opts());
    const [recorded] = server.requests;
    const body = recorded!.body as Record<string, unknown>;
    expect(body).toMatchObject({ from_params: 1, from_provider: 2, shared: 'provider' });
    expect(body).not.toHaveProperty('n');
    expect(body).not.toHaveProperty('timeout');
    expect(recorded!.headers['x-team']).toBe('data');
  });

  it('places multimodal blocks before the prompt text and omits an empty system prompt', async () => {
    server.configure({ chat: script('{"value": 1}') });
    const context: ContentBlock[] = [
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: TINY_PNG_BASE64 } },
    ];
    const { trace } = await facade().generate(opts({ systemPrompt: '', multiModalContext: context }));
    const messages = messagesOf(0);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.role).toBe('user');
    expect(messages[0]!.content).toEqual([
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${TINY_PNG_BASE64}` } },
      { type: 'text', text: 'Give me a number as JSON.' },
    ]);
    expect(traceMessage(trace[0]!).content).toEqual([...context, { type: 'text', text: 'Give me a number as JSON.' }]);
  });

  it('refuses tool aliases clearly without calling the model', async () => {
    const error = await rejection(facade().generate(opts({ toolAlias: 'search' })));
    expect(error.message).toMatch(/tool_alias 'search'/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('ModelFacade usage', () => {
  it('counts every HTTP request (corrections included) and the tokens of successful ones', async () => {
    server.configure({ chat: script('one two three', { content: '{"value": 1}', reasoning: 'four five' }) });
    const model = facade();
    await model.generate(opts({ maxCorrectionSteps: 1 }));
    const usage = model.usage.snapshot();
    expect(usage.requests).toEqual({ successful: 2, failed: 0, total: 2 });
    expect(usage.tokens.input).toBeGreaterThan(0);
    // "one two three" = 3 words; '{"value": 1}' = 2 words + 2 reasoning words.
    expect(usage.tokens.output).toBe(3 + 4);
    expect(usage.tokens.reasoning).toBe(2);
    expect(usage.tokens.reasoningSource).toBe('provider');
    expect(usage.tokens.total).toBe(usage.tokens.input + usage.tokens.output);
  });

  it('counts failed requests', async () => {
    server.configure({ faults: [{ respond: { status: 400, body: { error: { message: 'bad request' } } } }] });
    const model = facade();
    await rejection(model.generate(opts()));
    expect(model.usage.snapshot().requests).toEqual({ successful: 0, failed: 1, total: 1 });
  });
});

describe('ModelFacade embeddings and images', () => {
  it('returns one vector per input with dimensions and encoding from the inference parameters', async () => {
    const model = facade({ model: 'embed-model', inference: { generation_type: 'embedding', dimensions: 5 } });
    const vectors = await model.generateEmbeddings(['a', 'b c'], { purpose: 'embedding' });
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(5);
    const recorded = server.requests[0]!;
    expect(recorded.path).toBe('/v1/embeddings');
    expect(recorded.body).toMatchObject({ model: 'embed-model', input: ['a', 'b c'], encoding_format: 'float', dimensions: 5 });
    expect(model.usage.snapshot().requests.successful).toBe(1);
    expect(model.usage.snapshot().tokens.input).toBe(3);
  });

  it('routes diffusion model names to /images/generations with the prompt only', async () => {
    const model = facade({ model: 'dall-e-3', inference: { generation_type: 'image', extra_body: { size: '256x256' } } });
    const images = await model.generateImages('a cat', { purpose: 'image' });
    expect(images).toEqual([TINY_PNG_BASE64]);
    const recorded = server.requests[0]!;
    expect(recorded.path).toBe('/v1/images/generations');
    expect(recorded.body).toEqual({ model: 'dall-e-3', prompt: 'a cat', size: '256x256' });
    expect(model.usage.snapshot().images).toBe(1);
  });

  it('routes other image models through chat completions with the context before the prompt', async () => {
    server.configure({ chat: (_body, { imageModel }) => (imageModel ? { content: 'here', images: [TINY_PNG_BASE64, TINY_PNG_BASE64] } : 'no') });
    const model = facade({ model: 'gemini-image', inference: { generation_type: 'image' } });
    const images = await model.generateImages('a dog', {
      purpose: 'image',
      multiModalContext: [{ type: 'image', source: { type: 'url', url: 'https://example.com/ref.png' } }],
    });
    expect(images).toEqual([TINY_PNG_BASE64, TINY_PNG_BASE64]);
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(messagesOf(0)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.com/ref.png' } },
          { type: 'text', text: 'a dog' },
        ],
      },
    ]);
    expect(model.usage.snapshot().images).toBe(2);
  });

  it('fails clearly when an image model returns no image', async () => {
    server.configure({ chat: script('sorry, text only') });
    const error = await rejection(facade({ model: 'some-image-model', inference: { generation_type: 'image' } }).generateImages('x', { purpose: 'image' }));
    expect(ModelGenerationValidationFailureError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/returned no image/);
  });
});

describe('ModelFacade errors', () => {
  it('turns a 401 into an authentication error naming the environment variable, never the key', async () => {
    const model = facade({ env: { FACADE_TEST_KEY: 'sk-wrong-key-9876543210abcdef' } });
    const error = await rejection(model.generate(opts()));
    expect(ModelAuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('FACADE_TEST_KEY');
    expect(error.message).toContain('test-model');
    expect(error.message).toContain("running generation for column 'x'");
    expect(error.message).not.toContain('sk-wrong-key-9876543210abcdef');
    expect(JSON.stringify({ message: error.message, fix: (error as { fix?: string }).fix })).not.toContain('sk-wrong-key');
    expect(model.usage.snapshot().requests.failed).toBe(1);
  });

  it('turns a 404 into a not-found error for embeddings too', async () => {
    server.configure({ faults: [{ when: { path: '/embeddings' }, respond: { status: 404 } }] });
    const model = facade({ model: 'missing-embedder', inference: { generation_type: 'embedding' } });
    const error = await rejection(model.generateEmbeddings(['x'], { purpose: 'running health checks' }));
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toContain('missing-embedder');
    expect(error.message).toContain('running health checks');
  });
});
