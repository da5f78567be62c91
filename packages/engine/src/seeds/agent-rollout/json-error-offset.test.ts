import { describe, expect, it } from '@jest/globals';
import { jsonErrorOffset } from './json-error-offset.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on what is valid', () => {
    const samples = [
      '{}',
      ' [ ] ',
      '{"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]}',
      '"\\ud83d\\ude00"',
      '0',
      '{"a": 1,}',
      '[1 2]',
      '01',
      '{"a" 1}',
      "{'a': 1}",
      '"tab\there"',
      '"\\x"',
      '"\\u12"',
      'tru',
      '[1] x',
      '',
      '{"a": {"b": [}]}',
      '-',
      '1.',
      'NaN',
    ];
    for (const text of samples) expect([text, jsonErrorOffset(text) === -1]).toEqual([text, parses(text)]);
  });

  it('points at the character where parsing stops', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{\n  "a": 1,\n  "b": }\n')).toBe(19);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('[1] x')).toBe(4);
  });
});
