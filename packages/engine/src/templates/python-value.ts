import { pythonFloatRepr } from '@dd/config';
import { isPlainObject, PyFloat } from './py-float.js';

/** Python `repr()` of a float (`1.0`, `1e-05`, `nan`, `inf`); the digits come from `@dd/config`. */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  // JS and Python agree on the shortest round-trip digits; JS writes them positionally for
  // 1e-7 <= |x| < 1e21 and Python for 1e-4 <= |x| < 1e16, where only integral values differ ("2" vs "2.0").
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) return Number.isInteger(value) ? `${String(value)}.0` : String(value);
  return pythonFloatRepr(value);
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return formatPythonFloat(value);
}

/** Python `repr()` of a string: single quotes unless the text has `'` and no `"`. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/** Python `repr()` of a cell value (strings quoted, containers recursively). */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return pythonStringRepr(value);
  return formatPythonValue(value);
}

/**
 * Python `str()` of a cell value, the way the original interpolates values into templates:
 * `True`/`False`/`None`, floats as Python reprs, dicts `{'a': 1}`, lists `['x', 'y']`.
 * Integral JS numbers print as ints (a JSON `3.0` cell is indistinguishable from `3`).
 */
export function formatPythonValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PyFloat) return formatPythonFloat(value.value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

function escapeJsonString(text: string, ensureAscii: boolean): string {
  const json = JSON.stringify(text);
  if (!ensureAscii) return json;
  return json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Options of `pythonJsonDumps`. */
export interface PythonJsonDumpsOptions {
  /** Sort object keys (Jinja's `tojson` does). */
  sortKeys?: boolean;
  /** Escape non-ASCII as `\uXXXX` (Python's default). @default true */
  ensureAscii?: boolean;
}

/** Python `json.dumps(value)` with default separators (`", "`, `": "`), NaN as `NaN`. */
export function pythonJsonDumps(value: unknown, options: PythonJsonDumpsOptions = {}): string {
  const ensureAscii = options.ensureAscii ?? true;
  const dump = (item: unknown): string => {
    if (item === null || item === undefined) return 'null';
    if (typeof item === 'string') return escapeJsonString(item, ensureAscii);
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    if (typeof item === 'number' || item instanceof PyFloat) {
      const number = item instanceof PyFloat ? item.value : item;
      if (Number.isNaN(number)) return 'NaN';
      if (!Number.isFinite(number)) return number > 0 ? 'Infinity' : '-Infinity';
      return item instanceof PyFloat ? formatPythonFloat(number) : formatNumber(number);
    }
    if (typeof item === 'bigint') return item.toString();
    if (Array.isArray(item)) return `[${item.map(dump).join(', ')}]`;
    if (isPlainObject(item)) {
      const keys = Object.keys(item);
      if (options.sortKeys) keys.sort();
      return `{${keys.map((key) => `${escapeJsonString(key, ensureAscii)}: ${dump(item[key])}`).join(', ')}}`;
    }
    if (item instanceof Date) return escapeJsonString(item.toISOString(), ensureAscii);
    throw new TypeError(`Object of type ${(item as object).constructor?.name ?? typeof item} is not JSON serializable`);
  };
  return dump(value);
}

/** Python truthiness: None, False, 0, '', [] and {} are false; NaN is true. */
export function isPythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}
