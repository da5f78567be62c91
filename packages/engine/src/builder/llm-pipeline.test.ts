import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, type DataDesignerConfig, type ModelProvider } from '@dd/config';
import { startTestServer, type TestServer } from '@dd/engine/testing';
import type { GenerationEvent } from '../events/index.js';
import { createDataset } from './create-dataset.js';
import { openDatasetReader } from './open-dataset-reader.js';
import { previewDataset } from './preview-dataset.js';

// The spec's §10 example (llm-text, llm-structured, llm-code, validation, llm-judge, embedding,
// expressions) run end to end against the local OpenAI-compatible server: no network.
const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'sk-test-SUPER-SECRET-123456';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-llm-'));
let server: TestServer;
let config: DataDesignerConfig;
let providers: ModelProvider[];

beforeAll(async () => {
  process.env.DD_TEST_PROVIDER_KEY = SECRET;
  server = await startTestServer({ requireApiKey: SECRET });
  config = await loadConfig(readFileSync(path.resolve(here, '../../../../examples/support-tickets/config.yaml'), 'utf8'));
  providers = ['nvidia', 'openai'].map((name) => ({
    name,
    endpoint: server.url,
    provider_type: 'openai',
    api_key: 'DD_TEST_PROVIDER_KEY',
    extra_body: null,
    extra_headers: null,
  }));
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('LLM pipeline against the local test server', () => {
  it('previews every model column type with the original cell shapes', async () => {
    const events: GenerationEvent[] = [];
    const result = await previewDataset({ config, numRecords: 4, seed: 3, modelProviders: providers, onEvent: (event) => events.push(event) });
    expect(result.records).toHaveLength(4);
    for (const record of result.records) {
      expect(typeof record.complaint).toBe('string');
      expect(String(record.complaint).length).toBeGreaterThan(0);
      // fix_script is skipped for phones (skip.value null), and its validation propagates the skip.
      if (record.product === 'phone') expect(record.fix_script).toBeNull();
      else expect(typeof record.fix_script).toBe('string');
      const judged = record.quality as Record<string, { reasoning: string; score: unknown }>;
      for (const score of Object.values(judged)) expect(Object.keys(score).sort()).toEqual(['reasoning', 'score']);
      const embedding = record.complaint_embedding as { embeddings: number[][]; num_embeddings: number; dimension: number };
      expect(embedding.num_embeddings).toBe(embedding.embeddings.length);
      expect(embedding.dimension).toBeGreaterThan(0);
      if (record.product !== 'phone') expect(typeof (record.fix_script_check as { is_valid: unknown }).is_valid).toBe('boolean');
    }
    const text = JSON.stringify({ records: result.records, events });
    expect(text).not.toContain(SECRET);
    expect(JSON.stringify(server.requests)).not.toContain(SECRET);
  });

  it('keeps every row through a 429 storm (deferred and retried, never dropped)', async () => {
    server.reset();
    server.configure({ maxConcurrent: 2, retryAfterMs: 20, latencyMs: 5 });
    try {
      const storm = await loadConfig({
        model_configs: [{ alias: 'm', model: 'storm-model', provider: 'nvidia', inference_parameters: { max_parallel_requests: 8 } }],
        columns: [
          { name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b', 'c'] } },
          { name: 'text', column_type: 'llm-text', model_alias: 'm', prompt: 'Write about {{ topic }}' },
        ],
      });
      const result = await previewDataset({ config: storm, numRecords: 40, modelProviders: providers, runConfig: { disable_early_shutdown: true } });
      expect(result.records).toHaveLength(40);
      const stats = server.stats();
      expect(stats.byStatus[429] ?? 0).toBeGreaterThan(0);
      expect(stats.maxConcurrent).toBeLessThanOrEqual(2);
    } finally {
      server.configure({ maxConcurrent: undefined, latencyMs: 0 });
    }
  });

  it('drops only the rows whose requests fail for good, and writes no secret to the artifacts', async () => {
    server.reset();
    server.configure({
      faults: [{ when: { path: '/v1/chat/completions', nth: 3 }, respond: { status: 400, body: { error: { message: 'bad request for this one' } } } }],
    });
    try {
      const small = await loadConfig({
        model_configs: [{ alias: 'm', model: 'plain-model', provider: 'nvidia', skip_health_check: true }],
        columns: [
          { name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1 } },
          { name: 'text', column_type: 'llm-text', model_alias: 'm', prompt: 'Say {{ n }}', with_trace: 'all_messages' },
        ],
      });
      const result = await createDataset({ config: small, numRecords: 10, artifactPath: tmp, datasetName: 'faults', modelProviders: providers });
      const reader = await openDatasetReader(result.datasetPath);
      const rows = await reader.readAll();
      await reader.close();
      expect(rows).toHaveLength(9);
      expect(Array.isArray(rows[0]?.text__trace)).toBe(true);
      for (const file of filesUnder(result.datasetPath)) expect(readFileSync(file).toString('latin1')).not.toContain(SECRET);
    } finally {
      server.configure({ faults: [] });
    }
  });
});
