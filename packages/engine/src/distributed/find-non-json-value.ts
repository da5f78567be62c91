/**
 * Where `value` stops being plain JSON (what a queued factory's inputs must be, since they travel
 * through Redis as JSON): returns a path and a description of the first offending value, or undefined.
 * Rejects `undefined`, functions, symbols, bigints, non-finite numbers, class instances (Date, Map, …),
 * sparse arrays and cycles: each would arrive at the worker as something else, or not at all.
 */
export function findNonJsonValue(value: unknown, path = '', seen: Set<object> = new Set()): { path: string; what: string } | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path, what: String(value) };
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      return { path, what: typeof value === 'function' ? 'a function' : typeof value };
    default:
      break;
  }
  if (value === null) return undefined;
  const object = value as object;
  if (seen.has(object)) return { path, what: 'a circular reference' };
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (let position = 0; position < object.length; position++) {
        if (!(position in object)) return { path: `${path}[${position}]`, what: 'a hole of a sparse array' };
        const found = findNonJsonValue(object[position], `${path}[${position}]`, seen);
        if (found) return found;
      }
      return undefined;
    }
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      return { path, what: `a ${(object as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'}` };
    }
    for (const [key, member] of Object.entries(object)) {
      const found = findNonJsonValue(member, path === '' ? key : `${path}.${key}`, seen);
      if (found) return found;
    }
    return undefined;
  } finally {
    seen.delete(object);
  }
}
