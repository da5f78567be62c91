import { z } from 'zod';
import { floatField, intField } from '../schema/index.js';

/** Tools (from MCP providers) an `llm-*` column may call, under `tool_alias`. */
export const ToolConfigSchema = z.strictObject({
  tool_alias: z.string(),
  providers: z.array(z.string()),
  allow_tools: z.array(z.string()).nullable().default(null),
  max_tool_call_turns: intField({ ge: 1 }).default(5),
  timeout_sec: floatField({ gt: 0 }).nullable().default(null),
});

/** A validated tool config. */
export type ToolConfig = z.output<typeof ToolConfigSchema>;

/** An MCP server reached over SSE or streamable HTTP. */
export const MCPProviderSchema = z.strictObject({
  provider_type: z.enum(['sse', 'streamable_http']).default('sse'),
  name: z.string(),
  endpoint: z.string(),
  api_key: z.string().nullable().default(null),
});

/** An MCP server started as a local process speaking stdio. */
export const LocalStdioMCPProviderSchema = z.strictObject({
  provider_type: z.literal('stdio'),
  name: z.string(),
  command: z.string(),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
});

/** Any MCP provider (runtime configuration, not part of a dataset config). */
export const MCPProviderConfigSchema = z.union([LocalStdioMCPProviderSchema, MCPProviderSchema]);

/** A validated MCP provider. */
export type MCPProviderConfig = z.output<typeof MCPProviderConfigSchema>;
