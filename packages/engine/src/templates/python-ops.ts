import { JinjaUndefined } from './jinja-undefined.js';
import { isPlainObject, isPythonFloat, makeNumber, PyFloat } from './py-float.js';
import { formatPythonValue, isPythonTruthy } from './python-value.js';
import { TemplateSecurityError, UserTemplateError } from './template-errors.js';

/** Python's type name of a template value, for error messages. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (value instanceof JinjaUndefined) return 'Undefined';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value)) return 'dict';
  return 'object';
}

/** A TypeError in Python terms, surfaced as a template error. */
export function typeError(message: string): Error {
  return new UserTemplateError(`TypeError: ${message}`);
}

/** True for numbers, big ints, boxed floats and bools (Python bools are ints). */
export function isNumeric(value: unknown): value is number | bigint | boolean | PyFloat {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat || typeof value === 'bigint';
}

/** The JS number of a numeric template value (a big int becomes its nearest float). */
export function toNumber(value: number | bigint | boolean | PyFloat): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return value.value;
}

/**
 * A Python int as a template value: a JS number while it is a safe integer, else a `bigint`, so
 * `2**100`, `3**50` and 20-digit ids stay exact and print as Python prints them.
 */
export function pythonInt(value: bigint): number | bigint {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Largest int result (in bits) `**` and `*` may build: Python has no limit, the sandbox does. */
const MAX_INT_BITS = 100_000;

/** The exact integer of an int-like value (int number, bigint, bool), else undefined. */
function exactInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

function bitLength(value: bigint): number {
  return (value < 0n ? -value : value).toString(2).length;
}

/** Python int arithmetic for `+ - * // % **` when either side is a big int or a safe result would overflow. */
function intBinary(op: string, a: bigint, b: bigint): number | bigint | undefined {
  switch (op) {
    case '+':
      return pythonInt(a + b);
    case '-':
      return pythonInt(a - b);
    case '*':
      if (bitLength(a) + bitLength(b) > MAX_INT_BITS) throw intTooLarge();
      return pythonInt(a * b);
    case '//': {
      if (b === 0n) throw new UserTemplateError('ZeroDivisionError: integer division or modulo by zero');
      const quotient = a / b;
      return pythonInt(quotient * b !== a && a < 0n !== b < 0n ? quotient - 1n : quotient);
    }
    case '%': {
      if (b === 0n) throw new UserTemplateError('ZeroDivisionError: integer modulo by zero');
      const rest = a % b;
      return pythonInt(rest !== 0n && rest < 0n !== b < 0n ? rest + b : rest);
    }
    case '**':
      if (b < 0n) return undefined;
      if (a !== 0n && a !== 1n && a !== -1n && BigInt(bitLength(a)) * b > BigInt(MAX_INT_BITS)) throw intTooLarge();
      return pythonInt(a ** b);
    default:
      return undefined;
  }
}

function intTooLarge(): Error {
  return new TemplateSecurityError(`Template too large: an integer result would exceed ${MAX_INT_BITS} bits.`, { fix: 'Compute with smaller numbers.' });
}

/** Python `bool()` including Jinja undefined (falsy when lenient). */
export function truthy(value: unknown): boolean {
  if (value instanceof JinjaUndefined) {
    value.checkUse();
    return false;
  }
  return isPythonTruthy(value);
}

/** Python `str()` including Jinja undefined (empty when lenient). */
export function toPythonString(value: unknown): string {
  if (value instanceof JinjaUndefined) {
    value.checkUse();
    return '';
  }
  if (value instanceof BoundMethod) {
    throw new TemplateSecurityError(`Template output contains a method repr (<built-in method ${value.name}>); call it with () or read a key instead.`);
  }
  return formatPythonValue(value);
}

/** A method of a Python value, reachable as `value.method` and callable in templates. */
export class BoundMethod {
  constructor(
    readonly name: string,
    readonly call: (args: unknown[], kwargs: Record<string, unknown>) => unknown,
  ) {}
}

/** Python `==` (deep for lists and dicts, `1 == 1.0 == True`). */
export function pythonEquals(left: unknown, right: unknown): boolean {
  if (left instanceof JinjaUndefined || right instanceof JinjaUndefined) {
    if (left instanceof JinjaUndefined) left.checkUse();
    if (right instanceof JinjaUndefined) right.checkUse();
    return left instanceof JinjaUndefined && right instanceof JinjaUndefined;
  }
  if (isNumeric(left) && isNumeric(right)) {
    if (typeof left === 'bigint' || typeof right === 'bigint') return numericOrder(left, right) === 0;
    return toNumber(left) === toNumber(right);
  }
  if (left === null || left === undefined) return right === null || right === undefined;
  if (typeof left === 'string') return left === right;
  if (Array.isArray(left)) {
    return Array.isArray(right) && left.length === right.length && left.every((item, index) => pythonEquals(item, right[index]));
  }
  if (isPlainObject(left)) {
    if (!isPlainObject(right)) return false;
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => Object.hasOwn(right, key) && pythonEquals(left[key], right[key]));
  }
  return left === right;
}

