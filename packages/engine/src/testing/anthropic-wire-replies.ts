import { countWords } from './count-words.js';
import type { ChatRequestBody, WireChatMessage, WireContentBlock } from './llm-test-server-options.js';
import type { NormalizedChatReply } from './normalize-chat-reply.js';

const STOP_REASONS: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' };

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** An Anthropic error body: `{ type: 'error', error: { type, message } }`. */
export function anthropicErrorBody(status: number, message: string): Record<string, unknown> {
  return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message } };
}

/** Maps an Anthropic Messages request to the chat body responders see (system prompt first as a system message). */
export function anthropicToChatRequest(body: Record<string, unknown>): ChatRequestBody {
  const messages: WireChatMessage[] = [];
  const system = body.system;
  if (typeof system === 'string' && system !== '') messages.push({ role: 'system', content: system });
  if (Array.isArray(system) && system.length > 0) messages.push({ role: 'system', content: system as WireContentBlock[] });
  for (const message of Array.isArray(body.messages) ? (body.messages as WireChatMessage[]) : []) messages.push(message);
  return { ...body, model: String(body.model), messages };
}

/** Builds an Anthropic Messages response (`text` / `thinking` / `tool_use` blocks, `stop_reason`, usage). */
export function anthropicMessage(input: {
  id: string;
  model: string;
  reply: NormalizedChatReply;
  promptTokens: number;
  usage: boolean;
}): Record<string, unknown> {
  const { reply } = input;
  const content: Array<Record<string, unknown>> = [];
  if (reply.reasoning !== null) content.push({ type: 'thinking', thinking: reply.reasoning, signature: 'test-signature' });
  if (reply.content !== null && reply.content !== '') content.push({ type: 'text', text: reply.content });
  reply.toolCalls.forEach((call, index) => {
    content.push({ type: 'tool_use', id: `toolu_${input.id}_${index}`, name: call.name, input: toolInput(call.arguments) });
  });
  const outputTokens = countWords(reply.content ?? '') + countWords(reply.reasoning ?? '');
  const body: Record<string, unknown> = {
    id: `msg_${input.id}`,
    type: 'message',
    role: 'assistant',
    model: input.model,
    content,
    stop_reason: STOP_REASONS[reply.finishReason] ?? reply.finishReason,
    stop_sequence: null,
  };
  if (input.usage) body.usage = { input_tokens: input.promptTokens, output_tokens: outputTokens };
  return body;
}

function toolInput(argumentsValue: unknown): unknown {
  if (typeof argumentsValue !== 'string') return argumentsValue ?? {};
  try {
    return JSON.parse(argumentsValue) as unknown;
  } catch {
    return { value: argumentsValue };
  }
}
