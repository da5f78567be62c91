import { isPlainObject } from './py-float.js';

const JSON_START = /^[\s]*[[{"\-0-9tfnNI]/;

/** Python `json.loads` for one string: NaN/Infinity allowed; `undefined` when it is not JSON. */
function tryParseJson(text: string): { value: unknown } | undefined {
  if (!JSON_START.test(text)) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    const trimmed = text.trim();
    if (trimmed === 'NaN') return { value: NaN };
    if (trimmed === 'Infinity') return { value: Infinity };
    if (trimmed === '-Infinity') return { value: -Infinity };
    return undefined;
  }
}

/**
 * The original's `deserialize_json_values` for one value: a string that parses as JSON becomes the
 * parsed value (`"42"` → 42, `'{"a":1}'` → object); strings inside lists and dicts are parsed too.
 * Never mutates its input.
 */
export function deserializeJsonValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const parsed = tryParseJson(value);
    return parsed === undefined ? value : deserializeNested(parsed.value);
  }
  return deserializeNested(value);
}

const utf8 = new TextDecoder();

function deserializeNested(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return utf8.decode(value);
  if (Array.isArray(value)) return value.map(deserializeJsonValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = deserializeJsonValue(item);
    return out;
  }
  return value;
}

/** `deserializeJsonValue` over every value of a row (a new object). */
export function deserializeJsonValues(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = deserializeJsonValue(value);
  return out;
}
