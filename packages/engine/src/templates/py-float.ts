/**
 * A Python `float` whose value is integral (`3.0`). Non-integral JS numbers are already
 * unambiguous floats; this box only exists so `{{ 4 / 2 }}` and `{{ x | round }}` print `2.0`
 * the way Jinja does. It never leaves the template engine except through `formatPythonValue`.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Wraps `value` as a float when `isFloat` and it is integral; otherwise the plain number. */
export function makeNumber(value: number, isFloat: boolean): number | PyFloat {
  return isFloat && Number.isInteger(value) ? new PyFloat(value) : value;
}

/** True for values Python would see as a float (boxed integral floats, fractions, NaN, ±inf). */
export function isPythonFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** Unboxes a `PyFloat` (deeply, through arrays and plain objects); other values pass through. */
export function unboxFloats(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.some(needsUnbox) ? value.map(unboxFloats) : value;
  if (isPlainObject(value)) {
    if (!Object.values(value).some(needsUnbox)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = unboxFloats(item);
    return out;
  }
  return value;
}

function needsUnbox(value: unknown): boolean {
  return value instanceof PyFloat || Array.isArray(value) || isPlainObject(value);
}

/** A JSON-like mapping (what Python would call a dict): a plain object, not a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
