import { requireVendorFile } from '../../package-files/package-root.js';

interface Encoder {
  encode(text: string): { length: number };
}

interface TiktokenLite {
  Tiktoken: new (ranks: unknown) => Encoder;
}

let encoder: Encoder | null | undefined;

/**
 * The cl100k_base tokenizer of js-tiktoken (same counts as tiktoken), loaded on first use. Its pure-JS
 * core and the cl100k ranks are copied to `vendor/js-tiktoken/` at build time (scripts/vendor-deps.mjs).
 * Null when it cannot load.
 */
function loadEncoder(): Encoder | null {
  if (encoder === undefined) {
    try {
      const { Tiktoken } = requireVendorFile<TiktokenLite>('js-tiktoken/lite.cjs');
      const ranks = requireVendorFile<{ default?: unknown }>('js-tiktoken/cl100k_base.cjs');
      encoder = new Tiktoken(ranks.default ?? ranks);
    } catch {
      encoder = null;
    }
  }
  return encoder;
}

/** Token count of a text with the tiktoken `cl100k_base` tokenizer (≈ chars/4 if it cannot load). */
export async function estimateTokens(text: string): Promise<number> {
  if (!text) return 0;
  const loaded = loadEncoder();
  return loaded ? loaded.encode(text).length : Math.ceil(text.length / 4);
}
