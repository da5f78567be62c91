import { z } from 'zod';

/**
 * Keys of free-form objects whose source literal was a float (`1.0`). Python keeps `1.0` and `1`
 * apart inside free-form objects (`extra_body`, `dist_params`, `output_format`, …) and the fingerprint
 * hashes that difference, so the loader records it here and dumps read it back.
 */
const floatLiteralKeys = new WeakMap<object, Set<string | number>>();

/** Records that `container[key]` was written as a float literal in the source text. */
export function markFloatLiteral(container: object, key: string | number): void {
  let keys = floatLiteralKeys.get(container);
  if (!keys) {
    keys = new Set();
    floatLiteralKeys.set(container, keys);
  }
  keys.add(key);
}

/** True when `container[key]` was written as a float literal (`1.0`) in the source text. */
export function isFloatLiteral(container: object, key: string | number): boolean {
  return floatLiteralKeys.get(container)?.has(key) ?? false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Realm-independent: objects from another context (vm, structuredClone) have another Object.prototype.
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * A free-form JSON object (Python `dict`). Parsing keeps the very same object, so the float-literal
 * marks recorded by the loader survive validation.
 */
export function freeFormObject() {
  return z.custom<Record<string, unknown>>(isPlainObject, { message: 'expected an object (a mapping of keys to values)' });
}

/** A free-form JSON value (Python `Any`): kept as is, arrays and objects by reference. */
export function freeFormValue() {
  return z.custom<unknown>((value) => value !== undefined, { message: 'expected a value' });
}
