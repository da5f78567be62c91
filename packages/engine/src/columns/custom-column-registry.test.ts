import type { Row } from './column-generator.js';
import { customColumnGenerator, isCustomColumnFunction, resolveCustomColumnFunction } from './custom-column-generator.js';
import { clearCustomColumnRegistry, registerCustomColumnFunction, registeredCustomColumnFunctions } from './custom-column-registry.js';

afterEach(() => clearCustomColumnRegistry());

describe('custom column registry', () => {
  it('registers, lists (sorted) and resolves functions', () => {
    const wrapped = customColumnGenerator((row: Row) => row.a, { requiredColumns: ['a'] });
    registerCustomColumnFunction('zeta', wrapped);
    registerCustomColumnFunction('alpha', () => 1);
    expect(registeredCustomColumnFunctions()).toEqual(['alpha', 'zeta']);
    expect(resolveCustomColumnFunction('zeta')).toBe(wrapped);
    const plain = resolveCustomColumnFunction('alpha');
    expect(isCustomColumnFunction(plain)).toBe(true);
    expect(plain?.strategy).toBe('cell_by_cell');
    expect(resolveCustomColumnFunction('missing')).toBeUndefined();
  });

  it('lets a later registration replace an earlier one', () => {
    const first = customColumnGenerator(() => 1);
    const second = customColumnGenerator(() => 2);
    registerCustomColumnFunction('f', first);
    registerCustomColumnFunction('f', second);
    expect(resolveCustomColumnFunction('f')).toBe(second);
  });

  it('is shared through globalThis, so another copy of the module sees it', () => {
    registerCustomColumnFunction('shared', () => 1);
    const key = Symbol.for('dd.engine.customColumnRegistry');
    const map = (globalThis as unknown as Record<symbol, Map<string, unknown>>)[key];
    expect(map?.has('shared')).toBe(true);
  });

  it('clears', () => {
    registerCustomColumnFunction('x', () => 1);
    clearCustomColumnRegistry();
    expect(registeredCustomColumnFunctions()).toEqual([]);
  });

  it('validates its arguments', () => {
    expect(() => registerCustomColumnFunction('', () => 1)).toThrow(/non-empty/);
    expect(() => registerCustomColumnFunction('x', 'nope' as unknown as () => unknown)).toThrow(/expected a function/);
  });
});
