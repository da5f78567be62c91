import { JinjaUndefined } from './jinja-undefined.js';
import { jsonpath } from './jsonpath.js';
import { isPlainObject, isPythonFloat, makeNumber, PyFloat, unboxFloats } from './py-float.js';
import { pythonCapitalize, pythonReplace, pythonTitle, getAttribute } from './python-methods.js';
import {
  isNumeric,
  pythonInt,
  pythonCompare,
  pythonEquals,
  pythonIterate,
  pythonLength,
  pythonTypeName,
  toNumber,
  toPythonString,
  truthy,
  typeError,
  percentFormat,
} from './python-ops.js';
import { pythonJsonDumps } from './python-value.js';
import { UserTemplateError } from './template-errors.js';

/** What a filter can call back into: tests, other filters, attribute lookup. */
export interface FilterEnv {
  readonly strict: boolean;
  runTest(name: string, value: unknown, args: unknown[]): boolean;
  runFilter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown;
}

/** A Jinja filter: `value | name(args, kwargs)`. */
export type JinjaFilter = (value: unknown, args: unknown[], kwargs: Record<string, unknown>, env: FilterEnv) => unknown;

function arg(args: unknown[], kwargs: Record<string, unknown>, index: number, name: string, fallback: unknown): unknown {
  if (index < args.length) return args[index];
  if (Object.hasOwn(kwargs, name)) return kwargs[name];
  return fallback;
}

function str(value: unknown): string {
  return toPythonString(value);
}

/** Python `float(text)`: whitespace, exponents, `inf`, `nan`, underscores between digits. */
export function parsePythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^[+-]?(?:inf|infinity)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(trimmed)) return NaN;
  if (!/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/.test(trimmed)) return undefined;
  return Number(trimmed.replaceAll('_', ''));
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (isNumeric(value)) return makeNumber(toNumber(value), true);
  if (typeof value === 'string') {
    const parsed = parsePythonFloat(value);
    if (parsed !== undefined) return makeNumber(parsed, true);
  }
  return fallback;
}

function toInt(value: unknown, fallback: unknown, base: unknown): unknown {
  if (typeof value === 'bigint') return value;
  if (isNumeric(value)) {
    const number = toNumber(value);
    return Number.isFinite(number) ? Math.trunc(number) : fallback;
  }
  if (typeof value === 'string') {
    const text = value.trim().replaceAll('_', '');
    const radix = typeof base === 'number' ? base : 10;
    if (radix === 10 && /^[+-]?\d+$/.test(text)) return pythonInt(BigInt(text));
    if (radix !== 10) {
      const body = text.replace(/^[+-]/, '').replace(/^0[xob]/i, '');
      const parsed = parseInt(body, radix);
      if (!Number.isNaN(parsed) && /^[0-9a-z]+$/i.test(body)) return text.startsWith('-') ? -parsed : parsed;
    }
    const float = parsePythonFloat(value);
    if (float !== undefined && Number.isFinite(float)) return Math.trunc(float);
  }
  return fallback;
}

function escapeHtml(value: unknown): string {
  return str(value).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[char] ?? char);
}

function attributeGetter(attribute: unknown, env: FilterEnv): (item: unknown) => unknown {
  if (attribute === undefined || attribute === null) return (item) => item;
  const parts = String(attribute).split('.');
  return (item) => {
    let current = item;
    for (const part of parts) {
      current = /^\d+$/.test(part) && Array.isArray(current) ? current[Number(part)] : getAttribute(current, part, env.strict, false);
    }
    return current;
  };
}

function sortKey(caseSensitive: boolean): (item: unknown) => unknown {
  return (item) => (!caseSensitive && typeof item === 'string' ? item.toLowerCase() : item);
}

function sorted(items: unknown[], key: (item: unknown) => unknown, reverse: boolean): unknown[] {
  const decorated = items.map((item) => ({ item, key: key(item) }));
  decorated.sort((a, b) => pythonCompare(a.key, b.key, '<') || 0);
  if (reverse) decorated.reverse();
  return decorated.map((entry) => entry.item);
}

function extreme(value: unknown, args: unknown[], kwargs: Record<string, unknown>, env: FilterEnv, sign: 1 | -1): unknown {
  const items = pythonIterate(value);
  if (items.length === 0) return new JinjaUndefined('No aggregated item, sequence was empty.', env.strict);
  const caseSensitive = truthy(arg(args, kwargs, 0, 'case_sensitive', false));
  const get = attributeGetter(arg(args, kwargs, 1, 'attribute', null), env);
  const key = (item: unknown) => sortKey(caseSensitive)(get(item));
  let best = items[0];
  for (const item of items.slice(1)) if (sign * pythonCompare(key(item), key(best), sign > 0 ? '>' : '<') > 0) best = item;
  return best;
}

