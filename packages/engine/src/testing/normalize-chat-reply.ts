import type { ChatReply } from './llm-test-server-options.js';

/** A responder's reply with defaults filled in, before it is written in a wire format. */
export interface NormalizedChatReply {
  content: string | null;
  reasoning: string | null;
  toolCalls: Array<{ name: string; arguments: unknown }>;
  /** OpenAI vocabulary: `stop`, `length`, `tool_calls`, or whatever the responder set. */
  finishReason: string;
  images: string[];
}

/** Fills defaults (`finish_reason` is `tool_calls` when there are tool calls, else `stop`) and applies truncation. */
export function normalizeChatReply(reply: ChatReply, options: { truncate?: boolean } = {}): NormalizedChatReply {
  const structured = typeof reply === 'string' ? { content: reply } : reply;
  const toolCalls = structured.tool_calls ?? [];
  const normalized: NormalizedChatReply = {
    content: structured.content === undefined ? (toolCalls.length > 0 ? null : '') : structured.content,
    reasoning: structured.reasoning ?? null,
    toolCalls,
    finishReason: structured.finish_reason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    images: structured.images ?? [],
  };
  if (options.truncate) {
    const text = normalized.content ?? '';
    normalized.content = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    normalized.finishReason = 'length';
  }
  return normalized;
}
