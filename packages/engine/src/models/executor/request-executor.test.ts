import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../../testing/index.js';
import { OpenAICompatibleClient } from '../clients/index.js';
import { ModelProviderError, ModelRateLimitError, toModelError } from '../errors/index.js';
import type { AdmissionKey, AdmissionLease, ChatCompletionResponse, LeaseOutcome, ModelClient, RequestAdmission } from '../model-types.js';
import { ModelRequestExecutor } from './request-executor.js';
import { RetryPolicy } from './retry-policy.js';
import { UnlimitedAdmission } from './unlimited-admission.js';

/** Counts acquisitions and every release call (duplicates included). */
class CountingAdmission implements RequestAdmission {
  acquired: AdmissionKey[] = [];
  releases: Array<{ outcome: LeaseOutcome; retryAfterMs: number | undefined }> = [];
  register(): void {}
  async acquire(key: AdmissionKey): Promise<AdmissionLease> {
    this.acquired.push(key);
    return {
      key,
      release: (outcome, options) => {
        this.releases.push({ outcome, retryAfterMs: options?.retryAfterMs });
        return false;
      },
    };
  }
}

/** Hands out leases in order; a release passes its lease to the next waiting acquirer and says so. */
class OneAtATimeAdmission implements RequestAdmission {
  private held = false;
  private readonly waiting: Array<(lease: AdmissionLease) => void> = [];
  register(): void {}
  acquire(key: AdmissionKey): Promise<AdmissionLease> {
    const lease: AdmissionLease = {
      key,
      release: () => {
        const next = this.waiting.shift();
        if (next === undefined) {
          this.held = false;
          return false;
        }
        next(lease);
        return true;
      },
    };
    if (!this.held) {
      this.held = true;
      return Promise.resolve(lease);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

const fast = new RetryPolicy({ baseDelayMs: 5, maxDelayMs: 50, jitter: 0 });
const request = { model: 'test-model', messages: [{ role: 'user' as const, content: 'hi' }] };
let server: TestServer;
let client: OpenAICompatibleClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new OpenAICompatibleClient({ name: 'local', endpoint: server.url });
});
afterEach(() => {
  server.configure({ faults: [] });
  server.reset();
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe('ModelRequestExecutor', () => {
  it('retries 503 then succeeds, one fresh lease per attempt', async () => {
    server.configure({ faults: [{ respond: { status: 503 }, times: 2 }] });
    const admission = new CountingAdmission();
    const executor = new ModelRequestExecutor(client, admission, { retryPolicy: fast });
    const reply = await executor.completion(request);
    expect(reply.content).toEqual(expect.any(String));
    expect(server.requests).toHaveLength(3);
    expect(admission.acquired).toEqual(Array(3).fill({ provider: 'local', model: 'test-model', domain: 'chat' }));
    expect(admission.releases.map((release) => release.outcome)).toEqual(['provider_failure', 'provider_failure', 'success']);
  });

  it('gives up after maxAttempts and keeps every attempt on the error', async () => {
    server.configure({ faults: [{ respond: { status: 502 } }] });
    const admission = new CountingAdmission();
    const executor = new ModelRequestExecutor(client, admission, { retryPolicy: fast });
    const error = await executor.completion(request).catch((caught: unknown) => caught);
    expect(ModelProviderError.isInstance(error)).toBe(true);
    const provider = error as ModelProviderError;
    expect(provider.attempts).toHaveLength(4);
    expect(provider.attempts.every((attempt) => attempt.kind === 'INTERNAL_SERVER' && attempt.status === 502)).toBe(true);
    expect(toModelError(provider, { model: 'test-model', provider: 'local', purpose: 'testing' }).attempts).toHaveLength(4);
    expect(admission.releases).toHaveLength(4);
    expect(server.requests).toHaveLength(4);
  });

  it('does not retry 401', async () => {
    server.configure({ faults: [{ respond: { status: 401 } }] });
    const admission = new CountingAdmission();
    const error = await new ModelRequestExecutor(client, admission, { retryPolicy: fast }).completion(request).catch((caught: unknown) => caught);
    expect((error as ModelProviderError).kind).toBe('AUTHENTICATION');
    expect((error as ModelProviderError).attempts).toEqual([{ kind: 'AUTHENTICATION', status: 401, message: expect.any(String) }]);
    expect(server.requests).toHaveLength(1);
    expect(admission.releases).toEqual([{ outcome: 'provider_failure', retryAfterMs: undefined }]);
  });

  it('does not retry 429: releases rate_limited with Retry-After and surfaces a preserved error', async () => {
    server.configure({ faults: [{ respond: { status: 429, headers: { 'retry-after-ms': '1500' } } }] });
    const admission = new CountingAdmission();
    const error = await new ModelRequestExecutor(client, admission, { retryPolicy: fast }).completion(request).catch((caught: unknown) => caught);
    expect(server.requests).toHaveLength(1);
    expect(admission.releases).toEqual([{ outcome: 'rate_limited', retryAfterMs: 1500 }]);
    const provider = error as ModelProviderError;
    expect(provider.isRetryable && provider.isPreserved).toBe(true);
    const modelError = toModelError(provider, { model: 'test-model', provider: 'local', purpose: 'testing' });
    expect(ModelRateLimitError.isInstance(modelError)).toBe(true);
    expect(modelError.retryAfterMs).toBe(1500);
  });

  it('releases provider_timeout on timeouts and does not retry them', async () => {
    server.configure({ faults: [{ respond: { hang: true } }] });
    const admission = new CountingAdmission();
    const error = await new ModelRequestExecutor(client, admission, { retryPolicy: fast })
      .completion({ ...request, timeout: 0.2 })
      .catch((caught: unknown) => caught);
    expect((error as ModelProviderError).kind).toBe('TIMEOUT');
    expect(admission.releases.map((release) => release.outcome)).toEqual(['provider_timeout']);
  });

  it('retries connection resets (API_CONNECTION)', async () => {
    server.configure({ faults: [{ respond: { reset: true }, times: 1 }] });
    const admission = new CountingAdmission();
    await new ModelRequestExecutor(client, admission, { retryPolicy: fast }).completion(request);
    expect(admission.releases.map((release) => release.outcome)).toEqual(['provider_failure', 'success']);
  });

  it('abort stops retries and releases local_cancelled once', async () => {
    server.configure({ faults: [{ respond: { status: 503 } }] });
    const admission = new CountingAdmission();
    const slow = new RetryPolicy({ baseDelayMs: 10_000, jitter: 0 });
    const controller = new AbortController();
    const pending = new ModelRequestExecutor(client, admission, { retryPolicy: slow })
      .completion(request, controller.signal)
      .catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const error = await pending;
    expect((error as { name?: string }).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
    expect(admission.releases.map((release) => release.outcome)).toEqual(['provider_failure']);

    server.configure({ faults: [{ respond: { hang: true } }] });
    server.reset();
    const inFlight = new AbortController();
    const hanging = new ModelRequestExecutor(client, admission, { retryPolicy: fast }).completion(request, inFlight.signal).catch((caught: unknown) => caught);
    setTimeout(() => inFlight.abort(), 50);
    expect(((await hanging) as { name?: string }).name).toBe('AbortError');
    expect(admission.releases.map((release) => release.outcome)).toEqual(['provider_failure', 'local_cancelled']);
    expect(server.requests).toHaveLength(1);
  });

  it('releases unexpected_exception for non-provider errors and never releases twice', async () => {
    const admission = new CountingAdmission();
    const broken = {
      providerName: 'p',
      completion: () => Promise.reject(new RangeError('bug')),
      embeddings: () => Promise.reject(new Error('x')),
      generateImages: () => Promise.reject(new Error('x')),
      close: async () => {},
    };
    const error = await new ModelRequestExecutor(broken, admission, { retryPolicy: fast }).completion(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect(admission.releases).toEqual([{ outcome: 'unexpected_exception', retryAfterMs: undefined }]);
  });

  it('hands a reply on only after the request its lease went to was written', async () => {
    // A client that "writes" its request in the loop's check phase, as undici does on a reused socket.
    const events: string[] = [];
    const reply: ChatCompletionResponse = { content: 'ok', reasoning: null, toolCalls: [], finishReason: 'stop', usage: null, images: [] };
    const writing: ModelClient = {
      providerName: 'fake',
      completion: async (sent) => {
        const name = String(sent.messages[0]?.content);
        setImmediate(() => events.push(`${name} written`));
        return reply;
      },
      embeddings: () => Promise.reject(new Error('unused')),
      generateImages: () => Promise.reject(new Error('unused')),
      close: async () => undefined,
    };
    const executor = new ModelRequestExecutor(writing, new OneAtATimeAdmission());
    const send = (name: string) =>
      executor.completion({ model: 'm', messages: [{ role: 'user', content: name }] }).then(() => events.push(`${name} handed on`));
    await Promise.all([send('a'), send('b')]);
    // a's release admits b: a is handed on only once b is written. Nobody waits for b's lease: b is
    // handed on at once (its fake reply comes back before the check phase).
    expect(events).toEqual(['b handed on', 'a written', 'b written', 'a handed on']);
  });

  it('uses the embedding and image domains and works with UnlimitedAdmission', async () => {
    const admission = new CountingAdmission();
    const executor = new ModelRequestExecutor(client, admission);
    await executor.embeddings({ model: 'e', input: ['a'] });
    await executor.generateImages({ model: 'dall-e-3', prompt: 'p' });
    expect(admission.acquired.map((key) => key.domain)).toEqual(['embedding', 'image']);
    const unlimited = new ModelRequestExecutor(client, new UnlimitedAdmission());
    expect(unlimited.providerName).toBe('local');
    expect((await unlimited.completion(request)).content).toEqual(expect.any(String));
  });
});

describe('RetryPolicy', () => {
  it('has the documented defaults and backoff', () => {
    const policy = new RetryPolicy({ random: () => 0 });
    expect([policy.maxAttempts, policy.baseDelayMs, policy.factor, policy.maxDelayMs, policy.jitter]).toEqual([4, 2000, 2, 60_000, 0.2]);
    expect([0, 1, 2, 10].map((index) => policy.delayMs(index))).toEqual([2000, 4000, 8000, 60_000]);
    expect(new RetryPolicy({ random: () => 0.5 }).delayMs(0)).toBe(2200);
    expect(policy.delayMs(0, { retryAfterMs: 5000 })).toBe(5000);
    expect(policy.delayMs(0, { retryAfterMs: 120_000 })).toBe(60_000);
  });

  it('retries 502/503/504 and status-less connection errors only; never aborts', () => {
    const policy = new RetryPolicy();
    const error = (kind: ModelProviderError['kind'], status: number | null) => new ModelProviderError({ kind, status });
    expect(policy.retryOn(error('INTERNAL_SERVER', 503))).toBe(true);
    expect(policy.retryOn(error('INTERNAL_SERVER', 502))).toBe(true);
    expect(policy.retryOn(error('INTERNAL_SERVER', 504))).toBe(true);
    expect(policy.retryOn(error('INTERNAL_SERVER', 500))).toBe(false);
    expect(policy.retryOn(error('API_CONNECTION', null))).toBe(true);
    expect(policy.retryOn(error('TIMEOUT', null))).toBe(false);
    expect(policy.retryOn(error('RATE_LIMIT', 429))).toBe(false);
    expect(policy.retryOn(error('AUTHENTICATION', 401))).toBe(false);
    expect(policy.retryOn(new DOMException('x', 'AbortError'))).toBe(false);
    const aborted = new AbortController();
    aborted.abort();
    expect(policy.retryOn(error('INTERNAL_SERVER', 503), aborted.signal)).toBe(false);
    expect(new RetryPolicy({ retryOn: () => true }).shouldRetry(4, error('BAD_REQUEST', 400))).toBe(false);
  });
});
