import { countWords } from './count-words.js';
import type { NormalizedChatReply } from './normalize-chat-reply.js';

/** OpenAI-style error types by status. */
const OPENAI_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  408: 'timeout',
  413: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

/** An OpenAI error body: `{ error: { message, type, param, code } }`. */
export function openaiErrorBody(status: number, message: string): Record<string, unknown> {
  const type = OPENAI_ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  return { error: { message, type, param: null, code: type } };
}

/** Builds a `chat.completion` object for the reply. */
export function openaiChatCompletion(input: {
  id: string;
  model: string;
  reply: NormalizedChatReply;
  promptTokens: number;
  usage: boolean;
}): Record<string, unknown> {
  const { reply } = input;
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content };
  if (reply.reasoning !== null) message.reasoning_content = reply.reasoning;
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call, index) => ({
      id: `call_${input.id}_${index}`,
      type: 'function',
      function: {
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
      },
    }));
  }
  if (reply.images.length > 0) {
    message.images = reply.images.map((image) => ({
      type: 'image_url',
      image_url: { url: image.startsWith('data:') ? image : `data:image/png;base64,${image}` },
    }));
  }
  const body: Record<string, unknown> = {
    id: `chatcmpl-${input.id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: input.model,
    choices: [{ index: 0, message, finish_reason: reply.finishReason }],
  };
  if (input.usage) {
    const reasoningTokens = countWords(reply.reasoning ?? '');
    const completionTokens =
      countWords(reply.content ?? '') +
      reasoningTokens +
      reply.toolCalls.reduce((sum, call) => sum + countWords(`${call.name} ${JSON.stringify(call.arguments ?? {})}`), 0);
    body.usage = {
      prompt_tokens: input.promptTokens,
      completion_tokens: completionTokens,
      total_tokens: input.promptTokens + completionTokens,
      ...(reply.reasoning !== null ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
    };
  }
  return body;
}