function pythonRound(value: number, precision: number, method: string): number {
  const factor = 10 ** precision;
  if (method === 'ceil') return Math.ceil(value * factor) / factor;
  if (method === 'floor') return Math.floor(value * factor) / factor;
  if (method !== 'common') throw new UserTemplateError('round: method must be common, ceil or floor');
  if (!Number.isFinite(value)) return value;
  if (precision < 0 || precision > 90 || Math.abs(value) >= 1e21) {
    const scaled = value * factor;
    const rounded = Math.round(scaled);
    return (rounded - scaled === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded) / factor;
  }
  // Python rounds the exact binary value, ties to even. toFixed rounds the exact value too, ties
  // away from zero; a tie is possible only when the exact value ends at precision + 1 digits.
  if (precision <= 22) {
    // 10 ** precision is exact here and |value| * factor is within scaled * 2^-53 of the exact product,
    // so a fraction farther than scaled * 2^-50 from one half rules a tie out without the 30 extra digits,
    // and rounding the computed product gives toFixed's integer; k / factor is then the double nearest
    // to k / 10^precision, as Number(value.toFixed(precision)) is.
    const scaled = Math.abs(value) * factor;
    const fraction = scaled - Math.floor(scaled);
    if (Math.abs(fraction - 0.5) > scaled * 2 ** -50) {
      const rounded = Math.round(scaled) / factor;
      return value < 0 ? -rounded : rounded;
    }
  }
  const fixed = value.toFixed(precision);
  const exact = value.toFixed(Math.min(100, precision + 30));
  const tail = exact.slice(exact.length - 29);
  if (exact.charAt(exact.length - 30) === '5' && /^0+$/.test(tail)) {
    const lastDigit = fixed.charAt(fixed.length - 1);
    if (Number(lastDigit) % 2 === 1) {
      // Away from zero landed on an odd digit: step back one unit toward zero.
      const unit = 10 ** -precision;
      return Number((value < 0 ? Number(fixed) + unit : Number(fixed) - unit).toFixed(precision));
    }
  }
  return Number(fixed);
}

function truncate(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const text = str(value);
  const length = Number(arg(args, kwargs, 0, 'length', 255));
  const killwords = truthy(arg(args, kwargs, 1, 'killwords', false));
  const end = str(arg(args, kwargs, 2, 'end', '...'));
  const leeway = Number(arg(args, kwargs, 3, 'leeway', 5));
  if (length < end.length) throw new UserTemplateError(`truncate: expected length >= ${end.length}, got ${length}`);
  if (leeway < 0) throw new UserTemplateError(`truncate: expected leeway >= 0, got ${leeway}`);
  const chars = [...text];
  if (chars.length <= length + leeway) return text;
  const head = chars.slice(0, length - end.length).join('');
  if (killwords) return head + end;
  const space = head.lastIndexOf(' ');
  return (space < 0 ? head : head.slice(0, space)) + end;
}

