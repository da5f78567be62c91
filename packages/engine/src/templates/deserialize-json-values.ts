import { isPlainObject } from './py-float.js';

/** JSON whitespace (what both `JSON.parse` and Python's `json.loads` skip around a value). */
function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** By char code below 128: can a JSON text (or NaN/Infinity) start with this character, whitespace included? */
const MAY_START_JSON: readonly boolean[] = Array.from({ length: 128 }, (_, code) => ' \t\n\r{["tfnNI-0123456789'.includes(String.fromCharCode(code)));

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Python `json.loads` for one string: NaN/Infinity allowed; `undefined` when it is not JSON.
 * Decides from the first and last characters whether the text can be JSON at all, so common
 * non-JSON strings (`2023-05-12`, names, sentences) never reach a throwing `JSON.parse`.
 */
function tryParseJson(text: string): { value: unknown } | undefined {
  if (text.length === 0 || !MAY_START_JSON[text.charCodeAt(0)]) return undefined;
  let start = 0;
  let end = text.length;
  while (start < end && isJsonSpace(text.charCodeAt(start))) start++;
  while (end > start && isJsonSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return undefined;
  const body = start === 0 && end === text.length ? text : text.slice(start, end);
  const first = body.charCodeAt(0);
  const last = body.charCodeAt(body.length - 1);
  switch (first) {
    case 0x7b: // {
      if (last !== 0x7d) return undefined;
      break;
    case 0x5b: // [
      if (last !== 0x5d) return undefined;
      break;
    case 0x22: // "
      if (last !== 0x22 || body.length < 2) return undefined;
      if (body.indexOf('\\') < 0 && body.indexOf('"', 1) === body.length - 1) return controlFree(body) ? { value: body.slice(1, -1) } : undefined;
      break;
    case 0x74: // t
      return body === 'true' ? { value: true } : undefined;
    case 0x66: // f
      return body === 'false' ? { value: false } : undefined;
    case 0x6e: // n
      return body === 'null' ? { value: null } : undefined;
    case 0x4e: // N
      return body === 'NaN' ? { value: NaN } : undefined;
    case 0x49: // I
      return body === 'Infinity' ? { value: Infinity } : undefined;
    default:
      if (first === 0x2d && body === '-Infinity') return { value: -Infinity };
      if (first !== 0x2d && (first < 0x30 || first > 0x39)) return undefined;
      return JSON_NUMBER.test(body) ? { value: Number(body) } : undefined;
  }
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

/** True when a JSON string literal holds no raw control characters (which JSON forbids). */
function controlFree(body: string): boolean {
  for (let index = 1; index < body.length - 1; index++) if (body.charCodeAt(index) < 0x20) return false;
  return true;
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
    for (const key of Object.keys(value)) out[key] = deserializeJsonValue(value[key]);
    return out;
  }
  return value;
}

/** `deserializeJsonValue` over every value of a row (a new object). */
export function deserializeJsonValues(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) out[key] = deserializeJsonValue(row[key]);
  return out;
}
