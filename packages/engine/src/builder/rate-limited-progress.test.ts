import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@dd/config';
import { startTestServer, type TestServer } from '../testing/index.js';
import type { GenerationEvent } from '../events/index.js';
import { previewDataset } from './preview-dataset.js';

// A provider that answers every request 429 (issue 14.9): progress events keep coming and carry the
// 429 count and the requests waiting, so the CLI can keep reporting them instead of going silent.
let server: TestServer;

beforeAll(async () => {
  process.env.DD_RATE_LIMITED_KEY = 'sk-rate-limited';
  server = await startTestServer({ retryAfterMs: 20, faults: [{ when: { path: '/chat/completions' }, respond: { status: 429 } }] });
});

afterAll(async () => {
  await server.close();
});

describe('progress against an always-429 provider', () => {
  it('reports a growing 429 count in successive progress events', async () => {
    const config = await loadConfig({
      model_configs: [{ alias: 'm', model: 'm', provider: 'p', skip_health_check: true, inference_parameters: { max_parallel_requests: 4 } }],
      columns: [
        { name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1 } },
        { name: 'text', column_type: 'llm-text', model_alias: 'm', prompt: 'Say {{ n }}' },
      ],
    });
    const abort = new AbortController();
    const counts: number[] = [];
    const events: Array<Extract<GenerationEvent, { type: 'progress' }>> = [];
    const run = previewDataset({
      config,
      numRecords: 8,
      modelProviders: [{ name: 'p', endpoint: server.url, provider_type: 'openai', api_key: 'DD_RATE_LIMITED_KEY', extra_body: null, extra_headers: null }],
      signal: abort.signal,
      onEvent: (event) => {
        if (event.type !== 'progress') return;
        events.push(event);
        counts.push(event.rateLimitedRequests ?? 0);
        if (counts.filter((count) => count > 0).length >= 3) abort.abort(new Error('enough'));
      },
    });
    await run.catch(() => undefined);
    const rateLimited = counts.filter((count) => count > 0);
    expect(rateLimited.length).toBeGreaterThanOrEqual(3);
    expect(rateLimited[rateLimited.length - 1]).toBeGreaterThan(rateLimited[0]!);
    expect(events.every((event) => event.recordsDone === 0)).toBe(true);
    expect(server.stats().byStatus[200]).toBeUndefined();
  }, 30_000);
});
