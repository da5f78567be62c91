import type { MCPProviderConfig, ToolConfig } from '@dd/config';
import type { ToolRuntime } from '../models/facade/tool-runtime.js';
import type { ChatMessage, ToolCall } from '../models/model-types.js';
import { MCPConfigurationError, MCPToolError } from './mcp-errors.js';
import { McpProviderSession, type McpProviderSessionOptions } from './mcp-provider-session.js';
import type { McpSession, McpToolDefinition, OpenAIToolSchema } from './mcp-types.js';

/** Options of an `McpToolRegistry`. */
export interface McpToolRegistryOptions {
  /** `tool_configs` of the dataset config. */
  toolConfigs: readonly ToolConfig[];
  /** MCP providers the tool configs name (names must be unique). */
  providers: readonly MCPProviderConfig[];
  /** Builds the session of a provider. @default an `McpProviderSession` */
  createSession?: (provider: MCPProviderConfig) => McpSession;
  /** Options of the default sessions. */
  sessionOptions?: McpProviderSessionOptions;
}

export type { ToolRuntime } from '../models/facade/tool-runtime.js';

/** An MCP tool as an OpenAI function tool. */
export function toOpenAIToolSchema(tool: McpToolDefinition): OpenAIToolSchema {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: Object.keys(tool.inputSchema).length > 0 ? tool.inputSchema : { type: 'object', properties: {} },
    },
  };
}

/**
 * Tool aliases → MCP tools: one lazily-connected session per provider, the alias's schema union
 * (duplicate names across providers or missing allow-listed tools → `MCPConfigurationError`),
 * and parallel execution of a turn's calls with `timeout_sec`.
 */
export class McpToolRegistry implements ToolRuntime {
  private readonly configs = new Map<string, ToolConfig>();
  private readonly providers = new Map<string, MCPProviderConfig>();
  private readonly sessions = new Map<string, McpSession>();
  private readonly schemas = new Map<string, Promise<{ schemas: OpenAIToolSchema[]; owner: Map<string, string> }>>();

  constructor(private readonly options: McpToolRegistryOptions) {
    for (const provider of options.providers) {
      if (this.providers.has(provider.name)) {
        throw new MCPConfigurationError(`MCP provider name '${provider.name}' is used more than once.`, { fix: 'Give every MCP provider a unique name.' });
      }
      this.providers.set(provider.name, provider);
    }
    for (const config of options.toolConfigs) this.configs.set(config.tool_alias, config);
  }

  /** Tool aliases configured. */
  get toolAliases(): string[] {
    return [...this.configs.keys()];
  }

  /** The tool config of `toolAlias` (unknown → `MCPConfigurationError`). */
  toolConfig(toolAlias: string): ToolConfig {
    const config = this.configs.get(toolAlias);
    if (!config) {
      const known = [...this.configs.keys()];
      throw new MCPConfigurationError(`No tool config with alias '${toolAlias}' found.`, {
        fix: known.length > 0 ? `Use one of: ${known.join(', ')}, or add a tool config with that alias.` : 'Add tool_configs to the config.',
      });
    }
    return config;
  }

  /** `max_tool_call_turns` of `toolAlias`. */
  maxToolCallTurns(toolAlias: string): number {
    return this.toolConfig(toolAlias).max_tool_call_turns;
  }

  /** The session of provider `name`, created on first use. */
  session(name: string): McpSession {
    const existing = this.sessions.get(name);
    if (existing) return existing;
    const provider = this.providers.get(name);
    if (!provider) {
      throw new MCPConfigurationError(`MCP provider '${name}' is not registered.`, {
        fix: `Registered MCP providers: ${[...this.providers.keys()].join(', ') || 'none'}. Add it to mcp_providers.yaml.`,
      });
    }
    const session = this.options.createSession?.(provider) ?? new McpProviderSession(provider, this.options.sessionOptions);
    this.sessions.set(name, session);
    return session;
  }

