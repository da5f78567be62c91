import { toFallbackText } from './to-duckdb-value.js';

/** Deepest nesting of lists and objects a stored value may have (a record's own fields are level 1). */
export const MAX_STORABLE_DEPTH = 100;

/** Where a value cannot be stored and why. */
export interface UnstorableValue {
  /** Path of the offending value inside the record, e.g. `payload.items[3]`. */
  readonly path: string;
  /** What is wrong, in plain words. */
  readonly problem: string;
}

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number'
    ? `${parent}[${key}]`
    : parent === ''
      ? key
      : /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${parent}.${key}`
        : `${parent}[${JSON.stringify(key)}]`;

/**
 * The first part of a record that the parquet writer cannot store, or `undefined` when all of it can:
 * circular references, nesting deeper than `MAX_STORABLE_DEPTH`, functions and symbols, `Map`/`Set`
 * (they would be written as `{}`), empty or `__proto__` keys, and objects whose JSON encoding throws.
 */
export function findUnstorableValue(record: Readonly<Record<string, unknown>>): UnstorableValue | undefined {
  const ancestors = new Map<object, string>();
  const visit = (value: unknown, path: string, depth: number): UnstorableValue | undefined => {
    switch (typeof value) {
      case 'function':
        return { path, problem: 'is a function' };
      case 'symbol':
        return { path, problem: 'is a symbol' };
      case 'object':
        break;
      default:
        return undefined;
    }
    if (value === null || value instanceof Date || value instanceof Uint8Array) return undefined;
    const earlier = ancestors.get(value);
    if (earlier !== undefined) return { path, problem: `refers back to ${earlier === '' ? 'the record itself' : earlier} (a circular reference)` };
    if (depth > MAX_STORABLE_DEPTH) return { path, problem: `is nested more than ${MAX_STORABLE_DEPTH} levels deep` };
    if (value instanceof Map || value instanceof Set) {
      return {
        path,
        problem: `is a ${value instanceof Map ? 'Map' : 'Set'}, which would be stored as {} (convert it to ${value instanceof Map ? 'a plain object' : 'an array'})`,
      };
    }
    ancestors.set(value, path);
    try {
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const found = visit(value[index], pathOf(path, index), depth + 1);
          if (found) return found;
        }
        return undefined;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        // A class instance is stored as its JSON text, as the writer does.
        try {
          toFallbackText(value);
        } catch (error) {
          return { path, problem: `cannot be encoded as JSON (${(error as Error).message})` };
        }
        return undefined;
      }
      for (const key of Object.keys(value)) {
        if (key === '') return { path: path === '' ? '""' : `${path}[""]`, problem: 'has an empty key, which cannot be a column or field name' };
        if (key === '__proto__') return { path: pathOf(path, key), problem: "is a '__proto__' key, which JavaScript records cannot hold" };
        const found = visit((value as Record<string, unknown>)[key], pathOf(path, key), depth + 1);
        if (found) return found;
      }
      return undefined;
    } finally {
      ancestors.delete(value);
    }
  };
  return visit(record, '', 0);
}