function urlQuote(text: string, safe: string): string {
  return [...new TextEncoder().encode(text)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_.\-~]/.test(char) || safe.includes(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function urlencode(value: unknown): string {
  if (typeof value === 'string') return urlQuote(value, '/');
  const pairs = isPlainObject(value) ? Object.entries(value) : pythonIterate(value).map((item) => item as [unknown, unknown]);
  return pairs.map(([key, item]) => `${urlQuote(str(key), '')}=${urlQuote(str(item), '')}`).join('&');
}

function unique(value: unknown, args: unknown[], kwargs: Record<string, unknown>, env: FilterEnv): unknown[] {
  const caseSensitive = truthy(arg(args, kwargs, 0, 'case_sensitive', false));
  const get = attributeGetter(arg(args, kwargs, 1, 'attribute', null), env);
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of pythonIterate(value)) {
    const key = sortKey(caseSensitive)(get(item));
    if (!seen.some((other) => pythonEquals(other, key))) {
      seen.push(key);
      out.push(item);
    }
  }
  return out;
}

function first(value: unknown, env: FilterEnv): unknown {
  const items = pythonIterate(value);
  return items.length > 0 ? items[0] : new JinjaUndefined('No first item, sequence was empty.', env.strict);
}

/** The filters the secure dialect allows (the original's allow-list). */
export const SECURE_FILTERS = {
  abs: (value) => {
    if (!isNumeric(value)) throw typeError(`bad operand type for abs(): '${pythonTypeName(value)}'`);
    if (typeof value === 'bigint') return value < 0n ? -value : value;
    return makeNumber(Math.abs(toNumber(value)), isPythonFloat(value));
  },
  capitalize: (value) => pythonCapitalize(str(value)),
  escape: (value) => escapeHtml(value),
  first: (value, _args, _kwargs, env) => first(value, env),
  float: (value, args, kwargs) => toFloat(value, arg(args, kwargs, 0, 'default', new PyFloat(0))),
  forceescape: (value) => escapeHtml(value),
  int: (value, args, kwargs) => toInt(value, arg(args, kwargs, 0, 'default', 0), arg(args, kwargs, 1, 'base', 10)),
  items: (value) => {
    if (value instanceof JinjaUndefined) return [];
    if (!isPlainObject(value)) throw typeError(`Can only get item pairs from a mapping, not ${pythonTypeName(value)}.`);
    return Object.entries(value);
  },
  last: (value, _args, _kwargs, env) => {
    const items = pythonIterate(value);
    return items.length > 0 ? items[items.length - 1] : new JinjaUndefined('No last item, sequence was empty.', env.strict);
  },
  length: (value) => pythonLength(value),
  list: (value) => [...pythonIterate(value)],
  lower: (value) => str(value).toLowerCase(),
  max: (value, args, kwargs, env) => extreme(value, args, kwargs, env, 1),
  min: (value, args, kwargs, env) => extreme(value, args, kwargs, env, -1),
  random: (value, _args, _kwargs, env) => {
    const items = pythonIterate(value);
    return items.length > 0 ? items[Math.floor(Math.random() * items.length)] : new JinjaUndefined('No random item, sequence was empty.', env.strict);
  },
  replace: (value, args, kwargs) =>
    pythonReplace(str(value), str(arg(args, kwargs, 0, 'old', '')), str(arg(args, kwargs, 1, 'new', '')), arg(args, kwargs, 2, 'count', null)),
  reverse: (value) => {
    if (typeof value === 'string') return [...value].reverse().join('');
    return [...pythonIterate(value)].reverse();
  },
  round: (value, args, kwargs) => {
    if (!isNumeric(value)) throw typeError(`type ${pythonTypeName(value)} doesn't define __round__ method`);
    const precision = Number(arg(args, kwargs, 0, 'precision', 0));
    const method = str(arg(args, kwargs, 1, 'method', 'common'));
    // Jinja's 'common' is Python's round(): an int stays an int (for precision >= 0).
    if (
      method === 'common' &&
      precision >= 0 &&
      (typeof value === 'bigint' || typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value)))
    ) {
      return typeof value === 'boolean' ? Number(value) : value;
    }
    return makeNumber(pythonRound(toNumber(value), precision, method), true);
  },
  sort: (value, args, kwargs, env) => {
    const reverse = truthy(arg(args, kwargs, 0, 'reverse', false));
    const caseSensitive = truthy(arg(args, kwargs, 1, 'case_sensitive', false));
    const get = attributeGetter(arg(args, kwargs, 2, 'attribute', null), env);
    return sorted(pythonIterate(value), (item) => sortKey(caseSensitive)(get(item)), reverse);
  },
  string: (value) => str(value),
  title: (value) => pythonTitle(str(value)),
  trim: (value, args, kwargs) => {
    const chars = arg(args, kwargs, 0, 'chars', null);
    const text = str(value);
    if (chars === null || chars === undefined) return text.replace(/^\s+|\s+$/g, '');
    const set = str(chars);
    let start = 0;
    let end = text.length;
    while (start < end && set.includes(text.charAt(start))) start++;
    while (end > start && set.includes(text.charAt(end - 1))) end--;
    return text.slice(start, end);
  },
  truncate: (value, args, kwargs) => truncate(value, args, kwargs),
  unique: (value, args, kwargs, env) => unique(value, args, kwargs, env),
  upper: (value) => str(value).toUpperCase(),
  urlencode: (value) => urlencode(value),
  jsonpath: (value, args, kwargs) => jsonpath(unboxFloats(value), arg(args, kwargs, 0, 'expression', '$')),
} satisfies Readonly<Record<string, JinjaFilter>>;

