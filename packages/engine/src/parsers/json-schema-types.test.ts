import { cachedRefResolver, resolveLocalRef, type JsonSchema } from './json-schema-types.js';

const score: JsonSchema = { type: 'object', properties: { score: { type: 'integer' } } };
const root: JsonSchema = {
  $defs: { Score: score, 'a/b': { type: 'string' } },
  properties: { items: { type: 'array', prefixItems: [{ type: 'number' }] } },
};

describe('resolveLocalRef', () => {
  it('follows JSON pointers, with ~1 and ~0 escapes and array indexes', () => {
    expect(resolveLocalRef(root, '#/$defs/Score')).toBe(score);
    expect(resolveLocalRef(root, '#/$defs/a~1b')).toEqual({ type: 'string' });
    expect(resolveLocalRef(root, '#/properties/items/prefixItems/0')).toEqual({ type: 'number' });
    expect(resolveLocalRef(root, '#')).toBe(root);
  });

  it('answers undefined for refs it cannot resolve', () => {
    expect(resolveLocalRef(root, '#/$defs/Missing')).toBeUndefined();
    expect(resolveLocalRef(root, 'https://example.com/schema')).toBeUndefined();
  });
});

describe('cachedRefResolver', () => {
  it('answers as resolveLocalRef does, misses included', () => {
    const resolve = cachedRefResolver(root);
    for (const ref of ['#/$defs/Score', '#/$defs/a~1b', '#/properties/items/prefixItems/0', '#', '#/$defs/Missing', 'other.json']) {
      expect(resolve(ref)).toBe(resolveLocalRef(root, ref));
    }
  });

  it('remembers each answer: a later change of the root is not seen (it is for roots nobody changes)', () => {
    const mutable: JsonSchema = { $defs: { A: { type: 'string' } } };
    const resolve = cachedRefResolver(mutable);
    const first = resolve('#/$defs/A');
    (mutable.$defs as Record<string, JsonSchema>).A = { type: 'number' };
    expect(resolve('#/$defs/A')).toBe(first);
    expect(resolveLocalRef(mutable, '#/$defs/A')).toEqual({ type: 'number' });
  });
});
