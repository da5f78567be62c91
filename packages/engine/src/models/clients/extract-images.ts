import { asObject, asString } from './wire-helpers.js';

/** Downloads a URL and returns its bytes as base64. */
export type ImageDownloader = (url: string) => Promise<string>;

const DATA_URI = /data:[\w.+-]+\/[\w.+-]+;base64,([A-Za-z0-9+/=]+)/g;
const BARE_BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;
/** Shortest text accepted as a bare base64 image. */
const MIN_BARE_BASE64 = 100;

/** Base64 of an image reference: data URI → its payload, http(s) URL → downloaded, bare base64 → as is. */
export async function resolveImageReference(reference: string, download: ImageDownloader): Promise<string | null> {
  const text = reference.trim();
  const dataUri = /^data:[^;,]+;base64,(.*)$/s.exec(text);
  if (dataUri?.[1] !== undefined) return dataUri[1].trim();
  if (/^https?:\/\/\S+$/i.test(text)) return download(text);
  if (text.length >= MIN_BARE_BASE64 && BARE_BASE64.test(text)) return text.replace(/\s+/g, '');
  return null;
}

function referenceOf(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  const record = asObject(item);
  if (!record) return undefined;
  const b64 = asString(record.b64_json);
  if (b64) return b64;
  return asString(asObject(record.image_url)?.url) ?? asString(record.url) ?? asString(record.image_url);
}

/**
 * Images of a chat reply: `message.images[]` (data URIs, URLs, `b64_json`), else image blocks or data
 * URIs / a URL / bare base64 in the content.
 */
export async function extractImages(message: Record<string, unknown>, download: ImageDownloader): Promise<string[]> {
  const out: string[] = [];
  const listed = Array.isArray(message.images) ? message.images : [];
  for (const item of listed) {
    const reference = referenceOf(item);
    const image = reference ? await resolveImageReference(reference, download) : null;
    if (image) out.push(image);
  }
  if (out.length > 0) return out;
  const content = message.content;
  if (Array.isArray(content)) {
    for (const block of content) {
      const record = asObject(block);
      if (record?.type !== 'image_url' && record?.type !== 'image') continue;
      const reference = referenceOf(record) ?? asString(asObject(record.source)?.data);
      const image = reference ? await resolveImageReference(reference, download) : null;
      if (image) out.push(image);
    }
    return out;
  }
  if (typeof content !== 'string' || !content.trim()) return out;
  for (const [, data] of content.matchAll(DATA_URI)) if (data !== undefined) out.push(data);
  if (out.length > 0) return out;
  const single = await resolveImageReference(content, download);
  return single ? [single] : out;
}
