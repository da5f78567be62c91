import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelConfigSchema, ModelProviderSchema } from '@dd/config';
import { MCPConfigurationError, MCPToolError } from '../errors/mcp-errors.js';
import type { ToolRuntime } from './tool-runtime.js';
import { startTestServer, type ChatReply, type ChatResponder, type TestServer, type WireChatMessage } from '../../testing/index.js';
import { createModelClient } from '../clients/index.js';
import { ModelGenerationValidationFailureError } from '../errors/index.js';
import { ModelRequestExecutor, RetryPolicy, UnlimitedAdmission } from '../executor/index.js';
import type { ChatMessage, ModelClient, ToolCall } from '../model-types.js';
import { ResponseParseError } from '../response-parse-error.js';
import { ModelFacade, TOOL_CALL_REFUSAL, traceMessage } from './model-facade.js';

let server: TestServer;
const clients: ModelClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.configure({ chat: undefined });
  server.reset();
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server.close();
});

/** A fake tool runtime: `add` sums, every call is logged. */
function fakeTools(maxTurns = 5): ToolRuntime & { executed: ToolCall[][] } {
  const executed: ToolCall[][] = [];
  return {
    executed,
    toolSchemas: async () => [{ type: 'function', function: { name: 'add', parameters: { type: 'object', properties: {} } } }],
    maxToolCallTurns: () => maxTurns,
    executeToolCalls: async (_alias, calls) => {
      executed.push([...calls]);
      return calls.map((call): ChatMessage => {
        let args: { a: number; b: number };
        try {
          args = JSON.parse(call.function.arguments) as { a: number; b: number };
        } catch {
          throw new MCPToolError(`bad JSON for ${call.function.name}`);
        }
        return { role: 'tool', content: String(args.a + args.b), tool_call_id: call.id };
      });
    },
  };
}

function facade(tools?: ToolRuntime): ModelFacade {
  const provider = ModelProviderSchema.parse({ name: 'local', endpoint: server.url, api_key: 'x' });
  const modelConfig = ModelConfigSchema.parse({ alias: 'text', model: 'test-model', provider: 'local' });
  const client = createModelClient(provider, { env: {} });
  clients.push(client);
  const executor = new ModelRequestExecutor(client, new UnlimitedAdmission(), { retryPolicy: new RetryPolicy({ maxAttempts: 1 }) });
  return new ModelFacade({ modelConfig, provider, client: executor, ...(tools ? { tools } : {}) });
}

const addCall = (a: number, b: number): ChatReply => ({ tool_calls: [{ name: 'add', arguments: { a, b } }] });
const script =
  (...replies: ChatReply[]): ChatResponder =>
  (_body, { n }) =>
    replies[Math.min(n, replies.length) - 1]!;
const text = (value: string) => value;
const parseNumber = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new ResponseParseError(`'${value}' is not a number`);
  return Number(value);
};