function selectLike(keep: boolean, byAttribute: boolean): JinjaFilter {
  return (value, args, _kwargs, env) => {
    const items = pythonIterate(value);
    let rest = args;
    let get: (item: unknown) => unknown = (item) => item;
    if (byAttribute) {
      get = attributeGetter(args[0], env);
      rest = args.slice(1);
    }
    if (rest.length === 0) return items.filter((item) => truthy(get(item)) === keep);
    const [test, ...testArgs] = rest;
    return items.filter((item) => env.runTest(str(test), get(item), testArgs) === keep);
  };
}

/** The native dialect's extra stock Jinja filters (on top of the secure ones). */
export const NATIVE_FILTERS = {
  ...SECURE_FILTERS,
  e: SECURE_FILTERS.escape,
  count: SECURE_FILTERS.length,
  d: (value, args, kwargs): unknown => NATIVE_FILTERS.default(value, args, kwargs),
  default: (value, args, kwargs) => {
    const fallback = arg(args, kwargs, 0, 'default_value', '');
    const boolean = truthy(arg(args, kwargs, 1, 'boolean', false));
    if (value instanceof JinjaUndefined) return fallback;
    if (boolean && !truthy(value)) return fallback;
    return value;
  },
  join: (value, args, kwargs, env) => {
    const get = attributeGetter(arg(args, kwargs, 1, 'attribute', null), env);
    return pythonIterate(value)
      .map((item) => str(get(item)))
      .join(str(arg(args, kwargs, 0, 'd', '')));
  },
  map: (value, args, kwargs, env) => {
    const items = pythonIterate(value);
    if (Object.hasOwn(kwargs, 'attribute')) {
      const get = attributeGetter(kwargs.attribute, env);
      return items.map((item) => {
        const result = get(item);
        return result instanceof JinjaUndefined && Object.hasOwn(kwargs, 'default') ? kwargs.default : result;
      });
    }
    const [name, ...rest] = args;
    return items.map((item) => env.runFilter(str(name), item, rest, {}));
  },
  select: selectLike(true, false),
  reject: selectLike(false, false),
  selectattr: selectLike(true, true),
  rejectattr: selectLike(false, true),
  tojson: (value) =>
    pythonJsonDumps(unboxFloats(value), { sortKeys: true, ensureAscii: true })
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/'/g, '\\u0027'),
  format: (value, args, kwargs) => percentFormat(str(value), Object.keys(kwargs).length > 0 ? kwargs : args.length === 1 ? [args[0]] : args),
  sum: (value, args, kwargs, env) => {
    const get = attributeGetter(arg(args, kwargs, 0, 'attribute', null), env);
    let total: unknown = arg(args, kwargs, 1, 'start', 0);
    for (const item of pythonIterate(value)) {
      const next = get(item);
      if (!isNumeric(total) || !isNumeric(next)) throw typeError(`unsupported operand type(s) for +: '${pythonTypeName(total)}' and '${pythonTypeName(next)}'`);
      total = makeNumber(toNumber(total) + toNumber(next), isPythonFloat(total) || isPythonFloat(next));
    }
    return total;
  },
  dictsort: (value, args, kwargs) => {
    if (!isPlainObject(value)) throw typeError('You can only sort by either "key" or "value"');
    const caseSensitive = truthy(arg(args, kwargs, 0, 'case_sensitive', false));
    const byValue = str(arg(args, kwargs, 1, 'by', 'key')) === 'value';
    const reverse = truthy(arg(args, kwargs, 2, 'reverse', false));
    return sorted(Object.entries(value), (pair) => sortKey(caseSensitive)((pair as unknown[])[byValue ? 1 : 0]), reverse);
  },
  wordcount: (value) => (str(value).match(/\w+/gu) ?? []).length,
  center: (value, args, kwargs) => {
    const text = str(value);
    const width = Number(arg(args, kwargs, 0, 'width', 80));
    const total = width - text.length;
    if (total <= 0) return text;
    const left = Math.floor(total / 2) + (total % 2 && width % 2 ? 1 : 0);
    return ' '.repeat(left) + text + ' '.repeat(total - left);
  },
  safe: (value) => value,
  striptags: (value) =>
    str(value)
      .replace(/<!--[\s\S]*?-->|<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  indent: (value, args, kwargs) => {
    const width = arg(args, kwargs, 0, 'width', 4);
    const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
    const indentFirst = truthy(arg(args, kwargs, 1, 'first', false));
    const blank = truthy(arg(args, kwargs, 2, 'blank', false));
    const lines = str(value).split('\n');
    return lines.map((line, index) => ((index > 0 || indentFirst) && (blank || line.trim() !== '') ? pad + line : line)).join('\n');
  },
} satisfies Readonly<Record<string, JinjaFilter>>;
