import { describe, expect, it } from '@jest/globals';
import { parseJsonLenient } from './repair-json.js';

describe('parseJsonLenient', () => {
  it('reads strict JSON as JSON.parse does', () => {
    expect(parseJsonLenient('{"a": [1, 2.5, null]}')).toEqual({ ok: true, value: { a: [1, 2.5, null] } });
  });

  it('repairs what models get wrong (trailing commas, single quotes, Python constants, missing brackets)', () => {
    expect(parseJsonLenient("{'a': 1, 'b': [True, None],}")).toEqual({ ok: true, value: { a: 1, b: [true, null] } });
    expect(parseJsonLenient('{"a": [1, 2')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('reports why a text cannot be read', () => {
    const result = parseJsonLenient('{"a" 1 2}');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain('Colon expected');
  });
});
