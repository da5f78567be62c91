import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defineErrorClass, type MultiModalContext } from '@dd/config';
import type { ContentBlock } from '../../models/model-types.js';

/** A multimodal context cell could not be turned into content blocks. */
export class MultiModalContextError extends defineErrorClass('MultiModalContextError') {}

type Modality = 'image' | 'audio' | 'video';

const MEDIA_TYPES: Record<Modality, Record<string, string>> = {
  image: { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' },
  audio: { mp3: 'audio/mpeg', wav: 'audio/wav' },
  video: { mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' },
};

const DATA_URI = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;
const HTTP_URL = /^https?:\/\//i;

/** The image format of decoded bytes (png, jpeg, gif, webp), or undefined. */
export function sniffImageFormat(bytes: Uint8Array): 'png' | 'jpeg' | 'gif' | 'webp' | undefined {
  const ascii = (start: number, end: number): string => String.fromCharCode(...bytes.subarray(start, end));
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function base64Block(modality: Modality, mediaType: string, data: string): ContentBlock {
  return { type: modality, source: { type: 'base64', media_type: mediaType, data } };
}

function urlBlock(modality: Modality, url: string): ContentBlock {
  return { type: modality, source: { type: 'url', url } };
}

function formatOf(context: MultiModalContext): string | null {
  const value = context.modality === 'image' ? context.image_format : context.modality === 'audio' ? context.audio_format : context.video_format;
  return value ? value.toLowerCase() : null;
}

/** A block for base64 text (data URI or raw); raw data needs a known or sniffable format. */
function fromBase64(text: string, modality: Modality, format: string | null, columnName: string): ContentBlock {
  const uri = DATA_URI.exec(text);
  if (uri) return base64Block(modality, uri[1] ?? '', uri[2] ?? '');
  const data = text.replace(/\s+/g, '');
  let mediaType = format ? (MEDIA_TYPES[modality][format] ?? `${modality}/${format}`) : undefined;
  if (!mediaType && modality === 'image') {
    const sniffed = sniffImageFormat(Buffer.from(data.slice(0, 64), 'base64'));
    mediaType = sniffed ? MEDIA_TYPES.image[sniffed] : undefined;
  }
  if (!mediaType) {
    throw new MultiModalContextError(`Could not determine the ${modality} format of the base64 value in column '${columnName}'.`, {
      fix: `Set ${modality}_format on the multi_modal_context entry, or store data URIs (data:${modality}/...;base64,...).`,
    });
  }
  return base64Block(modality, mediaType, data);
}

/** A dataset-relative path to an existing file, or undefined. */
async function localFile(text: string, datasetPath: string | undefined): Promise<string | undefined> {
  if (!datasetPath || path.isAbsolute(text) || text.includes('\n')) return undefined;
  const root = path.resolve(datasetPath);
  const candidate = path.resolve(root, text);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return undefined;
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

async function blockFor(item: string, context: MultiModalContext, modality: Modality, datasetPath: string | undefined): Promise<ContentBlock> {
  const text = item.trim();
  const format = formatOf(context);
  if (context.data_type === 'url') return urlBlock(modality, text);
  if (context.data_type === 'base64') return fromBase64(text, modality, format, context.column_name);
  if (HTTP_URL.test(text)) return urlBlock(modality, text);
  if (modality === 'image') {
    const file = await localFile(text, datasetPath);
    if (file) {
      const bytes = await readFile(file);
      const sniffed = sniffImageFormat(bytes);
      const extension = path.extname(file).slice(1).toLowerCase();
      const mediaType = (format && MEDIA_TYPES.image[format]) ?? (sniffed ? MEDIA_TYPES.image[sniffed] : MEDIA_TYPES.image[extension]) ?? 'image/png';
      return base64Block('image', mediaType, bytes.toString('base64'));
    }
    return fromBase64(text, 'image', format, context.column_name);
  }
  if (DATA_URI.test(text)) return fromBase64(text, modality, format, context.column_name);
  if (/[^A-Za-z0-9+/=\s]/.test(text)) {
    throw new MultiModalContextError(
      `The ${modality} value in column '${context.column_name}' looks like a local path; ${modality} files are only passed by URL.`,
      {
        fix: `Store http(s) URLs or base64 data, or set data_type: url on the multi_modal_context entry.`,
      },
    );
  }
  return fromBase64(text, modality, format, context.column_name);
}

function itemsOf(value: unknown, columnName: string): string[] {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    const trimmed = value.trim();
    let parsed: unknown;
    if (trimmed.startsWith('[')) {
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        parsed = undefined;
      }
    }
    items = Array.isArray(parsed) ? parsed : [value];
  } else if (value === null || value === undefined) items = [];
  else items = [value];
  return items
    .filter((item) => item !== null && item !== undefined && !(typeof item === 'string' && item.trim() === ''))
    .map((item) => {
      if (typeof item !== 'string')
        throw new MultiModalContextError(`Column '${columnName}' holds a ${typeof item} where a URL, path or base64 string was expected.`);
      return item;
    });
}

/**
 * Canonical content blocks for the multimodal contexts of a column, from a (JSON-deserialized)
 * record: each cell may be a list, a JSON-list string or a single value; each item becomes one block
 * (engine-spec §2.5). Image paths relative to `datasetPath` are loaded and base64-encoded.
 */
export async function buildMultiModalContext(
  contexts: readonly MultiModalContext[],
  record: Readonly<Record<string, unknown>>,
  datasetPath?: string,
): Promise<ContentBlock[]> {
  const blocks: ContentBlock[] = [];
  for (const context of contexts) {
    const modality: Modality = context.modality;
    for (const item of itemsOf(record[context.column_name], context.column_name)) {
      blocks.push(await blockFor(item, context, modality, datasetPath));
    }
  }
  return blocks;
}
