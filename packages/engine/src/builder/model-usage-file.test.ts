import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, type DataDesignerConfig, type ModelProvider } from '@dd/config';
import { startTestServer, type TestServer } from '@dd/engine/testing';
import { createDataset } from './create-dataset.js';
import { MODEL_USAGE_FILE, mergeModelUsage, readModelUsageFile, tokenCostUsd, type ModelUsageFile } from '../artifacts/model-usage-file.js';
import { previewDataset } from './preview-dataset.js';
import type { ModelUsageStats } from '../models/facade/model-usage.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-usage-'));
let server: TestServer;
let providers: ModelProvider[];

const PRICING = { input_per_million_tokens: 2, output_per_million_tokens: 10 };

function yamlConfig(pricing: boolean): string {
  return `
model_configs:
  - alias: writer
    model: test-model
    provider: nvidia
    skip_health_check: true
${pricing ? `    pricing: {input_per_million_tokens: ${PRICING.input_per_million_tokens}, output_per_million_tokens: ${PRICING.output_per_million_tokens}}\n` : ''}  - alias: plain
    model: other-model
    provider: nvidia
    skip_health_check: true
columns:
  - name: topic
    column_type: sampler
    sampler_type: category
    params: {values: [cats, dogs]}
  - name: line
    column_type: llm-text
    model_alias: writer
    prompt: "Write one line about {{ topic }}."
  - name: other
    column_type: llm-text
    model_alias: plain
    prompt: "Say something about {{ topic }}."
`;
}

let config: DataDesignerConfig;

function chatRequests(model?: string): number {
  return server.requests.filter(
    (request) => request.path.endsWith('/chat/completions') && (model === undefined || (request.body as { model?: string }).model === model),
  ).length;
}

function readUsage(datasetPath: string): ModelUsageFile {
  return JSON.parse(readFileSync(path.join(datasetPath, MODEL_USAGE_FILE), 'utf8')) as ModelUsageFile;
}

