import type { ChatMessage, ContentBlock } from '../model-types.js';
import { asObject, definedEntries, localError, type WireObject } from './wire-helpers.js';

/** `audio/wav` → `wav`, `audio/mpeg` → `mp3` (the `input_audio.format` field). */
function audioFormat(mediaType: string): string {
  const subtype = (mediaType.split('/')[1] ?? mediaType).split(';')[0]?.toLowerCase() ?? '';
  if (subtype === 'mpeg' || subtype === 'mp3') return 'mp3';
  if (subtype === 'x-wav' || subtype === 'wave') return 'wav';
  return subtype;
}

/** Translates a canonical media block to its OpenAI-compatible form; other blocks pass through. */
export function toOpenAIBlock(block: ContentBlock): WireObject {
  if (block.type !== 'image' && block.type !== 'audio' && block.type !== 'video') {
    return { ...block };
  }
  const source = asObject(block.source);
  if (!source) throw localError('BAD_REQUEST', `a ${block.type} block has no source`);
  const isUrl = source.type === 'url' && typeof source.url === 'string';
  const isBase64 = source.type === 'base64' && typeof source.data === 'string' && typeof source.media_type === 'string';
  if (!isUrl && !isBase64) throw localError('BAD_REQUEST', `a ${block.type} block has an invalid source (need a url, or base64 data with media_type)`);
  const dataUri = isBase64 ? `data:${String(source.media_type)};base64,${String(source.data)}` : '';
  switch (block.type) {
    case 'image':
      return { type: 'image_url', image_url: { url: isUrl ? String(source.url) : dataUri } };
    case 'audio':
      return isUrl
        ? { type: 'audio_url', audio_url: { url: String(source.url) } }
        : { type: 'input_audio', input_audio: { data: String(source.data), format: audioFormat(String(source.media_type)) } };
    case 'video':
      return { type: 'video_url', video_url: { url: isUrl ? String(source.url) : dataUri } };
  }
}

/** One message in OpenAI chat form (reasoning, tool calls and tool call id only when non-empty). */
export function toOpenAIMessage(message: ChatMessage): WireObject {
  if (!['system', 'user', 'assistant', 'tool'].includes(message.role)) {
    throw localError('BAD_REQUEST', `unsupported message role '${String(message.role)}'`);
  }
  const content = typeof message.content === 'string' ? message.content : message.content.map(toOpenAIBlock);
  return definedEntries({
    role: message.role,
    content,
    reasoning_content: message.reasoning_content || undefined,
    tool_calls: message.tool_calls?.length ? message.tool_calls : undefined,
    tool_call_id: message.tool_call_id || undefined,
  });
}
