import { describe, expect, it } from '@jest/globals';
import { NamedRegistry } from './named-registry.js';

describe('NamedRegistry (the one process-global registry of named functions)', () => {
  const builtin = () => 'builtin';
  it('registers, replaces, lists sorted, resets to the built-ins', () => {
    const registry = new NamedRegistry<() => string>({ key: `test-${Math.random()}`, registerFunction: 'registerThing', builtins: [['b', builtin]] });
    registry.register('a', () => 'a1');
    registry.register('a', () => 'a2');
    expect(registry.get('a')?.()).toBe('a2');
    expect(registry.names()).toEqual(['a', 'b']);
    registry.reset();
    expect(registry.names()).toEqual(['b']);
    expect(registry.get('b')).toBe(builtin);
  });
  it('is shared by every instance with the same key (other copies of the engine)', () => {
    const key = `shared-${Math.random()}`;
    new NamedRegistry<() => number>({ key, registerFunction: 'r' }).register('x', () => 1);
    expect(new NamedRegistry<() => number>({ key, registerFunction: 'r' }).get('x')?.()).toBe(1);
  });
  it('refuses empty names and non-functions, naming the public function', () => {
    const registry = new NamedRegistry<() => void>({ key: `bad-${Math.random()}`, registerFunction: 'registerValidationFunction' });
    expect(() => registry.register(' ', () => undefined)).toThrow('registerValidationFunction: name must be a non-empty string.');
    expect(() => registry.register('x', 3 as unknown as () => void)).toThrow("registerValidationFunction('x'): expected a function.");
  });
});
