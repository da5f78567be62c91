import type { ChatMessage, ContentBlock } from '../../models/model-types.js';

/** A message as written into a `__trace` cell. */
export interface TraceMessage {
  role: ChatMessage['role'];
  content: ContentBlock[];
  reasoning_content?: string;
  tool_calls?: NonNullable<ChatMessage['tool_calls']>;
  tool_call_id?: string;
}

/** A chat message as a trace dict: content always a block list, empty optional fields left out. */
export function toTraceMessage(message: ChatMessage): TraceMessage {
  const out: TraceMessage = {
    role: message.role,
    content: typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content],
  };
  if (message.reasoning_content) out.reasoning_content = message.reasoning_content;
  if (message.tool_calls && message.tool_calls.length > 0) out.tool_calls = message.tool_calls;
  if (message.tool_call_id) out.tool_call_id = message.tool_call_id;
  return out;
}

/** The side-effect cells of an LLM column for a final conversation (`__trace`, `__reasoning_content`). */
export function traceSideEffects(
  name: string,
  trace: readonly ChatMessage[],
  options: { withTrace?: 'none' | 'last_message' | 'all_messages'; extractReasoningContent?: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lastAssistant = [...trace].reverse().find((message) => message.role === 'assistant');
  if (options.withTrace === 'all_messages') out[`${name}__trace`] = trace.map(toTraceMessage);
  else if (options.withTrace === 'last_message') out[`${name}__trace`] = lastAssistant ? [toTraceMessage(lastAssistant)] : [];
  if (options.extractReasoningContent) {
    const reasoning = lastAssistant?.reasoning_content?.trim();
    out[`${name}__reasoning_content`] = reasoning ? reasoning : null;
  }
  return out;
}
