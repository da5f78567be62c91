import { discriminatorOf } from './discriminated-one-of.js';
import { cloneJson, isRecord, type JsonSchema, type RefResolver, resolveLocalRef } from './json-schema-types.js';

/** Tells whether a value is valid against one branch (`anyOf` / `oneOf`) of the root schema. */
export type BranchMatcher = (value: unknown, branch: JsonSchema) => boolean;

function schemaAt(node: unknown): JsonSchema | undefined {
  if (!isRecord(node)) return undefined;
  return node;
}

/** Property names a node (with its `$ref` target and `allOf` members) declares. */
function declaredKeys(resolve: RefResolver, node: JsonSchema, depth = 0): Set<string> {
  const keys = new Set<string>(isRecord(node.properties) ? Object.keys(node.properties) : []);
  if (depth > 16) return keys;
  const parts: JsonSchema[] = [];
  if (typeof node.$ref === 'string') {
    const target = resolve(node.$ref);
    if (target) parts.push(target);
  }
  if (Array.isArray(node.allOf)) for (const member of node.allOf) if (isRecord(member)) parts.push(member);
  for (const part of parts) for (const key of declaredKeys(resolve, part, depth + 1)) keys.add(key);
  return keys;
}

function matchesPattern(key: string, node: JsonSchema): boolean {
  if (!isRecord(node.patternProperties)) return false;
  return Object.keys(node.patternProperties).some((pattern) => {
    try {
      return new RegExp(pattern, 'u').test(key);
    } catch {
      return false;
    }
  });
}

function pruneNode(value: unknown, node: unknown, resolve: RefResolver, matches: BranchMatcher, inherited: ReadonlySet<string>, depth: number): void {
  const schema = schemaAt(node);
  if (!schema || depth > 64 || typeof value !== 'object' || value === null) return;
  const allowed = new Set([...inherited, ...declaredKeys(resolve, schema)]);

  if (typeof schema.$ref === 'string') {
    const target = resolve(schema.$ref);
    if (target) pruneNode(value, target, resolve, matches, allowed, depth + 1);
  }
  if (Array.isArray(schema.allOf)) for (const member of schema.allOf) pruneNode(value, member, resolve, matches, allowed, depth + 1);

  const discriminator = discriminatorOf(schema);
  if (discriminator && isRecord(value)) {
    const tag = value[discriminator.property];
    const ref = typeof tag === 'string' ? discriminator.mapping[tag] : undefined;
    if (ref) pruneNode(value, { $ref: ref }, resolve, matches, inherited, depth + 1);
  } else {
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches)) continue;
      // Prune with the first branch whose pruned copy validates; leave the value alone otherwise.
      for (const branch of branches) {
        const copy = cloneJson(value);
        pruneNode(copy, branch, resolve, matches, inherited, depth + 1);
        if (matches(copy, branch as JsonSchema)) {
          pruneNode(value, branch, resolve, matches, inherited, depth + 1);
          break;
        }
      }
    }
  }

  if (Array.isArray(value)) {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    value.forEach((item, index) => {
      pruneNode(item, index < prefix.length ? prefix[index] : schema.items, resolve, matches, new Set(), depth + 1);
    });
    return;
  }
  if (!isRecord(value)) return;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(properties, key)) {
      pruneNode(value[key], properties[key], resolve, matches, new Set(), depth + 1);
    } else if (schema.additionalProperties === false && !allowed.has(key) && !matchesPattern(key, schema)) {
      delete value[key];
    } else if (isRecord(schema.additionalProperties) && !allowed.has(key)) {
      pruneNode(value[key], schema.additionalProperties, resolve, matches, new Set(), depth + 1);
    }
  }
}

/**
 * Deletes, in place, the properties of `value` that an object schema with `additionalProperties:
 * false` does not declare (pruning instead of failing). Follows `$ref`, `allOf` (keys of all members
 * count), discriminated `oneOf` (the mapped variant only) and `anyOf` / `oneOf` (the first branch
 * that validates after pruning). `resolve` answers `$ref`s (default: `resolveLocalRef` against `schema`;
 * a compiled validator passes a `cachedRefResolver`).
 */
export function pruneAdditionalProperties(
  value: unknown,
  schema: JsonSchema,
  matches: BranchMatcher,
  resolve: RefResolver = (ref) => resolveLocalRef(schema, ref),
): void {
  pruneNode(value, schema, resolve, matches, new Set(), 0);
}
