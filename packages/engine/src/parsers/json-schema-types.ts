/** A JSON Schema node (draft 2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

/** True for plain objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of JSON-like data. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** Resolves a local `$ref` (`#/$defs/X`, any JSON pointer into `root`); undefined when it does not resolve. */
export function resolveLocalRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isRecord(node)) node = node[key];
    else return undefined;
  }
  return isRecord(node) ? node : undefined;
}

/** Resolves a local `$ref` against one root schema (see `resolveLocalRef`). */
export type RefResolver = (ref: string) => JsonSchema | undefined;

/**
 * `resolveLocalRef` bound to `root`, remembering each answer: for a root nobody changes any more (a compiled
 * validator's own copy), where the same few refs are resolved for every value checked.
 */
export function cachedRefResolver(root: JsonSchema): RefResolver {
  const known = new Map<string, JsonSchema | undefined>();
  return (ref) => {
    if (known.has(ref)) return known.get(ref);
    const target = resolveLocalRef(root, ref);
    known.set(ref, target);
    return target;
  };
}
