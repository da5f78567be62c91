import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDesignerConfigBuilder, type CustomGeneratorFunction } from '@dd/config';
import { customColumnGenerator, ResponseParseError, type CustomColumnContext, type Row } from '@dd/engine';
import { startTestServer, type TestServer } from '@dd/engine/testing';
import { DataDesigner } from '../data-designer.js';

// Custom column functions receive the facades of the aliases they declare and make their own
// LLM calls, with the LLM columns' admission, retries, usage accounting and traces.
let server: TestServer;
let designer: DataDesigner;

beforeAll(async () => {
  server = await startTestServer();
  process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS = '1';
  designer = new DataDesigner(mkdtempSync(path.join(os.tmpdir(), 'dd-custom-models-')), {
    modelProviders: [{ name: 'local', endpoint: server.url, api_key: 'k' }],
    runConfig: { max_conversation_correction_steps: 1 },
  });
});
afterAll(async () => {
  delete process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS;
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.configure({ faults: [], chat: undefined });
});

const MODELS = [
  { alias: 'writer', model: 'writer-model', provider: 'local', inference_parameters: { max_parallel_requests: 2 } },
  { alias: 'critic', model: 'critic-model', provider: 'local' },
];

function builderWith(fn: CustomGeneratorFunction): DataDesignerConfigBuilder {
  return new DataDesignerConfigBuilder({ modelConfigs: MODELS })
    .addColumn({ name: 'topic', column_type: 'sampler', sampler_type: 'category', params: { values: ['tea'] } })
    .addColumn({ name: 'story', column_type: 'custom', generator_function: fn });
}

describe('custom columns with models', () => {
  it('calls declared models through context.models, counted in model_usage.json', async () => {
    const story = customColumnGenerator(
      async (row: Row, _params: Record<string, unknown>, context: CustomColumnContext) => {
        const draft = await context.models.writer!.generate(`Draft about ${String(row.topic)}`);
        const review = await context.models.critic!.generate({ prompt: `Review: ${draft.parsed}`, systemPrompt: 'Be brief.' });
        return { story: draft.parsed, story__review: review.parsed, story__turns: review.trace.length };
      },
      { requiredColumns: ['topic'], modelAliases: ['writer', 'critic'], sideEffectColumns: ['story__review', 'story__turns'] },
    );
    const results = await designer.create(builderWith(story), { numRecords: 3, analyze: false });
    const records = await results.loadDataset();
    expect(records.map((record) => record.story)).toEqual(Array(3).fill('Reply to: Draft about tea'));
    expect(records[0]?.story__review).toBe('Reply to: Review: Reply to: Draft about tea');
    expect(Number(records[0]?.story__turns)).toBe(3); // system, user, assistant
    const usage = await results.modelUsage();
    expect(usage.writer?.requests).toEqual({ successful: 3, failed: 0, total: 3 });
    expect(usage.critic?.requests).toEqual({ successful: 3, failed: 0, total: 3 });
    const critic = server.requests.find((request) => (request.body as { model: string }).model === 'critic-model');
    expect((critic?.body as { messages: Array<{ role: string }> } | undefined)?.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('retries transient provider errors and applies the run config corrections to parsers', async () => {
    server.configure({ faults: [{ when: { path: '/chat/completions', nth: 1 }, respond: { status: 503 }, times: 1 }] });
    let parses = 0;
    const shout = customColumnGenerator(
      async (_row: Row, _params: Record<string, unknown>, context: CustomColumnContext) => {
        const { parsed } = await context.models.writer!.generate({
          prompt: 'Say something',
          parser: (text: string) => {
            parses += 1;
            if (parses === 1) throw new ResponseParseError('Answer in capitals.');
            return text.toUpperCase();
          },
        });
        return parsed;
      },
      { modelAliases: ['writer'] },
    );
    const preview = await designer.preview(builderWith(shout), { numRecords: 1 });
    expect(preview.records[0]?.story).toMatch(/^REPLY TO: /);
    const chat = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
    expect(chat.map((request) => request.status)).toEqual([503, 200, 200]);
    // The correction went back into the same conversation.
    expect((chat[2]?.body as { messages: Array<{ content: unknown }> } | undefined)?.messages.at(-1)?.content).toEqual('Answer in capitals.');
    expect(preview.modelUsage.writer?.requests.successful).toBe(2);
  });

  it('shares the model admission cap with LLM columns (max_parallel_requests)', async () => {
    server.configure({ latencyMs: 30 });
    const echo = customColumnGenerator(
      async (row: Row, _params: Record<string, unknown>, context: CustomColumnContext) =>
        (await context.models.writer!.generate(`n ${String(row.topic)}`)).parsed,
      {
        modelAliases: ['writer'],
        requiredColumns: ['topic'],
      },
    );
    await designer.preview(builderWith(echo), { numRecords: 8 });
    server.configure({ latencyMs: 0 });
    expect(server.stats().maxConcurrent).toBe(2);
    expect(server.stats().total).toBe(8);
  });

  it('an alias the function did not declare is a clear error', async () => {
    const sneaky = customColumnGenerator(
      async (_row: Row, _params: Record<string, unknown>, context: CustomColumnContext) => (await context.models.critic!.generate('hi')).parsed,
      { modelAliases: ['writer'] },
    );
    await expect(designer.preview(builderWith(sneaky), { numRecords: 1 })).rejects.toThrow(
      /Custom column 'story' used model alias 'critic', which it did not declare \(declared: 'writer'\)/,
    );
  });

  it('a declared alias no model config defines is reported before generation', async () => {
    const ghost = customColumnGenerator(async () => 'x', { modelAliases: ['ghost'] });
    await expect(designer.validate(builderWith(ghost))).rejects.toThrow(/uses model alias 'ghost', but no model config defines it/);
  });
});
