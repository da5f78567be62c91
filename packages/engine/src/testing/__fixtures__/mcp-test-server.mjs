// A small MCP server for tests: `createTestMcpServer()` builds it; run as a script it serves stdio.
// Tools: add, echo, picture (text + PNG image), sleep, pid, crash (exits the process).
// Env MCP_TEST_TOOLS=add,echo limits the tools; MCP_TEST_NAME names the server.
import { pathToFileURL } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const object = (properties, required = Object.keys(properties)) => ({ type: 'object', properties, required });

/** Every tool of the test server: definition and handler. */
// Sleep calls running right now and the most seen at once (proves tool calls run in parallel).
let sleeping = 0;
let maxSleeping = 0;

export const TEST_MCP_TOOLS = {
  add: {
    description: 'Adds two numbers.',
    inputSchema: object({ a: { type: 'number' }, b: { type: 'number' } }),
    run: ({ a, b }) => ({ content: [{ type: 'text', text: String(Number(a) + Number(b)) }] }),
  },
  echo: {
    description: 'Returns the text it is given.',
    inputSchema: object({ text: { type: 'string' } }),
    run: ({ text }) => ({ content: [{ type: 'text', text: String(text) }] }),
  },
  picture: {
    description: 'Returns a caption and a tiny PNG.',
    inputSchema: object({}),
    run: () => ({ content: [{ type: 'text', text: 'a tiny picture' }, { type: 'image', data: PNG, mimeType: 'image/png' }] }),
  },
  sleep: {
    description: 'Waits ms milliseconds.',
    inputSchema: object({ ms: { type: 'number' } }),
    run: async ({ ms }) => {
      sleeping += 1;
      maxSleeping = Math.max(maxSleeping, sleeping);
      await new Promise((resolve) => setTimeout(resolve, Number(ms)));
      sleeping -= 1;
      return { content: [{ type: 'text', text: `slept ${ms}` }] };
    },
  },
  max_concurrent_sleeps: {
    description: 'Returns the highest number of sleep calls seen running at once.',
    inputSchema: object({}),
    run: () => ({ content: [{ type: 'text', text: String(maxSleeping) }] }),
  },
  pid: {
    description: 'Returns the server process id.',
    inputSchema: object({}),
    run: () => ({ content: [{ type: 'text', text: String(process.pid) }] }),
  },
  crash: {
    description: 'Exits the server process (stdio) without answering.',
    inputSchema: object({}),
    run: () => {
      setImmediate(() => process.exit(3));
      return new Promise(() => undefined);
    },
  },
};

/** Builds the low-level MCP server with `tools` (names; default all). */
export function createTestMcpServer({ tools = Object.keys(TEST_MCP_TOOLS), name = 'dd-test-mcp' } = {}) {
  const server = new Server({ name, version: '1.0.0' }, { capabilities: { tools: {} } });
  const enabled = tools.filter((tool) => tool in TEST_MCP_TOOLS);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: enabled.map((tool) => ({ name: tool, description: TEST_MCP_TOOLS[tool].description, inputSchema: TEST_MCP_TOOLS[tool].inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = request.params.name;
    if (!enabled.includes(tool)) return { isError: true, content: [{ type: 'text', text: `unknown tool ${tool}` }] };
    return TEST_MCP_TOOLS[tool].run(request.params.arguments ?? {});
  });
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tools = process.env.MCP_TEST_TOOLS ? process.env.MCP_TEST_TOOLS.split(',').map((tool) => tool.trim()).filter(Boolean) : undefined;
  await createTestMcpServer({ tools, name: process.env.MCP_TEST_NAME || undefined }).connect(new StdioServerTransport());
  // Exit when the client goes away, even with a tool call still sleeping.
  process.stdin.on('end', () => process.exit(0));
}