describe('ModelFacade tool turns', () => {
  it('runs tool calls, sends the tools, and traces the assistant tool_calls and tool results', async () => {
    const tools = fakeTools();
    server.configure({
      chat: script(
        {
          tool_calls: [
            { name: 'add', arguments: { a: 2, b: 3 } },
            { name: 'add', arguments: { a: 1, b: 1 } },
          ],
        },
        'The sums are 5 and 2.',
      ),
    });
    const model = facade(tools);
    const { parsed, trace } = await model.generate({ prompt: 'add', parser: text, toolAlias: 'math', purpose: 'test' });
    expect(parsed).toBe('The sums are 5 and 2.');
    expect(trace.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(traceMessage(trace[1]!)).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: '' }],
      tool_calls: [
        { id: expect.any(String), type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } },
        { id: expect.any(String), type: 'function', function: { name: 'add', arguments: '{"a":1,"b":1}' } },
      ],
    });
    expect(traceMessage(trace[2]!)).toEqual({ role: 'tool', content: [{ type: 'text', text: '5' }], tool_call_id: trace[1]!.tool_calls![0]!.id });
    const [first, second] = server.requests
      .filter((request) => request.path.endsWith('/chat/completions'))
      .map((request) => request.body as { tools?: unknown[]; messages: WireChatMessage[] });
    expect(first!.tools).toHaveLength(1);
    expect(second!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool']);
    expect(model.usage.snapshot().tools).toEqual({ total_tool_calls: 2, total_tool_call_turns: 1, total_generations: 1, generations_with_tools: 1 });
    expect(model.usage.snapshot().requests.total).toBe(2);
  });

  it('refuses tool calls after max_tool_call_turns', async () => {
    const tools = fakeTools(2);
    server.configure({ chat: script(addCall(1, 1), addCall(1, 2), addCall(1, 3), 'done') });
    const model = facade(tools);
    const { trace } = await model.generate({ prompt: 'add', parser: text, toolAlias: 'math', purpose: 'test' });
    expect(tools.executed).toHaveLength(2);
    const toolMessages = trace.filter((message) => message.role === 'tool');
    expect(toolMessages.map((message) => message.content)).toEqual(['2', '3', TOOL_CALL_REFUSAL]);
    expect(model.usage.snapshot().tools).toEqual({ total_tool_calls: 3, total_tool_call_turns: 3, total_generations: 1, generations_with_tools: 1 });
  });

  it('fails when the model keeps calling tools after refusals', async () => {
    server.configure({ chat: script(addCall(1, 1)) });
    await expect(facade(fakeTools(1)).generate({ prompt: 'add', parser: text, toolAlias: 'math', purpose: 'test' })).rejects.toThrow(
      /kept requesting tools after 3 refusals/,
    );
  });

  it('restarts from the checkpoint after tool turns and never repeats a tool call', async () => {
    const tools = fakeTools();
    server.configure({ chat: script(addCall(2, 2), 'four', 'still four', '4') });
    const model = facade(tools);
    const { parsed, trace } = await model.generate({
      prompt: 'add',
      parser: parseNumber,
      toolAlias: 'math',
      purpose: 'test',
      maxCorrectionSteps: 0,
      maxConversationRestarts: 3,
    });
    expect(parsed).toBe(4);
    expect(tools.executed).toHaveLength(1);
    expect(trace.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(model.usage.snapshot().requests.total).toBe(4);
  });

  it('bad JSON arguments surface as a non-retryable MCPToolError', async () => {
    server.configure({ chat: script({ tool_calls: [{ name: 'add', arguments: '{"a": 1,' }] }) });
    const error = await facade(fakeTools())
      .generate({ prompt: 'add', parser: text, toolAlias: 'math', purpose: 'test' })
      .catch((caught: unknown) => caught);
    expect(MCPToolError.isInstance(error)).toBe(true);
    expect((error as MCPToolError).isRetryable).toBe(false);
  });

  it('a tool alias without a tool registry is a configuration error', async () => {
    const error = await facade()
      .generate({ prompt: 'x', parser: text, toolAlias: 'math', purpose: 'test' })
      .catch((caught: unknown) => caught);
    expect(MCPConfigurationError.isInstance(error)).toBe(true);
  });

  it('ignores tool calls without a tool alias and counts nothing', async () => {
    server.configure({ chat: script({ content: 'plain', tool_calls: [{ name: 'add', arguments: {} }] }) });
    const model = facade(fakeTools());
    expect((await model.generate({ prompt: 'x', parser: text, purpose: 'test' })).parsed).toBe('plain');
    expect(model.usage.snapshot().tools).toEqual({ total_tool_calls: 0, total_tool_call_turns: 0, total_generations: 0, generations_with_tools: 0 });
  });
});

describe('ModelFacade tool turns: usage of a failed generation', () => {
  it('still records tool usage when parsing finally fails', async () => {
    server.configure({ chat: script(addCall(1, 1), 'nope') });
    const model = facade(fakeTools());
    const error = await model
      .generate({ prompt: 'x', parser: parseNumber, toolAlias: 'math', purpose: 'test', maxConversationRestarts: 1 })
      .catch((caught: unknown) => caught);
    expect(ModelGenerationValidationFailureError.isInstance(error)).toBe(true);
    expect(model.usage.snapshot().tools).toMatchObject({ total_tool_calls: 1, total_tool_call_turns: 1, generations_with_tools: 1 });
  });
});