beforeAll(async () => {
  server = await startTestServer();
  providers = [{ name: 'nvidia', endpoint: server.url, provider_type: 'openai', api_key: null, extra_body: null, extra_headers: null }];
  config = await loadConfig(yamlConfig(true));
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('model_usage.json', () => {
  it('is written with per-alias tokens, requests, provider and cost only where priced', async () => {
    server.reset();
    const result = await createDataset({
      config,
      numRecords: 4,
      seed: 1,
      artifactPath: tmp,
      datasetName: 'priced',
      runConfig: { buffer_size: 2 },
      modelProviders: providers,
    });
    const usage = readUsage(result.datasetPath);
    expect(Object.keys(usage).sort()).toEqual(['plain', 'writer']);
    const writer = usage.writer!;
    expect(writer.model).toBe('test-model');
    expect(writer.provider).toBe('nvidia');
    // Two row groups: the second write must not add the first group's requests again.
    expect(writer.requests).toEqual({ successful: chatRequests('test-model'), failed: 0, total: chatRequests('test-model') });
    expect(usage.plain?.requests.total).toBe(chatRequests('other-model'));
    expect(writer.tokens.input).toBeGreaterThan(0);
    expect(writer.tokens.output).toBeGreaterThan(0);
    expect(writer.tokens.total).toBe(writer.tokens.input + writer.tokens.output);
    expect(writer.cost_usd).toBeCloseTo((writer.tokens.input * 2 + writer.tokens.output * 10) / 1e6, 12);
    expect(usage.plain).not.toHaveProperty('cost_usd');
    expect(result.modelUsage).toEqual(usage);
    expect(existsSync(path.join(result.datasetPath, `${MODEL_USAGE_FILE}.tmp.${process.pid}`))).toBe(false);
  });

  it('adds a resumed run to the earlier usage without double counting', async () => {
    server.reset();
    const first = await createDataset({
      config,
      numRecords: 4,
      seed: 2,
      artifactPath: tmp,
      datasetName: 'resumed',
      runConfig: { buffer_size: 2 },
      modelProviders: providers,
    });
    const before = readUsage(first.datasetPath);
    const firstRequests = chatRequests('test-model');
    expect(before.writer!.requests.total).toBe(firstRequests);

    // Resume and extend: only the two new records make requests.
    server.reset();
    const second = await createDataset({
      config,
      numRecords: 6,
      seed: 2,
      artifactPath: tmp,
      datasetName: 'resumed',
      resume: 'always',
      runConfig: { buffer_size: 2 },
      modelProviders: providers,
    });
    expect(second.datasetPath).toBe(first.datasetPath);
    const secondRequests = chatRequests('test-model');
    expect(secondRequests).toBeGreaterThan(0);
    expect(secondRequests).toBe(firstRequests / 2);
    const after = readUsage(second.datasetPath);
    expect(after.writer!.requests.total).toBe(firstRequests + secondRequests);
    expect(after.writer!.tokens.input).toBeGreaterThan(before.writer!.tokens.input);
    expect(after.writer!.tokens.total).toBe(after.writer!.tokens.input + after.writer!.tokens.output);
    expect(after.writer!.cost_usd).toBeCloseTo((after.writer!.tokens.input * 2 + after.writer!.tokens.output * 10) / 1e6, 12);

    // Nothing left to resume: the file stays as it is.
    server.reset();
    await createDataset({
      config,
      numRecords: 6,
      seed: 2,
      artifactPath: tmp,
      datasetName: 'resumed',
      resume: 'always',
      runConfig: { buffer_size: 2 },
      modelProviders: providers,
    });
    expect(chatRequests()).toBe(0);
    expect(readUsage(second.datasetPath)).toEqual(after);
  });

  it('writes no file when no column uses a model', async () => {
    const noModels = await loadConfig(`
columns:
  - name: n
    column_type: sampler
    sampler_type: uniform
    params: {low: 0, high: 1}
`);
    const result = await createDataset({ config: noModels, numRecords: 2, artifactPath: tmp, datasetName: 'plain' });
    expect(existsSync(path.join(result.datasetPath, MODEL_USAGE_FILE))).toBe(false);
    expect(result.modelUsage).toBeUndefined();
  });

  it('returns the preview usage in memory', async () => {
    server.reset();
    const unpriced = await loadConfig(yamlConfig(false));
    const result = await previewDataset({ config: unpriced, numRecords: 3, seed: 1, modelProviders: providers });
    expect(result.modelUsage.writer?.requests.total).toBe(chatRequests('test-model'));
    expect(result.modelUsage.writer).not.toHaveProperty('cost_usd');
    expect(result.config.columns.map((column) => column.name)).toEqual(['topic', 'line', 'other']);
  });
});

describe('mergeModelUsage / readModelUsageFile', () => {
  const stats = (input: number, output: number, requests: number): ModelUsageStats => ({
    model: 'm',
    tokens: { input, output, reasoning: 1, total: input + output, reasoningSource: 'provider' },
    requests: { successful: requests, failed: 1, total: requests + 1 },
    images: 2,
  });
  const modelConfig = (pricing?: typeof PRICING) =>
    ({ alias: 'a', model: 'm', provider: 'p', skip_health_check: true, inference_parameters: {}, ...(pricing ? { pricing } : {}) }) as never;

  it('adds counters, keeps unrelated aliases and prices earlier unpriced tokens', () => {
    const previous: ModelUsageFile = {
      a: { model: 'm', tokens: { input: 100, output: 50, reasoning: 0, total: 150 }, requests: { successful: 1, failed: 0, total: 1 }, images: 0 },
      gone: { model: 'g', tokens: { input: 1, output: 1, reasoning: 0, total: 2 }, requests: { successful: 1, failed: 0, total: 1 }, images: 0 },
    };
    const merged = mergeModelUsage(previous, { a: stats(1000, 500, 3) }, [modelConfig(PRICING)]);
    expect(merged.a).toEqual({
      model: 'm',
      provider: 'p',
      tokens: { input: 1100, output: 550, reasoning: 1, total: 1650 },
      requests: { successful: 4, failed: 1, total: 5 },
      images: 2,
      cost_usd: tokenCostUsd({ input: 1100, output: 550 }, PRICING),
    });
    expect(merged.gone).toEqual(previous.gone);
    expect(mergeModelUsage({}, { a: stats(1, 1, 1) }, [modelConfig()]).a).not.toHaveProperty('cost_usd');
  });

  it('keeps an earlier recorded cost and adds this run at current prices', () => {
    const previous: ModelUsageFile = {
      a: { model: 'm', tokens: { input: 100, output: 0, reasoning: 0, total: 100 }, requests: { successful: 1, failed: 0, total: 1 }, images: 0, cost_usd: 5 },
    };
    expect(mergeModelUsage(previous, { a: stats(1_000_000, 0, 1) }, [modelConfig(PRICING)]).a?.cost_usd).toBe(7);
  });

  it('reads missing or corrupt files as null and fills missing counters', async () => {
    const dir = mkdtempSync(path.join(tmp, 'read-'));
    expect(await readModelUsageFile(dir)).toBeNull();
    writeFileSync(path.join(dir, MODEL_USAGE_FILE), '{not json');
    expect(await readModelUsageFile(dir)).toBeNull();
    writeFileSync(path.join(dir, MODEL_USAGE_FILE), JSON.stringify({ a: { model: 'm', tokens: { input: 3 } }, bad: 7 }));
    expect(await readModelUsageFile(dir)).toEqual({
      a: { model: 'm', tokens: { input: 3, output: 0, reasoning: 0, total: 0 }, requests: { successful: 0, failed: 0, total: 0 }, images: 0 },
    });
  });
});
