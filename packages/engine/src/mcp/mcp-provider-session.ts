import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { EnvironmentVariables, MCPProviderConfig } from '@dd/config';
import { coerceToolResult } from './coerce-tool-result.js';
import { MCPToolError } from './mcp-errors.js';
import type { McpCallOptions, McpSession, McpToolDefinition, McpToolResultContent } from './mcp-types.js';

/** No timeout given: wait (practically) forever instead of the SDK's 60 s default. */
const NO_TIMEOUT_MS = 2_147_483_647;
const STDERR_TAIL_CHARS = 2_000;

/** Options of an `McpProviderSession`. */
export interface McpProviderSessionOptions {
  /** Environment the stdio process inherits besides its `env`. @default process.env */
  env?: EnvironmentVariables;
  /** Timeout of connecting and listing tools, in milliseconds. @default 60000 */
  connectTimeoutMs?: number;
}

/** The parts of the MCP SDK a session uses, loaded on first connect (the SDK costs ~0.2 s of start-up). */
async function importSdk() {
  // One after the other: they share modules (and jest's ESM runtime fails on concurrent imports of them).
  const client = await import('@modelcontextprotocol/sdk/client/index.js');
  const sse = await import('@modelcontextprotocol/sdk/client/sse.js');
  const stdio = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const streamable = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const types = await import('@modelcontextprotocol/sdk/types.js');
  return {
    Client: client.Client,
    SSEClientTransport: sse.SSEClientTransport,
    StdioClientTransport: stdio.StdioClientTransport,
    getDefaultEnvironment: stdio.getDefaultEnvironment,
    StreamableHTTPClientTransport: streamable.StreamableHTTPClientTransport,
    ErrorCode: types.ErrorCode,
    McpError: types.McpError,
  };
}

type McpSdk = Awaited<ReturnType<typeof importSdk>>;
let sdkLoading: Promise<McpSdk> | undefined;
let sdk: McpSdk | undefined;

/** Loads the SDK once per process. */
function loadSdk(): Promise<McpSdk> {
  sdkLoading ??= importSdk().then((loaded) => (sdk = loaded));
  return sdkLoading;
}

/** Whether an error means the connection is gone (worth one reconnect), rather than a tool or timeout failure. */
function isConnectionLost(error: unknown): boolean {
  if (sdk && error instanceof sdk.McpError) return error.code === sdk.ErrorCode.ConnectionClosed;
  if (MCPToolError.isInstance(error)) return false;
  return !(error instanceof Error && error.name === 'AbortError');
}

/**
 * One MCP provider: connects lazily on first use (concurrent callers share the attempt), caches the
 * tool list, and when the connection drops (stdio process died, HTTP session lost) reconnects on the
 * next use; a call that fails because the connection dropped is retried once on a fresh connection.
 */
export class McpProviderSession implements McpSession {
  readonly name: string;
  private connecting: Promise<Client> | null = null;
  private tools: Promise<McpToolDefinition[]> | null = null;
  private current: Client | null = null;
  private stderrTail = '';
  private closed = false;
  private connectCount = 0;

  constructor(
    private readonly provider: MCPProviderConfig,
    private readonly options: McpProviderSessionOptions = {},
  ) {
    this.name = provider.name;
  }

  /** How many connections were opened (1 + restarts). */
  get connects(): number {
    return this.connectCount;
  }

