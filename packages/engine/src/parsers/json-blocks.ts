import { extractCodeBlocks } from './markdown-code-blocks.js';
import { parseJsonLenient, type RepairedJson } from './repair-json.js';

/** Every block fenced as exactly `json` in `reply`, parsed leniently, in document order. */
export function extractJsonBlocks(reply: string): RepairedJson[] {
  return extractCodeBlocks(reply)
    .filter((block) => block.lang === 'json')
    .map((block) => parseJsonLenient(block.code));
}
