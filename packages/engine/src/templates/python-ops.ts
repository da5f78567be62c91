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

/** True for numbers, boxed floats and bools (Python bools are ints). */
export function isNumeric(value: unknown): value is number | boolean | PyFloat {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat;
}

/** The JS number of a numeric template value. */
export function toNumber(value: number | boolean | PyFloat): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value.value;
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
  if (isNumeric(left) && isNumeric(right)) return toNumber(left) === toNumber(right);
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

/** Python ordering (`<` etc.): numbers, strings, lists; other mixes raise TypeError. */
export function pythonCompare(left: unknown, right: unknown, op: string): number {
  if (left instanceof JinjaUndefined) throw left.error();
  if (right instanceof JinjaUndefined) throw right.error();
  if (isNumeric(left) && isNumeric(right)) {
    const a = toNumber(left);
    const b = toNumber(right);
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  }
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
  const [a, b, isFloat] = numericOperands(left, right, op);
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
  const out = format.replace(/%(\([^)]*\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifeEgGxXorc%])/g, (_match, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
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
        text = toNumber(value).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
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
        const sign = /^[+-]/.test(text) ? text[0] : '';
        text = sign + text.slice(sign.length).padStart(targetWidth - sign.length, '0');
      } else text = text.padStart(targetWidth);
    }
    return text;
  });
  if (!mapping && used < args.length) throw typeError('not all arguments converted during string formatting');
  return out;
}
