import { ResponseParseError } from '../models/response-parse-error.js';
import { extractCodeBlocks } from './markdown-code-blocks.js';

/** The fence label for a code language: the part before `:` (`sql:postgres` → `sql`). */
export function codeSyntaxOf(codeLang: string): string {
  const index = codeLang.indexOf(':');
  return index < 0 ? codeLang : codeLang.slice(0, index);
}

/**
 * The code of the last code block in `reply`. Throws `ResponseParseError` when there is none or
 * when its label differs (case-sensitive) from `syntax`; unlabeled blocks are accepted.
 */
export function parseCodeResponse(reply: string, syntax: string): string {
  const block = extractCodeBlocks(reply).at(-1);
  if (!block) throw new ResponseParseError('No parsable code response.');
  if (block.lang && block.lang !== syntax) {
    throw new ResponseParseError(`Responded with code not matching the requested syntax (${syntax}).`);
  }
  return block.code.trim();
}
