import type { z } from 'zod';
import { floatField, intField, numberFieldInfo } from './number-field.js';

describe('number fields', () => {
  it('accepts numeric strings like pydantic lax mode', () => {
    expect(floatField().parse('0.5')).toBe(0.5);
    expect(intField().parse('3')).toBe(3);
    expect(() => floatField().parse('abc')).toThrow();
    expect(() => floatField().parse(null)).toThrow();
  });

  it('enforces bounds and integrality', () => {
    expect(() => floatField({ gt: 0 }).parse(0)).toThrow();
    expect(floatField({ ge: 0, le: 1 }).parse(1)).toBe(1);
    expect(() => intField().parse(2.5)).toThrow();
    expect(intField().parse(5.0)).toBe(5);
  });

  it('remembers the kind through wrappers', () => {
    const field = floatField();
    const wrapped = field.nullable().default(null);
    expect(numberFieldInfo(field)).toEqual({ kind: 'float', bounds: {} });
    expect(numberFieldInfo(wrapped)).toBeUndefined();
    expect(numberFieldInfo((wrapped as unknown as { _zod: { def: { innerType: z.ZodType } } })._zod.def.innerType)).toBeUndefined();
  });
});
