import { PySlice, sliceOf } from './py-slice.js';
import { JinjaUndefined } from './jinja-undefined.js';
import { isPlainObject } from './py-float.js';
import { BoundMethod, pythonContains, pythonEquals, pythonIterate, pythonTypeName, toPythonString, typeError } from './python-ops.js';
import { TemplateSecurityError } from './template-errors.js';

type Method = (self: never, args: unknown[], kwargs: Record<string, unknown>) => unknown;

function stripChars(text: string, chars: unknown, side: 'both' | 'left' | 'right'): string {
  const set = chars === undefined || chars === null ? null : String(chars);
  const strip = (char: string) => (set === null ? /\s/.test(char) : set.includes(char));
  const chars_ = [...text];
  let start = 0;
  let end = chars_.length;
  if (side !== 'right') while (start < end && strip(chars_[start] ?? '')) start++;
  if (side !== 'left') while (end > start && strip(chars_[end - 1] ?? '')) end--;
  return chars_.slice(start, end).join('');
}

/** Python `str.split(sep=None, maxsplit=-1)`. */
export function pythonSplit(text: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep === undefined || sep === null) {
    const parts: string[] = [];
    let rest = text.replace(/^\s+/, '');
    while (rest !== '') {
      if (parts.length >= limit) {
        parts.push(rest);
        return parts;
      }
      const match = /\s+/.exec(rest);
      if (!match) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, match.index));
      rest = rest.slice(match.index + match[0].length);
    }
    return parts;
  }
  const separator = String(sep);
  if (separator === '') throw new TemplateSecurityError('ValueError: empty separator');
  const parts = text.split(separator);
  if (parts.length - 1 <= limit) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

/** Python `str.title()`: upper-case the first letter of every run of letters. */
export function pythonTitle(text: string): string {
  return text.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/** Python `str.capitalize()`. */
export function pythonCapitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** Python `str.replace(old, new, count=-1)`. */
export function pythonReplace(text: string, old: string, replacement: string, count: unknown): string {
  const limit = typeof count === 'number' && count >= 0 ? count : Infinity;
  if (limit === Infinity) return text.split(old).join(replacement);
  const parts = text.split(old);
  if (parts.length - 1 <= limit) return parts.join(replacement);
  return parts.slice(0, limit + 1).join(replacement) + old + parts.slice(limit + 1).join(old);
}

function prefixes(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [String(value)];
}

const STRING_METHODS: Record<string, (self: string, args: unknown[], kwargs: Record<string, unknown>) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, [chars]) => stripChars(s, chars, 'both'),
  lstrip: (s, [chars]) => stripChars(s, chars, 'left'),
  rstrip: (s, [chars]) => stripChars(s, chars, 'right'),
  split: (s, [sep, maxsplit], kw) => pythonSplit(s, sep ?? kw.sep, maxsplit ?? kw.maxsplit),
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((line, index, all) => !(index === all.length - 1 && line === '')),
  startswith: (s, [prefix]) => prefixes(prefix).some((p) => s.startsWith(p)),
  endswith: (s, [suffix]) => prefixes(suffix).some((p) => s.endsWith(p)),
  replace: (s, [old, replacement, count]) => pythonReplace(s, String(old), String(replacement), count),
  title: (s) => pythonTitle(s),
  capitalize: (s) => pythonCapitalize(s),
  join: (s, [items]) => pythonIterate(items).map(toPythonString).join(s),
  find: (s, [sub]) => s.indexOf(String(sub)),
  count: (s, [sub]) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  isdigit: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  zfill: (s, [width]) => {
    const sign = /^[+-]/.test(s) ? s.charAt(0) : '';
    return sign + s.slice(sign.length).padStart(Number(width) - sign.length, '0');
  },
  center: (s, [width, fill]) => {
    const total = Number(width) - s.length;
    if (total <= 0) return s;
    const pad = fill === undefined ? ' ' : String(fill);
    const left = Math.floor(total / 2) + (total % 2 && Number(width) % 2 ? 1 : 0);
    return pad.repeat(left) + s + pad.repeat(total - left);
  },
};

const LIST_METHODS: Record<string, (self: unknown[], args: unknown[]) => unknown> = {
  index: (list, [item]) => {
    const index = list.findIndex((element) => pythonEquals(element, item));
    if (index < 0) throw new TemplateSecurityError(`ValueError: ${toPythonString(item)} is not in list`);
    return index;
  },
  count: (list, [item]) => list.filter((element) => pythonEquals(element, item)).length,
};

const DICT_METHODS: Record<string, (self: Record<string, unknown>, args: unknown[]) => unknown> = {
  items: (dict) => Object.entries(dict),
  keys: (dict) => Object.keys(dict),
  values: (dict) => Object.values(dict),
  get: (dict, [key, fallback]) => (typeof key === 'string' && Object.hasOwn(dict, key) ? dict[key] : (fallback ?? null)),
};

/** True when `name` is a dict method a template can reach as an attribute (`d.items`), which wins over a key of that name. */
export function isDictMethodName(name: string): boolean {
  return Object.hasOwn(DICT_METHODS, name);
}

