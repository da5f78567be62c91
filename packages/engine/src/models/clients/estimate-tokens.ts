interface Encoder {
  encode(text: string): { length: number };
}

let encoder: Promise<Encoder | null> | undefined;

function loadEncoder(): Promise<Encoder | null> {
  encoder ??= import('@dqbd/tiktoken')
    .then((tiktoken) => tiktoken.get_encoding('cl100k_base') as Encoder)
    .catch(() => null);
  return encoder;
}

/** Token count of a text with the tiktoken `cl100k_base` tokenizer (≈ chars/4 if it cannot load). */
export async function estimateTokens(text: string): Promise<number> {
  if (!text) return 0;
  const loaded = await loadEncoder();
  return loaded ? loaded.encode(text).length : Math.ceil(text.length / 4);
}
