import { randomUUID } from 'node:crypto';
import type { ChatCompletionResponse, EmbeddingResponse, ImageResponse, ToolCall } from '../model-types.js';
import { extractImages, type ImageDownloader } from './extract-images.js';
import { parseUsage } from './parse-usage.js';
import { asObject, asString, localError } from './wire-helpers.js';

/** Message content as text: a string, or the `text`s of a block list joined by `\n`; null if none. */
export function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content
    .map((block) => (typeof block === 'string' ? block : asString(asObject(block)?.text)))
    .filter((text): text is string => text !== undefined);
  return texts.length > 0 ? texts.join('\n') : null;
}

function toToolCall(raw: unknown): ToolCall | null {
  const call = asObject(raw);
  const fn = asObject(call?.function);
  const name = asString(fn?.name);
  if (!call || !fn || !name) return null;
  const args = fn.arguments;
  return {
    id: asString(call.id) || randomUUID(),
    type: 'function',
    function: { name, arguments: typeof args === 'string' ? args : args == null ? '{}' : JSON.stringify(args) },
  };
}

/** Parses an OpenAI chat completion body (first choice) into canonical form. */
export async function parseOpenAIChatReply(body: unknown, download: ImageDownloader): Promise<ChatCompletionResponse> {
  const choices = asObject(body)?.choices;
  const choice = Array.isArray(choices) ? asObject(choices[0]) : undefined;
  const message = asObject(choice?.message);
  if (!choice || !message) throw localError('API_ERROR', 'the chat completion reply has no choices[0].message');
  const reasoning = asString(message.reasoning) || asString(message.reasoning_content) || null;
  const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls.map(toToolCall).filter((call): call is ToolCall => call !== null) : [];
  return {
    content: contentText(message.content),
    reasoning,
    toolCalls,
    finishReason: asString(choice.finish_reason) ?? null,
    usage: await parseUsage(asObject(body)?.usage, reasoning),
    images: await extractImages(message, download),
  };
}

function decodeBase64Floats(data: string): number[] {
  const bytes = Buffer.from(data, 'base64');
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
  return Array.from(floats);
}

/** Parses an `/embeddings` body (`data[].embedding`, floats or base64 float32) in input order. */
export async function parseOpenAIEmbeddingReply(body: unknown): Promise<EmbeddingResponse> {
  const data = asObject(body)?.data;
  if (!Array.isArray(data)) throw localError('API_ERROR', 'the embeddings reply has no data[]');
  const items = data.map((item, position) => ({ item: asObject(item), position }));
  items.sort((a, b) => (Number(a.item?.index ?? a.position) || 0) - (Number(b.item?.index ?? b.position) || 0));
  const vectors = items.map(({ item }) => {
    const embedding = item?.embedding;
    if (typeof embedding === 'string') return decodeBase64Floats(embedding);
    if (Array.isArray(embedding) && embedding.every((value) => typeof value === 'number')) return embedding as number[];
    throw localError('API_ERROR', 'an embeddings reply item has no numeric embedding');
  });
  return { vectors, usage: await parseUsage(asObject(body)?.usage, null) };
}

/** Parses an `/images/generations` body: `data[]` items with `b64_json` or `url` (downloaded). */
export async function parseOpenAIImageReply(body: unknown, download: ImageDownloader): Promise<ImageResponse> {
  const data = asObject(body)?.data;
  if (!Array.isArray(data)) throw localError('API_ERROR', 'the image generation reply has no data[]');
  const images: string[] = [];
  for (const raw of data) {
    const item = asObject(raw);
    const b64 = asString(item?.b64_json);
    const url = asString(item?.url);
    if (b64) images.push(b64);
    else if (url) images.push(await download(url));
  }
  return { images, usage: await parseUsage(asObject(body)?.usage, null) };
}
