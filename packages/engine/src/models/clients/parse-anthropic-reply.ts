import { randomUUID } from 'node:crypto';
import type { ChatCompletionResponse, ToolCall } from '../model-types.js';
import { parseUsage } from './parse-usage.js';
import { asObject, asString, localError } from './wire-helpers.js';

/** Parses a `/v1/messages` body: text blocks joined by `\n`, thinking → reasoning, tool_use → tool calls. */
export async function parseAnthropicReply(body: unknown): Promise<ChatCompletionResponse> {
  const record = asObject(body);
  if (!record || !Array.isArray(record.content)) throw localError('API_ERROR', 'the messages reply has no content[]');
  const texts: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const raw of record.content) {
    const block = asObject(raw);
    if (!block) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'thinking' && typeof block.thinking === 'string') thinking.push(block.thinking);
    else if (block.type === 'tool_use' && typeof block.name === 'string') {
      toolCalls.push({
        id: asString(block.id) || randomUUID(),
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const reasoning = thinking.length > 0 ? thinking.join('\n') : null;
  return {
    content: texts.length > 0 ? texts.join('\n') : null,
    reasoning,
    toolCalls,
    finishReason: asString(record.stop_reason) ?? null,
    usage: await parseUsage(record.usage, reasoning),
    images: [],
  };
}
