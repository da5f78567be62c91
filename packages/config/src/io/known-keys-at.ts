import type { ZodInternals } from './zod-internals.js';

/** A schema and the value it sees (after the preprocessing steps passed on the way). */
interface Position {
  schema: ZodInternals | undefined;
  value: unknown;
}

/** A preprocess step's effect on the value (e.g. the sampler shorthand injecting `sampler_type`). */
function preprocessed(transform: ZodInternals, value: unknown): unknown {
  const fn = transform._zod.def.transform;
  if (!fn) return value;
  try {
    const result = fn(value, { value, issues: [], addIssue: () => undefined });
    return result instanceof Promise ? value : result;
  } catch {
    return value;
  }
}

function unwrap(position: Position): Position {
  let { schema: current, value } = position;
  for (let guard = 0; current && guard < 20; guard += 1) {
    const def = current._zod.def;
    if (def.type === 'object' || def.type === 'array' || def.type === 'union' || def.type === 'record') return { schema: current, value };
    if (def.type === 'pipe' && def.in?._zod.def.type === 'transform' && def.out) {
      // `z.preprocess(fn, schema)`: the schema validates what fn returns.
      value = preprocessed(def.in, value);
      current = def.out;
      continue;
    }
    // A pipe ending in a transform (`.transform()`) validates with its input schema.
    current = def.innerType ?? (def.out && def.out._zod.def.type !== 'transform' ? def.out : def.in);
  }
  return { schema: current, value };
}

function pickBranch(union: ZodInternals, value: unknown): ZodInternals | undefined {
  const def = union._zod.def;
  const options = def.options ?? [];
  if (def.discriminator && value && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    for (const option of options) {
      const shape = unwrap({ schema: option, value }).schema?._zod.def.shape;
      const literal = shape?.[def.discriminator] as { _zod: { def: { values?: unknown[] } } } | undefined;
      if (literal?._zod.def.values?.includes(tag)) return option;
    }
    // An unknown or missing tag: no branch's fields are the right ones to suggest.
    return undefined;
  }
  return options.find((option) => unwrap({ schema: option, value }).schema?._zod.def.type === 'object');
}

function child(value: unknown, segment: PropertyKey): unknown {
  return value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
}

/**
 * The field names an object schema allows at `path` of `input` (for "did you mean" suggestions).
 * Preprocessing on the way (the sampler and validator shorthands) is applied to the input, so a
 * sampler's params are matched to the branch of its own `sampler_type`.
 */
export function knownKeysAt(schema: unknown, input: unknown, path: ReadonlyArray<PropertyKey>): string[] | undefined {
  let position = unwrap({ schema: schema as ZodInternals, value: input });
  for (const segment of path) {
    if (!position.schema) return undefined;
    if (position.schema._zod.def.type === 'union') position = unwrap({ schema: pickBranch(position.schema, position.value), value: position.value });
    const def = position.schema?._zod.def;
    if (!def) return undefined;
    const value = child(position.value, segment);
    if (def.type === 'object') position = unwrap({ schema: def.shape?.[String(segment)], value });
    else if (def.type === 'array') position = unwrap({ schema: def.element, value });
    else if (def.type === 'record') position = unwrap({ schema: def.valueType, value });
    else return undefined;
  }
  if (position.schema?._zod.def.type === 'union') position = unwrap({ schema: pickBranch(position.schema, position.value), value: position.value });
  const shape = position.schema?._zod.def.shape;
  return shape ? Object.keys(shape) : undefined;
}
