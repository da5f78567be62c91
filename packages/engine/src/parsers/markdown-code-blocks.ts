import type { Token } from 'marked';
import { requireVendorFile } from '../package-files/package-root.js';

type MarkedModule = typeof import('marked');
let markedModule: MarkedModule | undefined;

/**
 * marked, required on the first reply parsed (its one-file CommonJS copy, see scripts/vendor-deps.mjs):
 * loading it is ~0.01 s of top-level regex building that a run would otherwise pay before its first request.
 */
function loadMarked(): MarkedModule {
  markedModule ??= requireVendorFile<MarkedModule>('marked/marked.cjs');
  return markedModule;
}

/** Loads the markdown lexer now (a parser's warm-up, while its first requests wait) rather than on the first reply. */
export function warmUpCodeBlocks(): void {
  loadMarked();
}

/** A fenced or indented code block found in a markdown reply. */
export interface CodeBlock {
  /** Text content of the block, trimmed. */
  code: string;
  /** First word of the fence's info string, or null for unlabeled / indented blocks. */
  lang: string | null;
}

function collect(tokens: readonly Token[], out: CodeBlock[]): void {
  for (const token of tokens) {
    if (token.type === 'code') {
      const info = typeof token.lang === 'string' ? token.lang.trim().split(/\s+/)[0] : '';
      out.push({ code: String(token.text ?? '').trim(), lang: info ? info : null });
      continue;
    }
    const nested = token as { tokens?: Token[]; items?: Array<{ tokens?: Token[] }> };
    if (Array.isArray(nested.tokens)) collect(nested.tokens, out);
    if (Array.isArray(nested.items)) for (const item of nested.items) if (Array.isArray(item.tokens)) collect(item.tokens, out);
  }
}

/**
 * Every code block of a markdown reply, in document order, including blocks nested in lists and
 * blockquotes (CommonMark-style; a fence right after a line ending in `>` is separated first).
 */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const text = markdown.replace(/>\n```/g, '>\n\n```');
  const out: CodeBlock[] = [];
  collect(loadMarked().marked.lexer(text), out);
  return out;
}
