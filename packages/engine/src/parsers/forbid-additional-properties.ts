import { cloneJson, isRecord, type JsonSchema } from './json-schema-types.js';

const CHILD_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const CHILD_SCHEMAS = ['not', 'if', 'then', 'else', 'items', 'contains', 'additionalItems', 'unevaluatedItems'];

/** `{"type": "object"}` optionally with a `title`: a free-form dictionary. */
function isBareObjectSchema(node: JsonSchema): boolean {
  const keys = Object.keys(node);
  return node.type === 'object' && (keys.length === 1 || (keys.length === 2 && 'title' in node));
}

function enforce(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(enforce);
    return;
  }
  if (!isRecord(node)) return;
  if (node.type === 'object' || 'properties' in node) {
    // A schema-valued additionalProperties (a typed map) is kept; booleans are overridden.
    if (!isRecord(node.additionalProperties)) node.additionalProperties = isBareObjectSchema(node);
  }
  for (const key of CHILD_MAPS) if (isRecord(node[key])) Object.values(node[key]).forEach(enforce);
  for (const key of CHILD_LISTS) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach(enforce);
  for (const key of CHILD_SCHEMAS) enforce(node[key]);
  if (isRecord(node.additionalProperties)) enforce(node.additionalProperties);
}

/**
 * A copy of `schema` where every object schema forbids unknown properties (`additionalProperties:
 * false`), except bare `{"type": "object"}` schemas, which allow anything.
 */
export function forbidAdditionalProperties(schema: JsonSchema): JsonSchema {
  const copy = cloneJson(schema);
  enforce(copy);
  return copy;
}
