/**
 * Deterministic minimal instances of JSON Schemas, used by the default chat responder to answer
 * structured-output prompts offline.
 */

type SchemaObject = Record<string, unknown>;

/** Nesting depth after which optional properties are left out (guards recursive `$ref`s). */
const MAX_DEPTH = 8;

const FORMAT_EXAMPLES: Record<string, string> = {
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  time: '00:00:00',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  'uri-reference': 'https://example.com',
  iri: 'https://example.com',
  hostname: 'example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  ipv6: '::1',
};

const PATTERN_CANDIDATES = ['0', '1', '1.0', 'a', 'A', 'abc', 'ABC', 'example', 'a1', '2024-01-01', 'x@y.z'];

interface Walk {
  root: unknown;
  name: string;
  index: number;
  depth: number;
}

const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns a minimal value satisfying the schema (objects get every declared property, strings read `example <prop>`). */
export function generateSchemaInstance(schema: unknown): unknown {
  return generate(schema, { root: schema, name: '', index: 0, depth: 0 });
}

function generate(schema: unknown, walk: Walk): unknown {
  if (schema === true || schema === undefined) return exampleString(walk);
  if (!isObject(schema)) return null;
  if (typeof schema.$ref === 'string') {
    if (walk.depth > MAX_DEPTH * 2) return null;
    const { $ref, ...rest } = schema;
    const target = resolveRef(walk.root, $ref);
    return generate({ ...(isObject(target) ? target : {}), ...rest }, { ...walk, depth: walk.depth + 1 });
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[walk.index % schema.enum.length];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const { [key]: _ignored, ...rest } = schema;
      return generate(mergeSchemas(rest, branches[0]), walk);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return generate(
      allOf.reduce<SchemaObject>((merged, part) => mergeSchemas(merged, resolveDeep(walk.root, part)), rest),
      walk,
    );
  }
  switch (pickType(schema)) {
    case 'object':
      return generateObject(schema, walk);
    case 'array':
      return generateArray(schema, walk);
    case 'integer':
      return generateNumber(schema, true, walk.index);
    case 'number':
      return generateNumber(schema, false, walk.index);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return generateString(schema, walk);
  }
}

function pickType(schema: SchemaObject): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const concrete = type.find((entry) => entry !== 'null');
    return typeof concrete === 'string' ? concrete : 'null';
  }
  if (isObject(schema.properties) || Array.isArray(schema.required) || 'additionalProperties' in schema) return 'object';
  if ('items' in schema || 'prefixItems' in schema) return 'array';
  if ('minimum' in schema || 'maximum' in schema || 'multipleOf' in schema) return 'number';
  return 'string';
}

function generateObject(schema: SchemaObject, walk: Walk): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === 'string') : []);
  const result: Record<string, unknown> = {};
  for (const [key, propertySchema] of Object.entries(properties)) {
    if (walk.depth >= MAX_DEPTH && !required.has(key)) continue;
    result[key] = generate(propertySchema, { root: walk.root, name: key, index: 0, depth: walk.depth + 1 });
  }
  for (const key of required) {
    if (!(key in result)) result[key] = exampleString({ ...walk, name: key, index: 0 });
  }
  return result;
}

function generateArray(schema: SchemaObject, walk: Walk): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
  const count = Math.min(Math.max(minItems, prefix.length, 1), maxItems);
  const items: unknown[] = [];
  for (let index = 0; index < count; index += 1) {
    const itemSchema = index < prefix.length ? prefix[index] : schema.items;
    items.push(generate(itemSchema, { root: walk.root, name: walk.name, index, depth: walk.depth + 1 }));
  }
  return items;
}

function generateNumber(schema: SchemaObject, integer: boolean, index: number): number {
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : undefined;
  const exclusiveMinimum = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMaximum = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let low = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  let high = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (exclusiveMinimum !== undefined) {
    const bumped = exclusiveMinimum + (step ?? (exclusiveMaximum !== undefined ? (exclusiveMaximum - exclusiveMinimum) / 2 : 1));
    low = low === undefined ? bumped : Math.max(low, bumped);
  }
  if (exclusiveMaximum !== undefined) {
    const lowered = exclusiveMaximum - (step ?? (low !== undefined ? (exclusiveMaximum - low) / 2 : 1));
    high = high === undefined ? lowered : Math.min(high, lowered);
  }
  let value = (low !== undefined && low > 0) || (high !== undefined && high < 0) ? (low ?? high ?? 0) : 0;
  value += index * (step ?? 1);
  if (step !== undefined) value = Math.ceil(value / step - 1e-9) * step;
  if (integer) value = Math.ceil(value);
  if (high !== undefined && value > high) value = step !== undefined ? Math.floor(high / step + 1e-9) * step : high;
  if (low !== undefined && value < low) value = low;
  return Number(value.toFixed(10));
}

function generateString(schema: SchemaObject, walk: Walk): string {
  const format = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  let value = format ?? exampleString(walk);
  if (typeof schema.pattern === 'string') value = satisfyPattern(schema.pattern, value);
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (value.length < minLength) value = value.padEnd(minLength, 'x');
  if (value.length > maxLength) value = value.slice(0, maxLength);
  return value;
}

function satisfyPattern(pattern: string, preferred: string): string {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    return preferred;
  }
  return [preferred, ...PATTERN_CANDIDATES].find((candidate) => regex.test(candidate)) ?? preferred;
}

function exampleString(walk: Walk): string {
  const base = walk.name === '' ? 'example' : `example ${walk.name}`;
  return walk.index > 0 ? `${base} ${walk.index + 1}` : base;
}

function mergeSchemas(base: SchemaObject, extra: unknown): SchemaObject {
  if (!isObject(extra)) return base;
  const merged: SchemaObject = { ...base, ...extra };
  if (isObject(base.properties) || isObject(extra.properties)) {
    merged.properties = { ...(isObject(base.properties) ? base.properties : {}), ...(isObject(extra.properties) ? extra.properties : {}) };
  }
  if (Array.isArray(base.required) || Array.isArray(extra.required)) {
    merged.required = [...new Set([...(Array.isArray(base.required) ? base.required : []), ...(Array.isArray(extra.required) ? extra.required : [])])];
  }
  return merged;
}

function resolveDeep(root: unknown, schema: unknown): unknown {
  let current = schema;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < MAX_DEPTH; hops += 1) {
    const { $ref, ...rest } = current;
    const target = resolveRef(root, $ref);
    current = { ...(isObject(target) ? target : {}), ...rest };
  }
  return current;
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const segments = ref
    .slice(1)
    .split('/')
    .filter((segment) => segment !== '');
  let current: unknown = root;
  for (const segment of segments) {
    const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
