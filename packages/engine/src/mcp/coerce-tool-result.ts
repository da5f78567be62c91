import type { ContentBlock } from '../models/model-types.js';
import type { McpToolResultContent } from './mcp-types.js';

/** Reads a string field of an unknown object. */
function str(value: Record<string, unknown>, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

/** One MCP content item as a canonical block (images as `image_url` data URIs, the rest as text). */
function toBlock(item: unknown): ContentBlock | null {
  if (typeof item !== 'object' || item === null) return item === undefined || item === null ? null : { type: 'text', text: String(item) };
  const entry = item as Record<string, unknown>;
  switch (entry.type) {
    case 'text':
      return { type: 'text', text: str(entry, 'text') ?? '' };
    case 'image': {
      const data = str(entry, 'data');
      if (!data) return null;
      return { type: 'image_url', image_url: { url: `data:${str(entry, 'mimeType') ?? 'image/png'};base64,${data}` } };
    }
    case 'resource': {
      const resource = (entry.resource ?? {}) as Record<string, unknown>;
      const text = str(resource, 'text');
      if (text !== undefined) return { type: 'text', text };
      const mime = str(resource, 'mimeType') ?? '';
      const blob = str(resource, 'blob');
      if (blob && mime.startsWith('image/')) return { type: 'image_url', image_url: { url: `data:${mime};base64,${blob}` } };
      return { type: 'text', text: `[resource ${str(resource, 'uri') ?? ''}${mime ? ` (${mime})` : ''}]` };
    }
    case 'resource_link':
      return { type: 'text', text: `[resource link ${str(entry, 'name') ?? ''} ${str(entry, 'uri') ?? ''}]`.replace(/\s+\]/, ']') };
    case 'audio':
      return { type: 'text', text: `[audio ${str(entry, 'mimeType') ?? ''} omitted]` };
    default:
      return { type: 'text', text: JSON.stringify(entry) };
  }
}

/**
 * Converts an MCP `CallToolResult` to tool-message content: the text items joined by newlines when
 * every item is text, else the ordered block list. Structured-only results become their JSON; a
 * legacy `toolResult` its JSON (or text).
 */
export function coerceToolResult(result: unknown): McpToolResultContent {
  if (typeof result !== 'object' || result === null) return result === undefined || result === null ? '' : String(result);
  const record = result as Record<string, unknown>;
  if (!Array.isArray(record.content)) {
    if ('structuredContent' in record && record.structuredContent !== undefined) return JSON.stringify(record.structuredContent);
    if ('toolResult' in record) return typeof record.toolResult === 'string' ? record.toolResult : JSON.stringify(record.toolResult ?? null);
    return '';
  }
  const blocks = record.content.map(toBlock).filter((block): block is ContentBlock => block !== null);
  if (blocks.length === 0 && record.structuredContent !== undefined) return JSON.stringify(record.structuredContent);
  if (blocks.every((block) => block.type === 'text')) return blocks.map((block) => (block as { text: string }).text).join('\n');
  return blocks;
}
