import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, type DataDesignerConfig, type ModelProvider } from '@dd/config';
import { parseMcpProviders } from '../mcp/index.js';
import { startTestServer, type ChatResponder, type TestServer, type WireChatMessage } from '@dd/engine/testing';
import { startTestMcpHttpServer, testMcpStdioProvider, type TestMcpHttpServer } from '../testing/mcp-test-server.js';
import type { GenerationEvent } from '../events/index.js';
import { previewDataset } from './preview-dataset.js';

// An llm-text column with a tool_alias against the local OpenAI-compatible server, scripted to ask
// for the `add` tool first and answer with its result, and the test MCP server (stdio and HTTP).
let server: TestServer;
let mcpHttp: TestMcpHttpServer;
let providers: ModelProvider[];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-mcp-'));

/** Asks for add(a, b) while no tool result is in the conversation, then answers with it. */
const toolThenAnswer: ChatResponder = (body) => {
  if (!body.tools || body.tools.length === 0) return 'Hello!';
  const result = body.messages.find((message) => message.role === 'tool');
  if (!result) return { tool_calls: [{ name: 'add', arguments: { a: 20, b: 22 } }] };
  const content = typeof result.content === 'string' ? result.content : (result.content ?? []).map((block) => block.text ?? '').join('');
  return `The answer is ${content}.`;
};

beforeAll(async () => {
  server = await startTestServer({ chat: toolThenAnswer });
  mcpHttp = await startTestMcpHttpServer({ tools: ['add', 'echo'] });
  providers = [{ name: 'local', endpoint: server.url, provider_type: 'openai', api_key: null, extra_body: null, extra_headers: null }];
});
afterAll(async () => {
  await server.close();
  await mcpHttp.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function toolConfig(providerNames: string[], extra: Record<string, unknown> = {}): Promise<DataDesignerConfig> {
  return loadConfig({
    model_configs: [{ alias: 'm', model: 'test-model', provider: 'local' }],
    tool_configs: [{ tool_alias: 'math', providers: providerNames, ...extra }],
    columns: [
      { name: 'n', column_type: 'sampler', sampler_type: 'category', params: { values: ['x'] } },
      { name: 'answer', column_type: 'llm-text', model_alias: 'm', prompt: 'What is 20 + 22? ({{ n }})', tool_alias: 'math', with_trace: 'all_messages' },
    ],
  });
}

function expectToolTrace(record: Record<string, unknown>): void {
  expect(record.answer).toBe('The answer is 42.');
  const trace = record.answer__trace as Array<Record<string, unknown>>;
  expect(trace.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  const calls = trace[1]!.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>;
  expect(calls).toHaveLength(1);
  expect(calls[0]!.function).toEqual({ name: 'add', arguments: '{"a":20,"b":22}' });
  expect(trace[2]).toEqual({ role: 'tool', content: [{ type: 'text', text: '42' }], tool_call_id: calls[0]!.id });
}

describe('llm-text column with MCP tools', () => {
  it('calls a tool of a stdio MCP server', async () => {
    server.reset();
    const events: GenerationEvent[] = [];
    const result = await previewDataset({
      config: await toolConfig(['calc']),
      numRecords: 2,
      modelProviders: providers,
      mcpProviders: [testMcpStdioProvider('calc', { tools: ['add', 'echo'] })],
      onEvent: (event) => events.push(event),
    });
    expect(result.records).toHaveLength(2);
    for (const record of result.records) expectToolTrace(record);
    const toolRequests = server.requests.filter((request) => (request.body as { tools?: unknown[] } | null)?.tools);
    expect(toolRequests).toHaveLength(4);
    const [tool] = (toolRequests[0]!.body as { tools: Array<{ function: { name: string } }> }).tools;
    expect(tool!.function.name).toBe('add');
    expect(JSON.stringify(events)).toContain('Checking MCP tools: math');
  });

  it('calls a tool of a streamable HTTP MCP server, reading providers from DATA_DESIGNER_HOME', async () => {
    writeFileSync(path.join(tmp, 'mcp_providers.yaml'), `providers:\n  - provider_type: streamable_http\n    name: web\n    endpoint: ${mcpHttp.endpoint}\n`);
    const previous = process.env.DATA_DESIGNER_HOME;
    process.env.DATA_DESIGNER_HOME = tmp;
    try {
      const result = await previewDataset({ config: await toolConfig(['web'], { allow_tools: ['add'] }), numRecords: 1, modelProviders: providers });
      expectToolTrace(result.records[0]!);
      expect(mcpHttp.calls.add).toBe(1);
      const body = server.requests.at(-1)!.body as { tools: Array<{ function: { name: string } }>; messages: WireChatMessage[] };
      expect(body.tools.map((entry) => entry.function.name)).toEqual(['add']);
    } finally {
      if (previous === undefined) delete process.env.DATA_DESIGNER_HOME;
      else process.env.DATA_DESIGNER_HOME = previous;
    }
  });

  it('fails before generating when a tool alias cannot be resolved', async () => {
    await expect(
      previewDataset({
        config: await toolConfig(['calc'], { allow_tools: ['subtract'] }),
        numRecords: 1,
        modelProviders: providers,
        mcpProviders: [testMcpStdioProvider('calc')],
      }),
    ).rejects.toThrow(/allow_tools names tools its providers \(calc\) do not have: subtract/);
    await expect(previewDataset({ config: await toolConfig(['nowhere']), numRecords: 1, modelProviders: providers, mcpProviders: [] })).rejects.toThrow(
      "MCP provider 'nowhere' is not registered.",
    );
  });

  it('runs examples/mcp-tools with its stdio provider file', async () => {
    const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/mcp-tools');
    const config = await loadConfig(readFileSync(path.join(example, 'config.yaml'), 'utf8'));
    const provider = parseMcpProviders(readFileSync(path.join(example, 'mcp_providers.yaml'), 'utf8'))[0]!;
    if (provider.provider_type !== 'stdio') throw new Error('expected a stdio provider');
    const script = path.resolve(example, '../..', provider.args[0]!);
    const result = await previewDataset({
      config: { ...config, model_configs: config.model_configs!.map((model) => ({ ...model, provider: 'local', model: 'test-model' })) },
      numRecords: 1,
      modelProviders: providers,
      mcpProviders: [{ ...provider, args: [script] }],
    });
    expect(String(result.records[0]!.answer)).toBe('The answer is 42.');
    expect((result.records[0]!.answer__trace as unknown[]).length).toBe(5);
  });
});
