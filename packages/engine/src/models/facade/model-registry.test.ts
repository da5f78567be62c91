import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { InvalidConfigError, ModelConfigSchema, ModelProviderSchema } from '@dd/config';
import { startTestServer, type TestServer } from '../../testing/index.js';
import { RequestAdmissionController } from '../admission/index.js';
import { ModelGenerationValidationFailureError, ModelNotFoundError } from '../errors/index.js';
import { RetryPolicy } from '../executor/index.js';
import { checkModelHealth } from './check-model-health.js';
import { ModelRegistry } from './model-registry.js';

const KEY = 'sk-test-registry-secret-0123456789';
const ENV = { REGISTRY_TEST_KEY: KEY };

let server: TestServer;
const registries: ModelRegistry[] = [];
const controllers: RequestAdmissionController[] = [];

beforeAll(async () => {
  server = await startTestServer({ requireApiKey: KEY });
});
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
  for (const controller of controllers.splice(0)) controller.close();
  server.configure({ faults: [], chat: undefined, latencyMs: 0, maxConcurrent: undefined });
  server.reset();
});
afterAll(async () => {
  await server.close();
});

const model = (alias: string, extra: Record<string, unknown> = {}) => ModelConfigSchema.parse({ alias, model: 'test-model', provider: 'local', ...extra });

function setup(modelConfigs = [model('text')], providerExtra: Record<string, unknown> = {}, retryPolicy = new RetryPolicy({ maxAttempts: 1 })) {
  const controller = new RequestAdmissionController();
  controllers.push(controller);
  const registry = new ModelRegistry({
    modelConfigs,
    providers: [ModelProviderSchema.parse({ name: 'local', endpoint: server.url, api_key: 'REGISTRY_TEST_KEY', ...providerExtra })],
    admission: controller,
    env: ENV,
    retryPolicy,
  });
  registries.push(registry);
  return { registry, controller };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const say = (alias: string, registry: ModelRegistry) =>
  registry.getModel(alias).generate({ prompt: 'Hi', parser: (text) => text, purpose: 'testing', maxConversationRestarts: 0 });

describe('ModelRegistry lookups', () => {
  it('rejects an unknown alias, listing the known ones', () => {
    const { registry } = setup([model('text'), model('judge')]);
    const error = thrown(() => registry.getModel('writer'));
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/No model config with alias 'writer' found/);
    expect((error as { fix?: string }).fix).toMatch(/text, judge/);
  });

  it('rejects a model whose provider is not registered', () => {
    const { registry } = setup([model('text', { provider: 'elsewhere' })]);
    const error = thrown(() => registry.getModel('text'));
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/provider 'elsewhere'/);
    expect((error as { fix?: string }).fix).toMatch(/local/);
  });

  it('builds one facade per alias, lazily, and registers it with admission on first use', async () => {
    const { registry, controller } = setup([model('text')]);
    expect(controller.snapshot('local', 'test-model')).toBeUndefined();
    expect(registry.usage()).toEqual({});
    const first = registry.getModel('text');
    expect(registry.getModel('text')).toBe(first);
    expect(first.alias).toBe('text');
    expect(first.modelName).toBe('test-model');
    expect(first.providerName).toBe('local');
    expect(controller.snapshot('local', 'test-model')?.staticCap).toBe(4);
    expect(server.requests).toHaveLength(0);
    await say('text', registry);
    expect(registry.usage()).toEqual({ text: expect.objectContaining({ model: 'test-model', requests: { successful: 1, failed: 0, total: 1 } }) });
  });
});

describe('ModelRegistry request admission', () => {
  it('makes two aliases of one model share the smaller max_parallel_requests', async () => {
    const { registry, controller } = setup([
      model('wide', { inference_parameters: { max_parallel_requests: 8 } }),
      model('narrow', { inference_parameters: { max_parallel_requests: 3 } }),
    ]);
    registry.getModel('wide');
    expect(controller.snapshot('local', 'test-model')?.staticCap).toBe(8);
    registry.getModel('narrow');
    expect(controller.snapshot('local', 'test-model')?.staticCap).toBe(3);
    expect(controller.snapshot('local', 'test-model')?.domains.chat?.limit ?? 3).toBeLessThanOrEqual(3);

    // Requests through either alias share the cap at the server.
    server.configure({ latencyMs: 40 });
    await Promise.all(Array.from({ length: 10 }, (_, index) => say(index % 2 === 0 ? 'wide' : 'narrow', registry)));
    expect(server.stats().total).toBe(10);
    expect(server.stats().maxConcurrent).toBeLessThanOrEqual(3);
    expect(server.stats().maxConcurrent).toBeGreaterThan(1);
    const snapshot = controller.snapshot('local', 'test-model')!;
    expect(snapshot.domains.chat?.inFlight).toBe(0);
  });
});

