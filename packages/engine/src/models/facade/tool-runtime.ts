import type { ChatCompletionRequest, ChatMessage, ToolCall } from '../model-types.js';

/** A tool as sent to the model (OpenAI function format). */
export type ToolSchema = NonNullable<ChatCompletionRequest['tools']>[number];

/** What the model facade needs to run tool turns (implemented by the mcp folder's `McpToolRegistry`). */
export interface ToolRuntime {
  /** Tool schemas (OpenAI function format) of `toolAlias`. */
  toolSchemas(toolAlias: string): Promise<ToolSchema[]>;
  /** `max_tool_call_turns` of `toolAlias`. */
  maxToolCallTurns(toolAlias: string): number;
  /** Executes one turn's calls in parallel; returns one `tool` message per call, in call order. */
  executeToolCalls(toolAlias: string, calls: readonly ToolCall[], signal?: AbortSignal): Promise<ChatMessage[]>;
  /** Releases connections (called by `ModelRegistry.close`). */
  close?(): Promise<void>;
}
