import { isRecord, type JsonSchema } from './json-schema-types.js';

/** `discriminator.propertyName` and `discriminator.mapping` of a `oneOf` node, when both are present. */
export function discriminatorOf(node: JsonSchema): { property: string; mapping: Record<string, string> } | undefined {
  const discriminator = node.discriminator;
  if (!Array.isArray(node.oneOf) || !isRecord(discriminator)) return undefined;
  const property = discriminator.propertyName;
  const mapping = discriminator.mapping;
  if (typeof property !== 'string' || !isRecord(mapping)) return undefined;
  const refs = Object.entries(mapping).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return refs.length > 0 ? { property, mapping: Object.fromEntries(refs) } : undefined;
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isRecord(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node))
    out[key] = key === 'enum' || key === 'const' || key === 'default' || key === 'examples' ? value : rewrite(value);
  const found = discriminatorOf(out);
  if (!found) return out;
  const { property, mapping } = found;
  delete out.oneOf;
  delete out.discriminator;
  const tags = Object.keys(mapping);
  const branches = tags.map((tag) => ({
    if: { properties: { [property]: { const: tag } }, required: [property] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
    then: { $ref: mapping[tag] },
  }));
  out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { required: [property], properties: { [property]: { enum: tags } } }, ...branches];
  return out;
}

/**
 * Rewrites `oneOf` + `discriminator.mapping` nodes into `if`/`then` branches so only the variant
 * named by the discriminator value is validated (plain `oneOf` would try every variant).
 */
export function rewriteDiscriminatedOneOf(schema: JsonSchema): JsonSchema {
  return rewrite(schema) as JsonSchema;
}