/** -1/0/1 (NaN when unordered) between two numeric values, exact across big ints and floats. */
function numericOrder(left: number | bigint | boolean | PyFloat, right: number | bigint | boolean | PyFloat): number {
  const a = typeof left === 'bigint' ? left : toNumber(left);
  const b = typeof right === 'bigint' ? right : toNumber(right);
  // JS relational operators compare a bigint and a number by exact mathematical value.
  return a < b ? -1 : a > b ? 1 : (typeof a === 'number' && Number.isNaN(a)) || (typeof b === 'number' && Number.isNaN(b)) ? NaN : 0;
}

/** Python ordering (`<` etc.): numbers, strings, lists; other mixes raise TypeError. */
export function pythonCompare(left: unknown, right: unknown, op: string): number {
  if (left instanceof JinjaUndefined) throw left.error();
  if (right instanceof JinjaUndefined) throw right.error();
  if (isNumeric(left) && isNumeric(right)) return numericOrder(left, right);
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.min(left.length, right.length); index++) {
      if (!pythonEquals(left[index], right[index])) return pythonCompare(left[index], right[index], op);
    }
    return left.length - right.length;
  }
  throw typeError(`'${op}' not supported between instances of '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`);
}

/** Python `len()` of a string: code points (a surrogate pair counts once), without allocating. */
function codePointLength(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  return text.length - (text.match(SURROGATE_PAIRS)?.length ?? 0);
}

const SURROGATE = /[\uD800-\uDFFF]/;
const SURROGATE_PAIRS = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Python `len()`. */
export function pythonLength(value: unknown): number {
  if (value instanceof JinjaUndefined) {
    value.checkUse();
    return 0;
  }
  if (typeof value === 'string') return codePointLength(value);
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value)) return Object.keys(value).length;
  throw typeError(`object of type '${pythonTypeName(value)}' has no len()`);
}

/** Python iteration: strings by character, dicts by key, undefined as empty. */
export function pythonIterate(value: unknown): unknown[] {
  if (value instanceof JinjaUndefined) {
    value.checkUse();
    return [];
  }
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isPlainObject(value)) return Object.keys(value);
  throw typeError(`'${pythonTypeName(value)}' object is not iterable`);
}

