import { hasDecimalFields, normalizeDecimalFields } from './decimal-fields.js';
import { createJsonSchemaValidator } from './json-schema-validator.js';

/** A Pydantic `Decimal` field with 2 places, as Pydantic writes it into a JSON schema. */
const DECIMAL_2 = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d{0,2}0*$' }] };

describe('hasDecimalFields', () => {
  it('finds a Decimal field anywhere, $defs included, and nothing in a schema without one', () => {
    expect(hasDecimalFields({ type: 'object', properties: { price: DECIMAL_2 } })).toBe(true);
    expect(hasDecimalFields({ $defs: { Item: { properties: { price: DECIMAL_2 } } }, properties: { item: { $ref: '#/$defs/Item' } } })).toBe(true);
    expect(hasDecimalFields({ type: 'array', prefixItems: [{ type: 'string' }, DECIMAL_2] })).toBe(true);
    expect(
      hasDecimalFields({
        type: 'object',
        properties: { name: { type: 'string' }, score: { enum: ['1', '2'] }, n: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
      }),
    ).toBe(false);
  });

  it('decides whether the validator normalizes: Decimal fields behind a $ref still round, other values stay as parsed', () => {
    const withDecimal = createJsonSchemaValidator({
      $defs: { Item: { type: 'object', properties: { price: DECIMAL_2 } } },
      type: 'object',
      properties: { item: { $ref: '#/$defs/Item' } },
    });
    expect(withDecimal({ item: { price: 1.005 } })).toEqual({ item: { price: 1.01 } });
    expect(withDecimal({ item: { price: '1.50' } })).toEqual({ item: { price: 1.5 } });
    expect(normalizeDecimalFields({ price: '2.345' }, { properties: { price: DECIMAL_2 } })).toEqual({ price: 2.35 });
    const plain = createJsonSchemaValidator({ type: 'object', properties: { price: { anyOf: [{ type: 'number' }, { type: 'string' }] } } });
    expect(plain({ price: 1.005 })).toEqual({ price: 1.005 });
    expect(plain({ price: '1.50' })).toEqual({ price: '1.50' });
  });
});
