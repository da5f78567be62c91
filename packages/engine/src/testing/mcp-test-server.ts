import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Server as McpServerCore } from '@modelcontextprotocol/sdk/server/index.js';
import { definedOrThrow } from '@dd/config';
import { enginePackageRoot } from '../package-files/package-root.js';

/** Names of the test server's tools. */
export type TestMcpToolName = 'add' | 'echo' | 'picture' | 'sleep' | 'pid' | 'crash';

/** Options of the test MCP server. */
export interface TestMcpServerOptions {
  /** Tools to offer. @default all */
  tools?: TestMcpToolName[];
  /** Server name reported on initialize. */
  name?: string;
}

/** A stdio provider entry (as in `mcp_providers.yaml`) that runs the test MCP server. */
export interface TestMcpStdioProvider {
  provider_type: 'stdio';
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** A running streamable-HTTP test MCP server on 127.0.0.1. */
export interface TestMcpHttpServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly endpoint: string;
  /** Tool calls served so far, by tool name. */
  readonly calls: Record<string, number>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Path of the stdio entry script (`__fixtures__/mcp-test-server.mjs`): beside this module when it runs
 * from `src/`, else the copy in the build's `dist/testing/` (the bundled build's chunks sit elsewhere).
 */
export function testMcpServerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = enginePackageRoot();
  const candidates = [
    path.join(here, '__fixtures__', 'mcp-test-server.mjs'),
    path.join(root, 'dist', 'testing', '__fixtures__', 'mcp-test-server.mjs'),
    path.join(root, 'src', 'testing', '__fixtures__', 'mcp-test-server.mjs'),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? definedOrThrow(candidates[0], 'a test MCP server path');
}

/** A stdio MCP provider config that starts the test server with `node`. */
export function testMcpStdioProvider(name: string, options: TestMcpServerOptions = {}): TestMcpStdioProvider {
  const env: Record<string, string> = {};
  if (options.tools) env.MCP_TEST_TOOLS = options.tools.join(',');
  if (options.name) env.MCP_TEST_NAME = options.name;
  return { provider_type: 'stdio', name, command: process.execPath, args: [testMcpServerScript()], env };
}

interface FixtureModule {
  createTestMcpServer(options: TestMcpServerOptions): McpServerCore;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Starts the test MCP server over streamable HTTP (stateless) on 127.0.0.1 and a free port. */
export async function startTestMcpHttpServer(options: TestMcpServerOptions = {}): Promise<TestMcpHttpServer> {
  // Loaded here, not at import: @dd/engine/testing shares the engine's bundle, which loads as a whole.
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const fixture = (await import(pathToFileURL(testMcpServerScript()).href)) as FixtureModule;
  const calls: Record<string, number> = {};
  const http: HttpServer = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || !request.url?.startsWith('/mcp')) {
        response.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      const body = await readJson(request);
      const message = body as { method?: string; params?: { name?: string } } | undefined;
      if (message?.method === 'tools/call' && message.params?.name) calls[message.params.name] = (calls[message.params.name] ?? 0) + 1;
      // Stateless: one server and transport per request.
      const server = fixture.createTestMcpServer(options);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      response.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request, response, body);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/mcp`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
