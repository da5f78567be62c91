export { MCPToolError, MCPConfigurationError } from './mcp-errors.js';
export type { McpToolDefinition, McpToolResultContent, McpCallOptions, McpSession, OpenAIToolSchema } from './mcp-types.js';
export { coerceToolResult } from './coerce-tool-result.js';
export { McpProviderSession, type McpProviderSessionOptions } from './mcp-provider-session.js';
export { McpToolRegistry, toOpenAIToolSchema, type McpToolRegistryOptions, type ToolRuntime } from './mcp-tool-registry.js';
export { loadMcpProviders, mcpProvidersFile, parseMcpProviders } from './load-mcp-providers.js';