  private resolve(toolAlias: string): Promise<{ schemas: OpenAIToolSchema[]; owner: Map<string, string> }> {
    const cached = this.schemas.get(toolAlias);
    if (cached) return cached;
    const config = this.toolConfig(toolAlias);
    const resolving = (async () => {
      const sessions = config.providers.map((name) => this.session(name));
      const listings = await Promise.all(sessions.map(async (session) => ({ provider: session.name, tools: await session.listTools() })));
      const owner = new Map<string, string>();
      const duplicates = new Set<string>();
      const tools: McpToolDefinition[] = [];
      listings.forEach((listing) => {
        for (const tool of listing.tools) {
          if (owner.has(tool.name)) {
            duplicates.add(`'${tool.name}' (${owner.get(tool.name)}, ${listing.provider})`);
            continue;
          }
          owner.set(tool.name, listing.provider);
          tools.push(tool);
        }
      });
      if (duplicates.size > 0) {
        throw new MCPConfigurationError(`Tool alias '${toolAlias}': duplicate tool names across MCP providers: ${[...duplicates].sort().join(', ')}.`, {
          fix: 'Split these providers into separate tool configs, or rename the tools on one server.',
        });
      }
      let selected = tools;
      if (config.allow_tools) {
        const missing = config.allow_tools.filter((name) => !owner.has(name));
        if (missing.length > 0) {
          throw new MCPConfigurationError(
            `Tool alias '${toolAlias}': allow_tools names tools its providers (${config.providers.join(', ')}) do not have: ${[...new Set(missing)].sort().join(', ')}.`,
            { fix: `Available tools: ${[...owner.keys()].sort().join(', ') || 'none'}.` },
          );
        }
        const allowed = new Set(config.allow_tools);
        selected = tools.filter((tool) => allowed.has(tool.name));
        for (const name of [...owner.keys()]) if (!allowed.has(name)) owner.delete(name);
      }
      return { schemas: selected.map(toOpenAIToolSchema), owner };
    })();
    this.schemas.set(toolAlias, resolving);
    // Failed resolutions are not cached, except configuration errors (they cannot heal).
    resolving.catch((error: unknown) => {
      if (!MCPConfigurationError.isInstance(error) && this.schemas.get(toolAlias) === resolving) this.schemas.delete(toolAlias);
    });
    return resolving;
  }

  /** Tool schemas of `toolAlias`: the union of its providers' tools, filtered by `allow_tools`. */
  async toolSchemas(toolAlias: string): Promise<OpenAIToolSchema[]> {
    return (await this.resolve(toolAlias)).schemas;
  }

  /** Executes one turn's calls in parallel (disallowed tool or bad JSON arguments → `MCPToolError`). */
  async executeToolCalls(toolAlias: string, calls: readonly ToolCall[], signal?: AbortSignal): Promise<ChatMessage[]> {
    const { owner } = await this.resolve(toolAlias);
    const timeoutSec = this.toolConfig(toolAlias).timeout_sec;
    const prepared = calls.map((call) => {
      const provider = owner.get(call.function.name);
      if (!provider) {
        throw new MCPToolError(`The model called tool '${call.function.name}', which tool alias '${toolAlias}' does not allow.`, {
          fix: `Allowed tools: ${[...owner.keys()].sort().join(', ') || 'none'}.`,
        });
      }
      let args: unknown;
      try {
        args = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
      } catch (error) {
        throw new MCPToolError(
          `The model called tool '${call.function.name}' with arguments that are not valid JSON: ${call.function.arguments.slice(0, 200)}`,
          { cause: error },
        );
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        throw new MCPToolError(
          `The model called tool '${call.function.name}' with arguments that are not a JSON object: ${call.function.arguments.slice(0, 200)}`,
        );
      }
      return { call, provider, args: args as Record<string, unknown> };
    });
    return Promise.all(
      prepared.map(async ({ call, provider, args }): Promise<ChatMessage> => {
        const content = await this.session(provider).callTool(call.function.name, args, {
          ...(timeoutSec ? { timeoutMs: Math.ceil(timeoutSec * 1000) } : {}),
          ...(signal ? { signal } : {}),
        });
        return { role: 'tool', content, tool_call_id: call.id };
      }),
    );
  }

  /** Lists the tools of every alias in `toolAliases` (readiness probe); throws the first problem. */
  async probe(toolAliases: readonly string[]): Promise<void> {
    await Promise.all([...new Set(toolAliases)].map((alias) => this.toolSchemas(alias)));
  }

  /** Closes every provider session (stops stdio processes). */
  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((session) => session.close()));
  }
}
