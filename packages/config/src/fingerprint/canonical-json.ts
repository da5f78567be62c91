import { PythonFloat, pythonFloatRepr } from '../io/python-float.js';
import type { AnnotatedValue } from '../io/annotate-python-types.js';

/** Python `json.dumps` string escaping with `ensure_ascii=True`. */
export function pythonAsciiString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    const code = text.charCodeAt(index);
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const difference = (left[index]?.codePointAt(0) ?? 0) - (right[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** Python `json.dumps(value, sort_keys=True, separators=(",", ":"))` of an annotated tree. */
export function canonicalJson(value: AnnotatedValue): string {
  if (value === null) return 'null';
  if (value instanceof PythonFloat) return pythonFloatRepr(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pythonAsciiString(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value).sort(([left], [right]) => compareCodePoints(left, right));
  return `{${entries.map(([key, entry]) => `${pythonAsciiString(key)}:${canonicalJson(entry)}`).join(',')}}`;
}