/** Python `in`. */
export function pythonContains(container: unknown, item: unknown): boolean {
  if (container instanceof JinjaUndefined) throw container.error();
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${pythonTypeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => pythonEquals(element, item));
  if (isPlainObject(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw typeError(`argument of type '${pythonTypeName(container)}' is not iterable`);
}

function numericOperands(left: unknown, right: unknown, op: string): [number, number, boolean] {
  if (left instanceof JinjaUndefined) throw left.error();
  if (right instanceof JinjaUndefined) throw right.error();
  if (!isNumeric(left) || !isNumeric(right)) {
    throw typeError(`unsupported operand type(s) for ${op}: '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`);
  }
  return [toNumber(left), toNumber(right), isPythonFloat(left) || isPythonFloat(right)];
}

function repeat<T>(sequence: T, times: number, maxSize: number): T {
  const count = Math.max(0, times);
  const size = (typeof sequence === 'string' ? sequence.length : (sequence as unknown[]).length) * count;
  if (size > maxSize) throw new TemplateSecurityError(`Template too large: a repetition would produce ${size} items (limit ${maxSize}).`);
  if (typeof sequence === 'string') return sequence.repeat(count) as T;
  const out: unknown[] = [];
  for (let index = 0; index < count; index++) out.push(...(sequence as unknown[]));
  return out as T;
}

/** Python binary arithmetic (`+ - * / // % **`) on template values. */
export function pythonBinary(op: string, left: unknown, right: unknown, maxSize: number): unknown {
  if (op === '+') {
    if (typeof left === 'string' && typeof right === 'string') return left + right;
    if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  }
  if (op === '*') {
    if (typeof left === 'string' || Array.isArray(left)) {
      if (typeof right === 'number' && Number.isInteger(right)) return repeat(left, right, maxSize);
    }
    if (typeof right === 'string' || Array.isArray(right)) {
      if (typeof left === 'number' && Number.isInteger(left)) return repeat(right, left, maxSize);
    }
  }
  if (op === '%' && typeof left === 'string') return percentFormat(left, right);
  if (typeof left === 'bigint' || typeof right === 'bigint') {
    const x = exactInt(left);
    const y = exactInt(right);
    if (x !== undefined && y !== undefined) {
      const exact = intBinary(op, x, y);
      if (exact !== undefined) return exact;
    }
  }
  const [a, b, isFloat] = numericOperands(left, right, op);
  if (!isFloat && op !== '/') {
    // Python ints never overflow: redo int results beyond 2**53 exactly.
    // (`**` always: Math.pow may round even where the exact result is a safe integer.)
    const result = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '**' && b >= 0 ? Infinity : 0;
    if (!Number.isSafeInteger(result) && Number.isInteger(a) && Number.isInteger(b)) {
      const exact = intBinary(op, BigInt(a), BigInt(b));
      if (exact !== undefined) return exact;
    }
  }
  switch (op) {
    case '+':
      return makeNumber(a + b, isFloat);
    case '-':
      return makeNumber(a - b, isFloat);
    case '*':
      return makeNumber(a * b, isFloat);
    case '/':
      if (b === 0) throw new UserTemplateError('ZeroDivisionError: division by zero');
      return makeNumber(a / b, true);
    case '//':
      if (b === 0) throw new UserTemplateError('ZeroDivisionError: integer division or modulo by zero');
      return makeNumber(Math.floor(a / b), isFloat);
    case '%': {
      if (b === 0) throw new UserTemplateError('ZeroDivisionError: integer modulo by zero');
      const result = a - b * Math.floor(a / b);
      return makeNumber(result, isFloat);
    }
    case '**': {
      const result = a ** b;
      return makeNumber(result, isFloat || b < 0);
    }
    default:
      throw typeError(`unsupported operator ${op}`);
  }
}

/** Python printf-style `'%s' % value` for `%s %r %d %i %f %e %g %x %%` with flags, width and precision. */
export function percentFormat(format: string, values: unknown): string {
  const args = Array.isArray(values) ? [...values] : [values];
  const mapping = isPlainObject(values) ? values : undefined;
  let used = 0;
  const out = format.replace(
    /%(\([^)]*\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifeEgGxXorc%])/g,
    (_match, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
      if (type === '%') return '%';
      const value = key !== undefined && mapping ? mapping[key.slice(1, -1)] : args[used++];
      let text: string;
      const prec = precision === undefined ? undefined : Number(precision);
      switch (type) {
        case 's':
          text = toPythonString(value);
          break;
        case 'r':
          text = typeof value === 'string' ? `'${value}'` : toPythonString(value);
          break;
        case 'd':
        case 'i':
          if (!isNumeric(value)) throw typeError(`%${type} format: a real number is required, not ${pythonTypeName(value)}`);
          text = String(Math.trunc(toNumber(value)));
          break;
        case 'f':
          if (!isNumeric(value)) throw typeError(`must be real number, not ${pythonTypeName(value)}`);
          text = toNumber(value).toFixed(prec ?? 6);
          break;
        case 'e':
        case 'E':
          if (!isNumeric(value)) throw typeError(`must be real number, not ${pythonTypeName(value)}`);
          text = toNumber(value)
            .toExponential(prec ?? 6)
            .replace(/e([+-])(\d)$/, 'e$10$2');
          if (type === 'E') text = text.toUpperCase();
          break;
        case 'g':
        case 'G':
          if (!isNumeric(value)) throw typeError(`must be real number, not ${pythonTypeName(value)}`);
          text = String(Number(toNumber(value).toPrecision(prec ?? 6)));
          break;
        case 'x':
        case 'X':
        case 'o':
          if (!isNumeric(value)) throw typeError(`%${type} format: an integer is required, not ${pythonTypeName(value)}`);
          text = Math.trunc(toNumber(value)).toString(type === 'o' ? 8 : 16);
          if (type === 'X') text = text.toUpperCase();
          break;
        default:
          text = toPythonString(value);
      }
      if (flags.includes('+') && /^[0-9]/.test(text) && 'difeEgG'.includes(type)) text = `+${text}`;
      const targetWidth = width === undefined || width === '*' ? 0 : Number(width);
      if (text.length < targetWidth) {
        if (flags.includes('-')) text = text.padEnd(targetWidth);
        else if (flags.includes('0') && type !== 's') {
          const sign = /^[+-]/.test(text) ? text.charAt(0) : '';
          text = sign + text.slice(sign.length).padStart(targetWidth - sign.length, '0');
        } else text = text.padStart(targetWidth);
      }
      return text;
    },
  );
  if (!mapping && used < args.length) throw typeError('not all arguments converted during string formatting');
  return out;
}
