import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { generateSchemaInstance } from './generate-schema-instance.js';

const ajv = new Ajv2020({ strict: false, validateFormats: false });

function expectValid(schema: Record<string, unknown>): unknown {
  const instance = generateSchemaInstance(schema);
  const validate = ajv.compile(schema);
  const valid = validate(instance);
  expect(valid ? true : validate.errors).toBe(true);
  return instance;
}

describe('generateSchemaInstance', () => {
  it('fills objects with example strings, numbers, booleans and arrays', () => {
    const instance = expectValid({
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer', minimum: 18, maximum: 99 },
        score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        active: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2, uniqueItems: true },
        nothing: { type: 'null' },
      },
      required: ['name', 'age', 'score', 'active', 'tags'],
      additionalProperties: false,
    });
    expect(instance).toEqual({ name: 'example name', age: 18, score: 0.5, active: false, tags: ['example tags', 'example tags 2'], nothing: null });
  });

  it('resolves $defs/$ref, enums, const, anyOf and oneOf first branches', () => {
    const instance = expectValid({
      $defs: {
        Level: { enum: ['low', 'high'], type: 'string' },
        Item: { type: 'object', properties: { level: { $ref: '#/$defs/Level' }, kind: { const: 'item' } }, required: ['level', 'kind'] },
      },
      type: 'object',
      properties: {
        item: { $ref: '#/$defs/Item' },
        maybe: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
        choice: { oneOf: [{ type: 'integer', multipleOf: 5, minimum: 3 }, { type: 'string' }] },
        nested: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } } }] },
      },
      required: ['item', 'maybe', 'choice', 'nested'],
    });
    expect(instance).toEqual({ item: { level: 'low', kind: 'item' }, maybe: '2024-01-01', choice: 5, nested: { a: 'example a', b: 0 } });
  });

  it('satisfies a Pydantic judge schema', () => {
    expectValid({
      $defs: {
        QualityEnum: { enum: [1, 2, 3], title: 'QualityEnum', type: 'integer' },
        Quality: {
          type: 'object',
          properties: { reasoning: { type: 'string', description: 'Reasoning for the assigned score.' }, score: { $ref: '#/$defs/QualityEnum' } },
          required: ['reasoning', 'score'],
        },
      },
      properties: { Quality: { $ref: '#/$defs/Quality' } },
      required: ['Quality'],
      title: 'JudgeStructuredOutput',
      type: 'object',
    });
  });

  it('handles string lengths, patterns, nullable type lists and recursive refs', () => {
    expectValid({
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]+$' },
        short: { type: 'string', maxLength: 3 },
        long: { type: 'string', minLength: 30 },
        amount: { type: ['number', 'null'], maximum: -2 },
        tree: { $ref: '#/$defs/Node' },
      },
      required: ['code', 'short', 'long', 'amount', 'tree'],
      $defs: { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } },
    });
  });
});
