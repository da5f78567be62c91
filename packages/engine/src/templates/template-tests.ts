import { JinjaUndefined } from './jinja-undefined.js';
import { isPlainObject, isPythonFloat, PyFloat } from './py-float.js';
import { BoundMethod, isNumeric, pythonCompare, pythonContains, pythonEquals, toNumber, typeError } from './python-ops.js';
import { UserTemplateError } from './template-errors.js';

/** A Jinja test: `value is name(args)`. */
export type JinjaTest = (value: unknown, args: unknown[]) => boolean;

function isInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

function numberOf(value: unknown, test: string): number {
  if (!isNumeric(value)) throw typeError(`'${test}' test needs a number`);
  return toNumber(value);
}

function used(value: unknown): unknown {
  if (value instanceof JinjaUndefined) value.checkUse();
  return value;
}

/** Jinja's built-in tests (`defined`, `none`, `number`, `divisibleby`, comparisons…). */
export const JINJA_TESTS: Readonly<Record<string, JinjaTest>> = {
  defined: (value) => !(value instanceof JinjaUndefined),
  undefined: (value) => value instanceof JinjaUndefined,
  none: (value) => used(value) === null,
  boolean: (value) => typeof used(value) === 'boolean',
  true: (value) => used(value) === true,
  false: (value) => used(value) === false,
  integer: (value) => isInteger(used(value)),
  float: (value) => isPythonFloat(used(value)),
  number: (value) => isNumeric(used(value)),
  string: (value) => typeof used(value) === 'string',
  mapping: (value) => isPlainObject(used(value)),
  iterable: (value) => {
    const item = used(value);
    return typeof item === 'string' || Array.isArray(item) || isPlainObject(item) || item instanceof JinjaUndefined;
  },
  sequence: (value) => {
    const item = used(value);
    return typeof item === 'string' || Array.isArray(item) || isPlainObject(item);
  },
  callable: (value) => value instanceof BoundMethod,
  odd: (value) => Math.abs(numberOf(used(value), 'odd') % 2) === 1,
  even: (value) => numberOf(used(value), 'even') % 2 === 0,
  divisibleby: (value, [divisor]) => {
    const by = numberOf(divisor, 'divisibleby');
    if (by === 0) throw new UserTemplateError('ZeroDivisionError: integer modulo by zero');
    return numberOf(used(value), 'divisibleby') % by === 0;
  },
  eq: (value, [other]) => pythonEquals(value, other),
  ne: (value, [other]) => !pythonEquals(value, other),
  lt: (value, [other]) => pythonCompare(value, other, '<') < 0,
  le: (value, [other]) => pythonCompare(value, other, '<=') <= 0,
  gt: (value, [other]) => pythonCompare(value, other, '>') > 0,
  ge: (value, [other]) => pythonCompare(value, other, '>=') >= 0,
  in: (value, [container]) => pythonContains(container, value),
  sameas: (value, [other]) => value === other || (value instanceof PyFloat && other instanceof PyFloat && value.value === other.value),
  lower: (value) => typeof value === 'string' && value === value.toLowerCase(),
  upper: (value) => typeof value === 'string' && value === value.toUpperCase(),
  escaped: () => false,
};

/** Aliases Jinja registers for its comparison tests. */
const ALIASES: Record<string, string> = {
  '==': 'eq',
  equalto: 'eq',
  '!=': 'ne',
  '<': 'lt',
  lessthan: 'lt',
  '<=': 'le',
  '>': 'gt',
  greaterthan: 'gt',
  '>=': 'ge',
};

/** Runs the named test; unknown names raise a template error. */
export function runJinjaTest(name: string, value: unknown, args: unknown[]): boolean {
  const key = ALIASES[name] ?? name;
  const test = Object.hasOwn(JINJA_TESTS, key) ? JINJA_TESTS[key] : undefined;
  if (test === undefined) throw new UserTemplateError(`No test named '${name}'.`);
  return test(value, args);
}
