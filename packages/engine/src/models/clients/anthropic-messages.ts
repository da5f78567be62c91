import type { ChatCompletionRequest, ChatMessage, ContentBlock } from '../model-types.js';
import { asObject, definedEntries, localError, type WireObject } from './wire-helpers.js';

/** Translates a canonical block for Anthropic; null drops it (empty text). Audio/video are unsupported. */
export function toAnthropicBlock(block: ContentBlock): WireObject | null {
  switch (block.type) {
    case 'text':
      return block.text ? { type: 'text', text: block.text } : null;
    case 'image': {
      const source = asObject(block.source);
      if (source?.type === 'url' && typeof source.url === 'string') return { type: 'image', source: { type: 'url', url: source.url } };
      if (source?.type === 'base64' && typeof source.data === 'string' && typeof source.media_type === 'string') {
        return { type: 'image', source: { type: 'base64', media_type: source.media_type, data: source.data } };
      }
      throw localError('BAD_REQUEST', 'an image block has an invalid source (need a url, or base64 data with media_type)');
    }
    case 'image_url': {
      const url = block.image_url?.url;
      if (typeof url !== 'string') throw localError('BAD_REQUEST', 'an image_url block has no url');
      const dataUri = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      return dataUri
        ? { type: 'image', source: { type: 'base64', media_type: dataUri[1], data: dataUri[2] } }
        : { type: 'image', source: { type: 'url', url } };
    }
    case 'audio':
    case 'video':
      throw localError('UNSUPPORTED_CAPABILITY', `Anthropic models do not accept ${block.type} input`);
    default:
      // Block types added after this switch pass through as they are.
      return block;
  }
}

function toBlocks(content: ChatMessage['content']): WireObject[] {
  const blocks = typeof content === 'string' ? [{ type: 'text' as const, text: content }] : content;
  return blocks.map(toAnthropicBlock).filter((block): block is WireObject => block !== null);
}

function toolUseBlock(call: NonNullable<ChatMessage['tool_calls']>[number]): WireObject {
  let input: unknown;
  try {
    input = call.function.arguments.trim() ? JSON.parse(call.function.arguments) : {};
  } catch (error) {
    throw localError('BAD_REQUEST', `tool call '${call.function.name}' has arguments that are not JSON`, error);
  }
  if (!asObject(input)) throw localError('BAD_REQUEST', `tool call '${call.function.name}' arguments must be a JSON object`);
  return { type: 'tool_use', id: call.id, name: call.function.name, input };
}

function systemField(messages: ChatMessage[]): string | WireObject[] | undefined {
  const system = messages.filter((message) => message.role === 'system');
  if (system.length === 0) return undefined;
  const allText = system.every((message) => typeof message.content === 'string' || message.content.every((block) => block.type === 'text'));
  if (allText) {
    const texts = system.map((message) =>
      typeof message.content === 'string' ? message.content : message.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n'),
    );
    return texts.filter((text) => text.length > 0).join('\n\n');
  }
  return system.flatMap((message) => toBlocks(message.content));
}

/** The conversation in Anthropic form: system merged, tool results grouped into user turns. */
export function toAnthropicConversation(messages: ChatMessage[]): { system?: string | WireObject[]; messages: WireObject[] } {
  const out: Array<{ role: 'user' | 'assistant'; content: WireObject[]; toolResults?: boolean }> = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        break;
      case 'user':
        out.push({ role: 'user', content: toBlocks(message.content) });
        break;
      case 'assistant': {
        const content = toBlocks(message.content);
        for (const call of message.tool_calls ?? []) content.push(toolUseBlock(call));
        out.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const result: WireObject = {
          type: 'tool_result',
          tool_use_id: message.tool_call_id ?? '',
          content: typeof message.content === 'string' ? message.content : toBlocks(message.content),
        };
        const last = out[out.length - 1];
        if (last?.toolResults) last.content.push(result);
        else out.push({ role: 'user', content: [result], toolResults: true });
        break;
      }
      default:
        throw localError('BAD_REQUEST', `unsupported message role '${String((message as { role: unknown }).role)}'`);
    }
  }
  const system = systemField(messages);
  return {
    ...(system === undefined || system === '' ? {} : { system }),
    messages: out.map(({ role, content }) => ({ role, content })),
  };
}

/** Body fields Anthropic does not accept; dropped silently from `extra_body`. */
const DROPPED_FIELDS = ['n', 'seed', 'response_format', 'frequency_penalty', 'presence_penalty'];

/** Default `max_tokens` (Anthropic requires one). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** The `/v1/messages` body for a canonical request; `extraBody` is merged over the request's. */
export function toAnthropicPayload(request: ChatCompletionRequest, extraBody: Record<string, unknown> = {}): WireObject {
  const extra: WireObject = { ...(request.extra_body ?? {}), ...extraBody };
  for (const field of DROPPED_FIELDS) delete extra[field];
  const stop = request.stop === undefined ? undefined : Array.isArray(request.stop) ? request.stop : [request.stop];
  const tools = request.tools?.length
    ? request.tools.map((tool) =>
        definedEntries({
          name: tool.function.name,
          description: tool.function.description,
          input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
        }),
      )
    : undefined;
  return {
    ...definedEntries({
      model: request.model,
      ...toAnthropicConversation(request.messages),
      max_tokens: request.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      temperature: request.temperature,
      top_p: request.top_p,
      stop_sequences: stop?.length ? stop : undefined,
      tools,
    }),
    ...extra,
  };
}
