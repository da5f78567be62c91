import { isFloatLiteral, numberFieldInfo } from '../schema/index.js';
import { PythonFloat } from './python-float.js';
import type { ZodDef, ZodInternals } from './zod-internals.js';

/** A tree of plain values where Python floats are `PythonFloat` instances. */
export type AnnotatedValue = null | boolean | string | number | PythonFloat | AnnotatedValue[] | { [key: string]: AnnotatedValue };

function isZod(value: unknown): value is ZodInternals {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** Free-form value: numbers are floats when their source literal was (or they are not integral). */
function annotateFreeForm(value: unknown, container?: object, key?: string | number): AnnotatedValue {
  if (typeof value === 'number') {
    const marked = container !== undefined && key !== undefined && isFloatLiteral(container, key);
    return marked || !Number.isInteger(value) ? new PythonFloat(value) : value;
  }
  if (Array.isArray(value)) return value.map((item, index) => annotateFreeForm(item, value, index));
  if (value && typeof value === 'object') {
    const out: Record<string, AnnotatedValue> = {};
    for (const [entryKey, entry] of Object.entries(value)) {
      if (entry === undefined || typeof entry === 'function') continue;
      out[entryKey] = annotateFreeForm(entry, value, entryKey);
    }
    return out;
  }
  if (typeof value === 'function') return (value as { name?: string }).name ?? null;
  return (value ?? null) as AnnotatedValue;
}

/**
 * Walks a parsed config alongside its zod schema and wraps every value of a Python `float` field in
 * `PythonFloat`, so dumps write `65.0` where the original does. Free-form objects fall back to the
 * float literals recorded by the loader.
 */
export function annotatePythonTypes(schema: unknown, value: unknown, container?: object, key?: string | number): AnnotatedValue {
  if (!isZod(schema)) return annotateFreeForm(value, container, key);
  const info = numberFieldInfo(schema);
  if (info) {
    if (typeof value !== 'number') return annotateFreeForm(value, container, key);
    return info.kind === 'float' ? new PythonFloat(value) : value;
  }
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      if (value === null || value === undefined) return null;
      return annotatePythonTypes(def.innerType, value, container, key);
    case 'pipe':
      return annotatePythonTypes(def.out?._zod.def.type === 'transform' ? def.in : def.out, value, container, key);
    case 'lazy':
      return annotatePythonTypes(def.getter?.(), value, container, key);
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return annotateFreeForm(value, container, key);
      const out: Record<string, AnnotatedValue> = {};
      const shape = def.shape ?? {};
      for (const [entryKey, entry] of Object.entries(value)) {
        if (entry === undefined) continue;
        out[entryKey] = annotatePythonTypes(shape[entryKey], entry, value, entryKey);
      }
      return out;
    }
    case 'array':
      if (!Array.isArray(value)) return annotateFreeForm(value, container, key);
      return value.map((item, index) => annotatePythonTypes(def.element, item, value, index));
    case 'record':
      if (!value || typeof value !== 'object') return annotateFreeForm(value, container, key);
      return Object.fromEntries(Object.entries(value).map(([entryKey, entry]) => [entryKey, annotatePythonTypes(def.valueType, entry, value, entryKey)]));
    case 'union': {
      const options = def.options ?? [];
      if (def.discriminator && value && typeof value === 'object') {
        const tag = (value as Record<string, unknown>)[def.discriminator];
        const match = options.find((option) => discriminatorValues(option, def.discriminator as string).includes(tag));
        if (match) return annotatePythonTypes(match, value, container, key);
      }
      const match = options.find((option) => option.safeParse?.(value).success);
      return match ? annotatePythonTypes(match, value, container, key) : annotateFreeForm(value, container, key);
    }
    default:
      return annotateFreeForm(value, container, key);
  }
}

/** Literal values an object schema (possibly wrapped) accepts for its discriminator field. */
function discriminatorValues(schema: ZodInternals, discriminator: string): unknown[] {
  let current: ZodInternals | undefined = schema;
  while (current && current._zod.def.type !== 'object') {
    const def: ZodDef = current._zod.def;
    current = def.innerType ?? def.out ?? def.in;
  }
  const field = current?._zod.def.shape?.[discriminator];
  let literal: ZodInternals | undefined = field;
  while (literal && literal._zod.def.type !== 'literal' && literal._zod.def.type !== 'enum') {
    literal = literal._zod.def.innerType;
  }
  const literalDef = literal?._zod.def as { values?: unknown[]; entries?: Record<string, unknown> } | undefined;
  if (literalDef?.values) return literalDef.values;
  if (literalDef?.entries) return Object.values(literalDef.entries);
  return [];
}