  private transport({ StdioClientTransport, getDefaultEnvironment, StreamableHTTPClientTransport, SSEClientTransport }: McpSdk): Transport {
    const provider = this.provider;
    if (provider.provider_type === 'stdio') {
      const inherited = Object.fromEntries(
        Object.entries(this.options.env ?? process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      const transport = new StdioClientTransport({
        command: provider.command,
        args: provider.args,
        env: { ...getDefaultEnvironment(), ...inherited, ...provider.env },
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (chunk: Buffer | string) => {
        this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
      });
      return transport;
    }
    const headers: Record<string, string> = provider.api_key ? { Authorization: `Bearer ${provider.api_key}` } : {};
    const url = new URL(provider.endpoint);
    return provider.provider_type === 'streamable_http'
      ? new StreamableHTTPClientTransport(url, { requestInit: { headers } })
      : new SSEClientTransport(url, { requestInit: { headers } });
  }

  private where(): string {
    const provider = this.provider;
    return provider.provider_type === 'stdio' ? `'${[provider.command, ...provider.args].join(' ')}'` : provider.endpoint;
  }

  /** The live client, connecting first when needed. */
  private client(): Promise<Client> {
    if (this.closed) return Promise.reject(new MCPToolError(`MCP provider '${this.name}' is closed.`));
    if (!this.connecting) {
      const attempt = (async () => {
        const loaded = await loadSdk();
        const client = new loaded.Client({ name: 'data-designer', version: '0.1.0' });
        const transport = this.transport(loaded);
        this.connectCount += 1;
        client.onclose = () => {
          // The next use reconnects (a restarted stdio process or a new HTTP session).
          if (this.connecting === attempt) this.connecting = null;
        };
        try {
          await client.connect(transport, { timeout: this.options.connectTimeoutMs ?? 60_000 });
        } catch (error) {
          await client.close().catch(() => undefined);
          const stderr = this.stderrTail.trim();
          throw new MCPToolError(
            `Could not connect to MCP provider '${this.name}' (${this.where()}): ${(error as Error).message}${stderr ? `\nstderr: ${stderr}` : ''}`,
            {
              cause: error,
              isRetryable: true,
              fix: 'Check the provider in mcp_providers.yaml: the command must start an MCP server speaking stdio, or the endpoint must be reachable.',
            },
          );
        }
        this.current = client;
        return client;
      })();
      this.connecting = attempt;
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = null;
      });
    }
    return this.connecting;
  }

  /** Tools of the provider, listed once (all pages) and cached; a failed listing is not cached. */
  listTools(): Promise<McpToolDefinition[]> {
    if (!this.tools) {
      const listing = (async () => {
        const client = await this.client();
        const tools: McpToolDefinition[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.options.connectTimeoutMs ?? 60_000 });
          for (const tool of page.tools) {
            tools.push({
              name: tool.name,
              ...(tool.description ? { description: tool.description } : {}),
              inputSchema: tool.inputSchema as Record<string, unknown>,
            });
          }
          cursor = page.nextCursor;
        } while (cursor);
        return tools;
      })();
      this.tools = listing;
      listing.catch(() => {
        if (this.tools === listing) this.tools = null;
      });
    }
    return this.tools;
  }

  /** Calls `name`; a dropped connection is reopened and the call retried once. */
  async callTool(name: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<McpToolResultContent> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.client();
      try {
        const result = await client.callTool({ name, arguments: args }, undefined, {
          timeout: options.timeoutMs ?? NO_TIMEOUT_MS,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return coerceToolResult(result);
      } catch (error) {
        if (sdk && error instanceof sdk.McpError && error.code === sdk.ErrorCode.RequestTimeout) {
          throw new MCPToolError(`MCP tool '${name}' of provider '${this.name}' timed out after ${(options.timeoutMs ?? 0) / 1000} s.`, {
            cause: error,
            fix: 'Raise timeout_sec in the tool config, or make the tool faster.',
          });
        }
        if (!isConnectionLost(error) || attempt >= 2 || options.signal?.aborted) {
          const lost = isConnectionLost(error);
          throw new MCPToolError(`MCP tool '${name}' of provider '${this.name}' failed: ${(error as Error).message}`, {
            cause: error,
            isRetryable: lost,
            ...(lost ? { fix: `The provider (${this.where()}) dropped the connection twice; check that it stays up.` } : {}),
          });
        }
        await this.reset(client);
      }
    }
  }

  /** Drops `client` so the next use opens a new connection. */
  private async reset(client: Client): Promise<void> {
    if (this.current === client) {
      this.current = null;
      this.connecting = null;
    }
    await client.close().catch(() => undefined);
  }

  /** Closes the connection; later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connecting;
    this.connecting = null;
    if (!pending) return;
    const client = await pending.catch(() => null);
    await client?.close().catch(() => undefined);
  }
}
