import { isRecord, resolveLocalRef, type JsonSchema } from './json-schema-types.js';

/**
 * Decimal precision of a Pydantic `Decimal` field (`anyOf` with a `number` and a `string` carrying a
 * pattern): `{ places }` with the `\d{0,N}` bound, `{ places: null }` when unbounded, or undefined.
 */
export function decimalInfo(schema: JsonSchema): { places: number | null } | undefined {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || !anyOf.some((item) => isRecord(item) && item.type === 'number')) return undefined;
  for (const item of anyOf) {
    if (isRecord(item) && item.type === 'string' && typeof item.pattern === 'string') {
      const match = /\\d\{0,(\d+)\}/.exec(item.pattern);
      return { places: match ? Number(match[1]) : null };
    }
  }
  return undefined;
}

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** Python `float(Decimal(text).quantize(10**-places, ROUND_HALF_UP))`; unbounded when `places` is null. */
export function roundDecimalHalfUp(text: string, places: number | null): number {
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '') || places === null) return Number(text.trim());
  const [, sign, intPart, fracPart = '', expPart = '0'] = match;
  const digits = `${intPart}${fracPart}`.replace(/^0+(?=\d)/, '') || '0';
  const exponent = Number(expPart) - fracPart.length;
  if (-exponent <= places) return Number(`${sign}${digits}e${exponent}`);
  const drop = -exponent - places;
  const padded = digits.padStart(drop + 1, '0');
  let kept = BigInt(padded.slice(0, padded.length - drop));
  if (Number(padded[padded.length - drop]) >= 5) kept += 1n;
  return Number(`${sign}${kept.toString()}e-${places}`);
}

function normalize(value: unknown, node: unknown, root: JsonSchema, depth: number): unknown {
  if (!isRecord(node) || depth > 64) return value;
  let schema = node;
  if (typeof schema.$ref === 'string') schema = { ...(resolveLocalRef(root, schema.$ref) ?? {}), ...schema, $ref: undefined };
  if ((typeof value === 'number' || typeof value === 'string') && !(typeof value === 'number' && !Number.isFinite(value))) {
    const info = decimalInfo(schema);
    return info ? roundDecimalHalfUp(String(value), info.places) : value;
  }
  if (Array.isArray(value)) {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    return value.map((item, index) => normalize(item, index < prefix.length ? prefix[index] : schema.items, root, depth + 1));
  }
  if (isRecord(value)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    let merged = properties;
    if (Array.isArray(schema.allOf)) {
      for (const member of schema.allOf) {
        const resolved = isRecord(member) && typeof member.$ref === 'string' ? resolveLocalRef(root, member.$ref) : member;
        if (isRecord(resolved) && isRecord(resolved.properties)) merged = { ...resolved.properties, ...merged };
      }
    }
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(merged, key)) value[key] = normalize(item, merged[key], root, depth + 1);
    }
  }
  return value;
}

/**
 * True when some node of `schema` (anywhere, `$defs` included) is a Decimal-like field: without one,
 * `normalizeDecimalFields` never changes a value, so a validator can skip it.
 */
export function hasDecimalFields(schema: unknown, depth = 0): boolean {
  if (depth > 256) return true; // too deep to tell: keep normalizing
  if (Array.isArray(schema)) return schema.some((item) => hasDecimalFields(item, depth + 1));
  if (!isRecord(schema)) return false;
  if (decimalInfo(schema) !== undefined) return true;
  return Object.values(schema).some((item) => hasDecimalFields(item, depth + 1));
}

/**
 * Converts Decimal-like fields (see `decimalInfo`) of a validated value to numbers rounded half-up
 * to their declared places, following `properties`, `items`, `allOf` and `$ref`. Mutates objects in place.
 */
export function normalizeDecimalFields(value: unknown, schema: JsonSchema): unknown {
  return normalize(value, schema, schema, 0);
}