describe('ModelRegistry requests', () => {
  it('never sends n, even when the provider extra_body sets it', async () => {
    const { registry } = setup([model('text')], { extra_body: { n: 3, keep: true } });
    await say('text', registry);
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body.keep).toBe(true);
    expect(body).not.toHaveProperty('n');
  });

  it('closes every provider connection pool', async () => {
    const { registry } = setup([model('a'), model('b')]);
    await say('a', registry);
    await say('b', registry);
    await expect(registry.close()).resolves.toBeUndefined();
    await expect(registry.close()).resolves.toBeUndefined();
    await expect(say('a', registry)).rejects.toThrow();
    expect(server.requests).toHaveLength(2);
  });
});

describe('checkModelHealth', () => {
  const envBefore = process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS;
  afterEach(() => {
    if (envBefore === undefined) delete process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS;
    else process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = envBefore;
  });

  it('probes each alias once: chat says Hello!, embedding returns a vector, image returns an image', async () => {
    const { registry } = setup([
      model('text'),
      ModelConfigSchema.parse({ alias: 'embed', model: 'embed-model', provider: 'local', inference_parameters: { generation_type: 'embedding' } }),
      ModelConfigSchema.parse({ alias: 'draw', model: 'dall-e-3', provider: 'local', inference_parameters: { generation_type: 'image' } }),
    ]);
    await checkModelHealth(registry, ['text', 'embed', 'draw', 'text']);
    const byPath = Object.fromEntries(server.requests.map((request) => [request.path, request.body as Record<string, unknown>]));
    expect(server.requests).toHaveLength(3);
    expect(byPath['/v1/chat/completions']!.messages).toEqual([
      { role: 'system', content: expect.anything() },
      { role: 'user', content: expect.anything() },
    ]);
    expect(JSON.stringify(byPath['/v1/chat/completions']!.messages)).toContain('Hello!');
    expect(byPath['/v1/embeddings']).toMatchObject({ model: 'embed-model', input: ['Hello!'] });
    expect(byPath['/v1/images/generations']).toMatchObject({ model: 'dall-e-3', prompt: 'Generate a simple illustration of a thumbs up sign.' });
  });

  it('fails clearly on a model the provider does not know', async () => {
    server.configure({
      faults: [{ when: { model: 'no-such-model' }, respond: { status: 404, body: { error: { message: 'The model `no-such-model` does not exist.' } } } }],
    });
    const { registry } = setup([model('text'), model('ghost', { model: 'no-such-model' })]);
    const error = await rejection(checkModelHealth(registry, ['text', 'ghost']));
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toContain("'no-such-model'");
    expect(error.message).toContain("provider 'local'");
    expect(error.message).toContain('running health checks');
    expect(error.message).toContain('does not exist');
  });

  it('fails on an empty reply without retrying', async () => {
    server.configure({ chat: () => '' });
    const { registry } = setup([model('text')]);
    const error = await rejection(checkModelHealth(registry, ['text']));
    expect(ModelGenerationValidationFailureError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('retries one 500 or 429 with the request retry policy instead of aborting the run', async () => {
    const policy = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, jitter: 0 });
    server.configure({
      retryAfterMs: 5,
      faults: [
        { when: { path: '/chat/completions', nth: 1 }, respond: { status: 500 } },
        { when: { path: '/embeddings', nth: 1 }, respond: { status: 429 } },
      ],
    });
    const { registry } = setup(
      [
        model('text'),
        ModelConfigSchema.parse({ alias: 'embed', model: 'embed-model', provider: 'local', inference_parameters: { generation_type: 'embedding' } }),
      ],
      {},
      policy,
    );
    await checkModelHealth(registry, ['text', 'embed']);
    expect(server.requests.map((request) => `${request.path} ${request.status}`).sort()).toEqual([
      '/v1/chat/completions 200',
      '/v1/chat/completions 500',
      '/v1/embeddings 200',
      '/v1/embeddings 429',
    ]);
  });

  it('gives up after the policy attempts and reports the last error', async () => {
    server.configure({ faults: [{ when: { path: '/chat/completions' }, respond: { status: 500 } }] });
    const { registry } = setup([model('text')], {}, new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, jitter: 0 }));
    const error = await rejection(checkModelHealth(registry, ['text']));
    expect(error.message).toContain('HTTP 500');
    expect(server.requests).toHaveLength(3);
  });

  it('skips models with skip_health_check', async () => {
    const { registry } = setup([model('text', { skip_health_check: true })]);
    await checkModelHealth(registry, ['text']);
    expect(server.requests).toHaveLength(0);
  });

  it('skips everything when DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS=1', async () => {
    process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
    server.configure({ faults: [{ respond: { status: 404 } }] });
    const { registry } = setup([model('text')]);
    await expect(checkModelHealth(registry, ['text'])).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it('still rejects unknown aliases', async () => {
    const { registry } = setup([model('text')]);
    const error = await rejection(checkModelHealth(registry, ['nope']));
    expect(InvalidConfigError.isInstance(error)).toBe(true);
  });
});
