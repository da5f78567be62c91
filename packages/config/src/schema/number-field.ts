import { z } from 'zod';

/** Numeric bounds as pydantic writes them (`gt`, `ge`, `lt`, `le`). */
export interface NumberBounds {
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
}

/** What a number field is: Python `float` (re-emitted as `1.0`) or `int`. */
export interface NumberFieldInfo {
  kind: 'float' | 'int';
  bounds: NumberBounds;
}

const numberFields = new WeakMap<object, NumberFieldInfo>();

/** Pydantic lax mode: a numeric string is accepted where a number is expected. */
function coerceNumericString(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return value;
}

function numberField(kind: NumberFieldInfo['kind'], bounds: NumberBounds) {
  let schema = kind === 'int' ? z.number().int() : z.number();
  if (bounds.gt !== undefined) schema = schema.gt(bounds.gt);
  if (bounds.ge !== undefined) schema = schema.gte(bounds.ge);
  if (bounds.lt !== undefined) schema = schema.lt(bounds.lt);
  if (bounds.le !== undefined) schema = schema.lte(bounds.le);
  const field = z.preprocess(coerceNumericString, schema);
  numberFields.set(field, { kind, bounds });
  return field;
}

/**
 * A Python `float` field: accepts numbers and numeric strings; dumps and fingerprints write it with a
 * fractional part (`65` → `65.0`), as the original does.
 */
export function floatField(bounds: NumberBounds = {}) {
  return numberField('float', bounds);
}

/** A Python `int` field: accepts integers, integral floats and numeric strings. */
export function intField(bounds: NumberBounds = {}) {
  return numberField('int', bounds);
}

/** The int/float kind and bounds of a schema made by `floatField` / `intField`, else undefined. */
export function numberFieldInfo(schema: unknown): NumberFieldInfo | undefined {
  return typeof schema === 'object' && schema !== null ? numberFields.get(schema) : undefined;
}
