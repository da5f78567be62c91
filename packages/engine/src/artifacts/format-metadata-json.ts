/**
 * Serializes like Python's `json.dump(value, indent=2, sort_keys=True)` (what the original uses for
 * `metadata.json`): keys sorted by code point at every level, two-space indent, `", "`-free line endings,
 * `": "` after keys, non-ASCII characters escaped as `\uXXXX`, `NaN`/`Infinity` bare. Numbers use JS
 * formatting, so an integral float prints as `1` where Python prints `1.0`.
 */
export function formatMetadataJson(value: unknown): string {
  return format(value, '');
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Python `ensure_ascii` string literal. */
function quote(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    const code = text.charCodeAt(index);
    const escaped = ESCAPES[character];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += character;
  }
  return `${out}"`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return JSON.stringify(value);
}

function format(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(value);
  if (value instanceof Date) return quote(value.toISOString());
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + format(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    entries.sort(([a], [b]) => compareCodePoints(a, b));
    return `{\n${entries.map(([key, item]) => `${inner}${quote(key)}: ${format(item, inner)}`).join(',\n')}\n${indent}}`;
  }
  return quote(String(value));
}

/** Orders strings by Unicode code point, as Python's `sorted` does. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index]?.codePointAt(0) ?? 0) - (right[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
