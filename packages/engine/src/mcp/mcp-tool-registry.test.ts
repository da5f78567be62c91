import { MCPProviderConfigSchema, ToolConfigSchema, type MCPProviderConfig, type ToolConfig } from '@dd/config';
import { startTestMcpHttpServer, testMcpStdioProvider, type TestMcpHttpServer } from '../testing/mcp-test-server.js';
import { coerceToolResult } from './coerce-tool-result.js';
import { MCPConfigurationError, MCPToolError } from './mcp-errors.js';
import { McpProviderSession } from './mcp-provider-session.js';
import { McpToolRegistry } from './mcp-tool-registry.js';
import { parseMcpProviders } from './load-mcp-providers.js';
import type { McpSession } from './mcp-types.js';

const tool = (config: Partial<ToolConfig> & { tool_alias: string; providers: string[] }): ToolConfig => ToolConfigSchema.parse(config);
const provider = (config: unknown): MCPProviderConfig => MCPProviderConfigSchema.parse(config);
const call = (name: string, args: unknown, id = `call_${name}`) => ({
  id,
  type: 'function' as const,
  function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
});

describe('McpToolRegistry (stdio)', () => {
  let registry: McpToolRegistry;
  afterEach(async () => {
    await registry?.close();
  });

  it('lists tools as OpenAI function schemas: the union of the providers', async () => {
    registry = new McpToolRegistry({
      toolConfigs: [tool({ tool_alias: 'both', providers: ['math', 'text'] })],
      providers: [provider(testMcpStdioProvider('math', { tools: ['add'] })), provider(testMcpStdioProvider('text', { tools: ['echo', 'picture'] }))],
    });
    const schemas = await registry.toolSchemas('both');
    expect(schemas.map((schema) => schema.function.name)).toEqual(['add', 'echo', 'picture']);
    expect(schemas[0]).toEqual({
      type: 'function',
      function: {
        name: 'add',
        description: 'Adds two numbers.',
        parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
      },
    });
  });

  it('rejects duplicate tool names across providers', async () => {
    registry = new McpToolRegistry({
      toolConfigs: [tool({ tool_alias: 'dup', providers: ['one', 'two'] })],
      providers: [provider(testMcpStdioProvider('one', { tools: ['add', 'echo'] })), provider(testMcpStdioProvider('two', { tools: ['add'] }))],
    });
    const error = await registry.toolSchemas('dup').catch((caught: unknown) => caught);
    expect(MCPConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("duplicate tool names across MCP providers: 'add' (one, two)");
  });

  it('filters by allow_tools and rejects allow-listed tools no provider has', async () => {
    registry = new McpToolRegistry({
      toolConfigs: [
        tool({ tool_alias: 'some', providers: ['all'], allow_tools: ['echo'] }),
        tool({ tool_alias: 'missing', providers: ['all'], allow_tools: ['echo', 'nope', 'zilch'] }),
      ],
      providers: [provider(testMcpStdioProvider('all'))],
    });
    expect((await registry.toolSchemas('some')).map((schema) => schema.function.name)).toEqual(['echo']);
    const error = await registry.toolSchemas('missing').catch((caught: unknown) => caught);
    expect(MCPConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('do not have: nope, zilch');
    // A disallowed tool is refused without reaching the server.
    const refused = await registry.executeToolCalls('some', [call('add', { a: 1, b: 2 })]).catch((caught: unknown) => caught);
    expect(MCPToolError.isInstance(refused)).toBe(true);
    expect((refused as MCPToolError).isRetryable).toBe(false);
    expect((refused as Error).message).toContain("tool 'add', which tool alias 'some' does not allow");
  });

  it('fails on unknown aliases and providers', async () => {
    registry = new McpToolRegistry({ toolConfigs: [tool({ tool_alias: 'x', providers: ['ghost'] })], providers: [] });
    await expect(registry.toolSchemas('y')).rejects.toThrow("No tool config with alias 'y' found.");
    await expect(registry.toolSchemas('x')).rejects.toThrow("MCP provider 'ghost' is not registered.");
    expect(() => new McpToolRegistry({ toolConfigs: [], providers: [provider(testMcpStdioProvider('a')), provider(testMcpStdioProvider('a'))] })).toThrow(
      'used more than once',
    );
  });

  it('executes a turn in parallel and keeps call order; bad JSON arguments → MCPToolError', async () => {
    registry = new McpToolRegistry({ toolConfigs: [tool({ tool_alias: 't', providers: ['all'] })], providers: [provider(testMcpStdioProvider('all'))] });
    const messages = await registry.executeToolCalls('t', [
      call('sleep', { ms: 400 }, 'c1'),
      call('sleep', { ms: 400 }, 'c2'),
      call('add', { a: 2, b: 3 }, 'c3'),
      call('picture', {}, 'c4'),
    ]);
    // Both sleeps were running on the server at the same time.
    const [concurrency] = await registry.executeToolCalls('t', [call('max_concurrent_sleeps', {}, 'c5')]);
    expect(Number(concurrency!.content)).toBe(2);
    expect(messages.map((message) => message.tool_call_id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(messages[0]).toEqual({ role: 'tool', content: 'slept 400', tool_call_id: 'c1' });
    expect(messages[2]!.content).toBe('5');
    expect(messages[3]!.content).toEqual([
      { type: 'text', text: 'a tiny picture' },
      { type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) } },
    ]);
    const bad = await registry.executeToolCalls('t', [call('add', '{"a": 1, b: }')]).catch((caught: unknown) => caught);
    expect(MCPToolError.isInstance(bad)).toBe(true);
    expect((bad as MCPToolError).isRetryable).toBe(false);
    expect((bad as Error).message).toContain('not valid JSON');
  });

  it('applies timeout_sec per call', async () => {
    registry = new McpToolRegistry({
      toolConfigs: [tool({ tool_alias: 't', providers: ['all'], timeout_sec: 0.2 })],
      providers: [provider(testMcpStdioProvider('all'))],
    });
    await expect(registry.executeToolCalls('t', [call('sleep', { ms: 2000 })])).rejects.toThrow(/timed out after 0.2 s/);
  });

  it('restarts a killed stdio server; a tool that kills it every time gives a clear error', async () => {
    const session = new McpProviderSession(provider(testMcpStdioProvider('all')));
    registry = new McpToolRegistry({
      toolConfigs: [tool({ tool_alias: 't', providers: ['all'] })],
      providers: [provider(testMcpStdioProvider('all'))],
      createSession: () => session,
    });
    const [first] = await registry.executeToolCalls('t', [call('pid', {})]);
    process.kill(Number(first!.content), 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [second] = await registry.executeToolCalls('t', [call('pid', {})]);
    expect(second!.content).not.toBe(first!.content);
    expect(session.connects).toBe(2);
    const crash = await registry.executeToolCalls('t', [call('crash', {})]).catch((caught: unknown) => caught);
    expect(MCPToolError.isInstance(crash)).toBe(true);
    expect((crash as Error).message).toMatch(/MCP tool 'crash' of provider 'all' failed: .*Connection closed/);
    // Still usable afterwards.
    expect((await registry.executeToolCalls('t', [call('add', { a: 1, b: 1 })]))[0]!.content).toBe('2');
  });

  it('coalesces concurrent listings into one connection and one request', async () => {
    let lists = 0;
    const inner = new McpProviderSession(provider(testMcpStdioProvider('all', { tools: ['add'] })));
    const counting: McpSession = {
      name: 'all',
      listTools: () => {
        lists += 1;
        return inner.listTools();
      },
      callTool: (name, args, options) => inner.callTool(name, args, options),
      close: () => inner.close(),
    };
    registry = new McpToolRegistry({
      toolConfigs: [tool({ tool_alias: 't', providers: ['all'] })],
      providers: [provider(testMcpStdioProvider('all'))],
      createSession: () => counting,
    });
    await Promise.all([registry.toolSchemas('t'), registry.toolSchemas('t'), registry.toolSchemas('t')]);
    await Promise.all([inner.listTools(), inner.listTools()]);
    expect(lists).toBe(1);
    expect(inner.connects).toBe(1);
  });
});

describe('McpToolRegistry (streamable HTTP)', () => {
  let server: TestMcpHttpServer;
  let registry: McpToolRegistry;
  beforeAll(async () => {
    server = await startTestMcpHttpServer({ tools: ['add', 'echo'] });
  });
  afterAll(async () => {
    await registry?.close();
    await server.close();
  });

  it('lists and calls tools over HTTP', async () => {
    registry = new McpToolRegistry({
      toolConfigs: [tool({ tool_alias: 'web', providers: ['web'] })],
      providers: [provider({ provider_type: 'streamable_http', name: 'web', endpoint: server.endpoint })],
    });
    expect((await registry.toolSchemas('web')).map((schema) => schema.function.name)).toEqual(['add', 'echo']);
    const messages = await registry.executeToolCalls('web', [call('echo', { text: 'hi' }), call('add', { a: 40, b: 2 })]);
    expect(messages.map((message) => message.content)).toEqual(['hi', '42']);
    expect(server.calls).toEqual({ echo: 1, add: 1 });
  });
});

describe('coerceToolResult and parseMcpProviders', () => {
  it('coerces results', () => {
    expect(
      coerceToolResult({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('a\nb');
    expect(coerceToolResult({ content: [], structuredContent: { x: 1 } })).toBe('{"x":1}');
    expect(coerceToolResult({ toolResult: { y: 2 } })).toBe('{"y":2}');
    expect(coerceToolResult({ content: [{ type: 'resource', resource: { uri: 'file:///a', text: 'body' } }] })).toBe('body');
  });

  it('parses the providers file', () => {
    const providers = parseMcpProviders(
      'providers:\n  - name: web\n    endpoint: http://127.0.0.1:1/sse\n  - provider_type: stdio\n    name: local\n    command: node\n    args: [server.mjs]\n',
    );
    expect(providers).toEqual([
      { provider_type: 'sse', name: 'web', endpoint: 'http://127.0.0.1:1/sse', api_key: null },
      { provider_type: 'stdio', name: 'local', command: 'node', args: ['server.mjs'], env: {} },
    ]);
    expect(() => parseMcpProviders('providers:\n  - provider_type: stdio\n    name: x\n')).toThrow(
      /Invalid mcp_providers\.yaml: 1 issue\n.*required field 'command' is missing\n.*→ at providers\[0\]\.command/,
    );
    expect(parseMcpProviders('')).toEqual([]);
  });
});
