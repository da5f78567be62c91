import type { ValidateFunction } from 'ajv';
import { loadAjv } from '../parsers/load-ajv.js';

/** Copy of `schema` where every object schema with `properties` but no `additionalProperties` forbids extras. */
export function forbidExtraProperties(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forbidExtraProperties);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs' || key === 'definitions' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, forbidExtraProperties(v)]));
    } else if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') {
      out[key] = value;
    } else {
      out[key] = forbidExtraProperties(value);
    }
  }
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

/**
 * Compiles an `output_schema` (extra properties forbidden, like the original's `no_extra_properties`)
 * into a checker returning null when valid, else a readable error text.
 */
export function compileOutputSchema(schema: Record<string, unknown>): (value: unknown) => string | null {
  // Loaded on first use (start-up cost for runs without validators).
  const { Ajv } = loadAjv();
  const ajv = new Ajv({ allErrors: true, strict: false });
  let check: ValidateFunction;
  try {
    check = ajv.compile(forbidExtraProperties(schema) as Record<string, unknown>);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return () => `output_schema is not a valid JSON schema: ${message}`;
  }
  return (value) => (check(value) ? null : ajv.errorsText(check.errors, { dataVar: 'output' }));
}