/** Methods a template may call on a value (immutable sandbox: nothing that mutates). */
function methodOf(value: unknown, name: string): BoundMethod | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof value === 'string') table = STRING_METHODS as Record<string, Method>;
  else if (Array.isArray(value)) table = LIST_METHODS as Record<string, Method>;
  else if (isPlainObject(value)) table = DICT_METHODS as Record<string, Method>;
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (method === undefined) return undefined;
  return new BoundMethod(name, (args, kwargs) => method(value as never, args, kwargs));
}

/** Loop state exposed as `loop` inside `{% for %}` blocks. */
export class LoopInfo {
  index = 1;
  index0 = 0;
  revindex = 0;
  revindex0 = 0;
  first = true;
  last = false;
  length = 0;
  previtem: unknown = undefined;
  nextitem: unknown = undefined;
  depth = 1;
  depth0 = 0;
}

const LOOP_FIELDS = new Set(['index', 'index0', 'revindex', 'revindex0', 'first', 'last', 'length', 'previtem', 'nextitem', 'depth', 'depth0']);

/** JavaScript internals a template must never reach, whatever the value. */
const JS_INTERNALS = new Set([
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'call',
  'apply',
  'bind',
  'caller',
  'callee',
  'arguments',
]);

function checkSafeName(name: string, value: unknown): void {
  if (name.startsWith('_') || JS_INTERNALS.has(name)) {
    throw new TemplateSecurityError(`Non-permitted operations: access to attribute '${name}' of '${pythonTypeName(value)}' object is unsafe.`, {
      fix: 'Templates may only read data keys and call the string/list/dict methods Jinja allows.',
    });
  }
}

function missing(value: unknown, name: unknown, strict: boolean, asItem: boolean): JinjaUndefined {
  const type = pythonTypeName(value);
  const what = asItem ? `no element ${typeof name === 'string' ? `'${name}'` : String(name)}` : `no attribute '${String(name)}'`;
  const owner = type === 'NoneType' ? "'None'" : `'${type} object'`;
  return new JinjaUndefined(`${owner} has ${what}`, strict);
}

function itemOf(value: unknown, key: unknown): { found: boolean; value?: unknown } {
  if (Array.isArray(value) || typeof value === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) return { found: false };
    const length = typeof value === 'string' ? value.length : value.length;
    const index = key < 0 ? length + key : key;
    if (index < 0 || index >= length) return { found: false };
    return { found: true, value: value[index] };
  }
  if (isPlainObject(value) && typeof key === 'string' && Object.hasOwn(value, key)) return { found: true, value: value[key] };
  return { found: false };
}

/**
 * `value.name` in the sandbox: Python attribute (a safe method, or a `loop` field) first, then the
 * dict key, or the key first when `itemFirst` (schema-transform templates). Never reaches JS
 * prototypes: only own keys of plain objects, array indexes and the method tables above.
 */
export function getAttribute(value: unknown, name: string, strict: boolean, itemFirst: boolean): unknown {
  if (value instanceof JinjaUndefined) throw value.error();
  if (value instanceof LoopInfo) {
    if (LOOP_FIELDS.has(name)) return value[name as keyof LoopInfo];
    if (name === 'cycle') return new BoundMethod('cycle', (args) => (args.length === 0 ? null : args[value.index0 % args.length]));
    return missing(value, name, strict, false);
  }
  if (itemFirst) {
    const item = itemOf(value, name);
    if (item.found) return item.value;
  }
  const method = methodOf(value, name);
  if (method) return method;
  if (!itemFirst) {
    const item = itemOf(value, name);
    if (item.found) return item.value;
  }
  checkSafeName(name, value);
  return missing(value, name, strict, false);
}

/** `value[key]` in the sandbox: the item first, then (for string keys) the attribute. */
export function getItem(value: unknown, key: unknown, strict: boolean): unknown {
  if (value instanceof JinjaUndefined) throw value.error();
  if (key instanceof JinjaUndefined) throw key.error();
  if (key instanceof PySlice) return sliceOf(value, key);
  const numericKey = typeof key === 'boolean' ? Number(key) : key;
  const item = itemOf(value, numericKey);
  if (item.found) return item.value;
  if (typeof key === 'string') {
    const method = value instanceof LoopInfo ? undefined : methodOf(value, key);
    if (method) return method;
    if (value instanceof LoopInfo && LOOP_FIELDS.has(key)) return value[key as keyof LoopInfo];
    checkSafeName(key, value);
  }
  return missing(value, key, strict, true);
}

/** Calls a template value: only bound sandbox methods and built-in globals are callable. */
export function callValue(callee: unknown, args: unknown[], kwargs: Record<string, unknown>, label: string): unknown {
  if (callee instanceof BoundMethod) return callee.call(args, kwargs);
  if (callee instanceof JinjaUndefined) throw callee.error();
  if (typeof callee === 'function') {
    throw new TemplateSecurityError(`Non-permitted operations: calling '${label}' is not allowed in templates.`);
  }
  throw typeError(`'${pythonTypeName(callee)}' object is not callable`);
}

/** True when `value` contains `item` (re-export for filters and tests). */
export const contains = pythonContains;
