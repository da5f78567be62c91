/** zod 4 internals read to list an object schema's keys. */
interface ZodLike {
  _zod: { def: { type: string; shape?: Record<string, ZodLike>; element?: ZodLike; options?: ZodLike[]; discriminator?: string; innerType?: ZodLike; in?: ZodLike; out?: ZodLike; valueType?: ZodLike } };
  safeParse?: (value: unknown) => { success: boolean };
}

function unwrap(schema: ZodLike | undefined): ZodLike | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 20; guard += 1) {
    const def = current._zod.def;
    if (def.type === 'object' || def.type === 'array' || def.type === 'union' || def.type === 'record') return current;
    // A pipe ending in a transform (`.transform()`) validates with its input schema.
    current = def.innerType ?? (def.out && def.out._zod.def.type !== 'transform' ? def.out : def.in);
  }
  return current;
}

function pickBranch(union: ZodLike, value: unknown): ZodLike | undefined {
  const def = union._zod.def;
  const options = def.options ?? [];
  if (def.discriminator && value && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    for (const option of options) {
      const shape = unwrap(option)?._zod.def.shape;
      const literal = shape?.[def.discriminator] as { _zod: { def: { values?: unknown[] } } } | undefined;
      if (literal?._zod.def.values?.includes(tag)) return option;
    }
  }
  return options.find((option) => unwrap(option)?._zod.def.type === 'object');
}

/** The field names an object schema allows at `path` of `input` (for "did you mean" suggestions). */
export function knownKeysAt(schema: unknown, input: unknown, path: ReadonlyArray<PropertyKey>): string[] | undefined {
  let current = unwrap(schema as ZodLike);
  let value: unknown = input;
  for (const segment of path) {
    if (!current) return undefined;
    if (current._zod.def.type === 'union') current = unwrap(pickBranch(current, value));
    const def = current?._zod.def;
    if (!def) return undefined;
    if (def.type === 'object') current = unwrap(def.shape?.[String(segment)]);
    else if (def.type === 'array') current = unwrap(def.element);
    else if (def.type === 'record') current = unwrap(def.valueType);
    else return undefined;
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  if (current?._zod.def.type === 'union') current = unwrap(pickBranch(current, value));
  const shape = current?._zod.def.shape;
  return shape ? Object.keys(shape) : undefined;
}
