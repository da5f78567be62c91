import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';

type Factory = (options: object) => (...params: number[]) => number;
const bundle = createRequire(import.meta.url)('../../vendor/stdlib/random-base.cjs') as Record<string, { factory: Factory }>;

describe('vendored @stdlib distributions', () => {
  it('inspect the options they are given without writing to any object (no Symbol.toStringTag probe)', () => {
    // The probing `nativeClass` wrote and deleted `Symbol.toStringTag` on the options' constructor:
    // for ordinary options that is the global `Object`, which deoptimized every function reading
    // `Object.*` once per row group. A recording constructor stands in for `Object` here.
    const writes: string[] = [];
    const record = (what: string, key: string | symbol): true => {
      writes.push(`${what} ${String(key)}`);
      return true;
    };
    const recorder: ProxyHandler<() => void> = {
      set: (target, key, value) => record('set', key) && Reflect.set(target, key, value),
      defineProperty: (target, key, descriptor) => record('define', key) && Reflect.defineProperty(target, key, descriptor),
      deleteProperty: (target, key) => record('delete', key) && Reflect.deleteProperty(target, key),
    };
    const proto = {};
    Object.defineProperty(proto, 'constructor', { value: new Proxy(function Options() {}, recorder) });
    Object.defineProperty(proto, 'isPrototypeOf', { value: Object.prototype.isPrototypeOf });
    const options = Object.assign(Object.create(proto) as object, { prng: () => 0.25 });

    const draws = [bundle.normal, bundle.gamma, bundle.poisson, bundle.exponential].map((d) => d?.factory(options)(2, 1));

    expect(writes).toEqual([]);
    for (const value of draws) expect(Number.isFinite(value)).toBe(true);
  });
});
