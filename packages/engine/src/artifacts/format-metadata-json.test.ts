import { describe, expect, test } from '@jest/globals';
import { formatMetadataJson } from './format-metadata-json.js';

describe('formatMetadataJson', () => {
  test('matches Python json.dumps(indent=2, sort_keys=True) byte for byte', () => {
    const value = { b: 1, a: { z: [1, 2, { y: null }], c: 'é\n"x"' }, e: [], f: {}, g: true, n: Number.NaN, emoji: '😀' };
    // Produced by CPython 3 with the same input.
    const python = [
      '{',
      '  "a": {',
      '    "c": "\\u00e9\\n\\"x\\"",',
      '    "z": [',
      '      1,',
      '      2,',
      '      {',
      '        "y": null',
      '      }',
      '    ]',
      '  },',
      '  "b": 1,',
      '  "e": [],',
      '  "emoji": "\\ud83d\\ude00",',
      '  "f": {},',
      '  "g": true,',
      '  "n": NaN',
      '}',
    ].join('\n');
    expect(formatMetadataJson(value)).toBe(python);
  });

  test('drops undefined fields and parses back with JSON.parse', () => {
    const text = formatMetadataJson({ keep: 'x', gone: undefined, nested: { list: ['a'] } });
    expect(JSON.parse(text)).toEqual({ keep: 'x', nested: { list: ['a'] } });
  });
});
