import { hash } from 'node:crypto';

/** Canonical JSON: object keys sorted, `undefined` members dropped, bigint as string. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON of an input (how resume recognizes an unchanged input). */
export function hashInput(input: unknown): string {
  // One-shot `hash` (Node 20.12+): the same digest as a Hash object, about twice as fast for short texts.
  return `sha256:${hash('sha256', canonicalJson(input), 'hex')}`;
}

/**
 * The input hashes of a run, each computed once on first request: a run asks for an input's hash when
 * it first dispatches the input (before the function can see, or change, it), so a job of many inputs
 * does not hash them all before its first call.
 */
export class InputHashes {
  private readonly values: Array<string | undefined>;

  /** `known[i]`, when given, is the hash of `inputs[i]` already computed. */
  constructor(
    private readonly inputs: readonly unknown[],
    known: readonly (string | undefined)[] = [],
  ) {
    this.values = [...known];
  }

  /** `hashInput(inputs[index])`, computed on the first call for that index. */
  at(index: number): string {
    let hash = this.values[index];
    if (hash === undefined) {
      hash = hashInput(this.inputs[index]);
      this.values[index] = hash;
    }
    return hash;
  }
}
