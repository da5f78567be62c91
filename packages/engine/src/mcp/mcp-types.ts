import type { ChatCompletionRequest, ContentBlock } from '../models/model-types.js';

/** A tool schema in OpenAI function format, as sent in `ChatCompletionRequest.tools`. */
export type OpenAIToolSchema = NonNullable<ChatCompletionRequest['tools']>[number];

/** A tool as listed by an MCP server. */
export interface McpToolDefinition {
  name: string;
  description?: string;
  /** JSON schema of the arguments. */
  inputSchema: Record<string, unknown>;
}

/** The content of a tool result message: plain text, or ordered blocks when it holds images. */
export type McpToolResultContent = string | ContentBlock[];

/** Options of one tool call. */
export interface McpCallOptions {
  /** Per-call timeout in milliseconds; undefined = none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** One MCP provider connection as the tool registry uses it. */
export interface McpSession {
  /** Provider name. */
  readonly name: string;
  /** Tools of the provider (cached; concurrent callers share one request). */
  listTools(): Promise<McpToolDefinition[]>;
  /** Calls a tool and converts its result to message content. */
  callTool(name: string, args: Record<string, unknown>, options?: McpCallOptions): Promise<McpToolResultContent>;
  /** Closes the connection (stops a stdio process). */
  close(): Promise<void>;
}
