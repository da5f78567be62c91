import { ResponseParseError } from '../models/response-parse-error.js';
import { createStructuredResponseParser, forbidAdditionalProperties, roundDecimalHalfUp, validateJsonSchema } from './index.js';

const person = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' } } } } },
  required: ['name', 'age'],
};

function parseError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(ResponseParseError.isInstance(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a parse error');
}

describe('createStructuredResponseParser', () => {
  const parse = createStructuredResponseParser(person);

  it('repairs JSON and takes the last json fence', () => {
    const reply = "```json\n{\"name\": \"old\", \"age\": 1}\n```\nthen\n```json\n{'name': 'Ana', 'age': 30, 'tags': [{'k': 'a',},],}\n```";
    expect(parse(reply)).toEqual({ name: 'Ana', age: 30, tags: [{ k: 'a' }] });
  });

  it('ignores fences not labelled exactly json', () => {
    expect(parseError(() => parse('```JSON\n{"name": "x", "age": 1}\n```')).message).toBe('No parsable JSON structure within ```json markdown fence.');
  });

  it('prunes unknown keys at every level', () => {
    expect(parse('```json\n{"name": "a", "age": 2, "extra": 1, "tags": [{"k": "v", "z": 0}]}\n```')).toEqual({ name: 'a', age: 2, tags: [{ k: 'v' }] });
  });

  it('reports schema mismatches with the response_schema prefix', () => {
    const message = parseError(() => parse('```json\n{"name": "a", "age": "old"}\n```')).message;
    expect(message.startsWith("Response doesn't match requested <response_schema>\n")).toBe(true);
    expect(message).toContain('$.age: must be integer');
    expect(parseError(() => parse('```json\n{"age": 3}\n```')).message).toContain("missing required property 'name'");
  });
});

describe('validateJsonSchema', () => {
  it('leaves bare object schemas open and keeps typed maps', () => {
    const schema = { type: 'object', properties: { free: { type: 'object' }, map: { type: 'object', additionalProperties: { type: 'integer' } } } };
    expect(validateJsonSchema({ free: { any: 1 }, map: { a: 1, b: 2 } }, schema)).toEqual({ free: { any: 1 }, map: { a: 1, b: 2 } });
    expect(forbidAdditionalProperties(schema)).toMatchObject({ additionalProperties: false, properties: { free: { additionalProperties: true } } });
  });

  it('validates only the variant a discriminator maps to', () => {
    const schema = {
      $defs: {
        Cat: { type: 'object', properties: { kind: { const: 'cat' }, lives: { type: 'integer' } }, required: ['kind', 'lives'] },
        Dog: { type: 'object', properties: { kind: { const: 'dog' }, good: { type: 'boolean' } }, required: ['kind', 'good'] },
      },
      type: 'object',
      properties: {
        pet: {
          oneOf: [{ $ref: '#/$defs/Cat' }, { $ref: '#/$defs/Dog' }],
          discriminator: { propertyName: 'kind', mapping: { cat: '#/$defs/Cat', dog: '#/$defs/Dog' } },
        },
      },
      required: ['pet'],
    };
    expect(validateJsonSchema({ pet: { kind: 'dog', good: true, lives: 9 } }, schema)).toEqual({ pet: { kind: 'dog', good: true } });
    expect(() => validateJsonSchema({ pet: { kind: 'dog', lives: 9 } }, schema)).toThrow("missing required property 'good'");
    expect(() => validateJsonSchema({ pet: { kind: 'cow' } }, schema)).toThrow('must be one of ["cat","dog"]');
  });

  it('prunes with the anyOf branch that validates', () => {
    const schema = {
      anyOf: [
        { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
        { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] },
      ],
    };
    expect(validateJsonSchema({ b: 'x', c: 1 }, schema)).toEqual({ b: 'x' });
  });

  it('converts Decimal-like fields to numbers rounded half-up', () => {
    const decimal = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d{0,2}0*$' }] };
    const schema = {
      $defs: { Item: { type: 'object', properties: { price: decimal } } },
      type: 'object',
      properties: { total: decimal, items: { type: 'array', items: { $ref: '#/$defs/Item' } } },
    };
    expect(validateJsonSchema({ total: 12.345, items: [{ price: 0.125 }, { price: '3' }] }, schema)).toEqual({
      total: 12.35,
      items: [{ price: 0.13 }, { price: 3 }],
    });
    expect(roundDecimalHalfUp('-2.5', 0)).toBe(-3);
    expect(roundDecimalHalfUp('0.005', 2)).toBe(0.01);
    expect(roundDecimalHalfUp('1e-7', null)).toBe(1e-7);
  });

  it('never mutates its input', () => {
    const input = { name: 'a', age: 1, extra: true };
    validateJsonSchema(input, person);
    expect(input).toEqual({ name: 'a', age: 1, extra: true });
  });
});
