import { describe, expect, it } from '@jest/globals';
import { deserializeJsonValue, deserializeJsonValues } from './deserialize-json-values.js';
import { RecordContext } from './record-context.js';
import { PyFloat } from './py-float.js';

describe('deserializeJsonValue', () => {
  it('parses JSON scalars and containers as Python json.loads would', () => {
    expect(deserializeJsonValue('42')).toBe(42);
    expect(deserializeJsonValue(' -1.5e3 ')).toBe(-1500);
    expect(deserializeJsonValue('true')).toBe(true);
    expect(deserializeJsonValue('null')).toBeNull();
    expect(deserializeJsonValue('NaN')).toBeNaN();
    expect(deserializeJsonValue('-Infinity')).toBe(-Infinity);
    expect(deserializeJsonValue('"quoted"')).toBe('quoted');
    expect(deserializeJsonValue('"a\\"b"')).toBe('a"b');
    expect(deserializeJsonValue('{"a": ["1", 2]}')).toEqual({ a: [1, 2] });
    expect(deserializeJsonValue('\n[1, {"b": "x"}]\t')).toEqual([1, { b: 'x' }]);
  });

  it('keeps text that is not JSON, including text that starts like JSON', () => {
    for (const text of [
      '2023-05-12',
      '06587',
      '1.',
      '-',
      '- 1',
      '12abc',
      'trueish',
      'nullable',
      'Nano',
      'Inf',
      '{not json}',
      '[1, 2',
      '"open',
      '"a"b"',
      '"tab\there"',
      '',
      '   ',
      'Mia',
      'ünïcode',
    ]) {
      expect(deserializeJsonValue(text)).toBe(text);
    }
  });

  it('walks lists and dicts without mutating them', () => {
    const row = { person: { zip: '2327', name: 'Ann', tags: ['1', 'x'] } };
    expect(deserializeJsonValues(row)).toEqual({ person: { zip: 2327, name: 'Ann', tags: [1, 'x'] } });
    expect(row.person.zip).toBe('2327');
  });
});

describe('RecordContext', () => {
  it('deserializes only what is read and reuses costly values per row object', () => {
    const row: Record<string, unknown> = { doc: '{"a": [1, 2, 3], "b": "text here"}', n: '3.0', plain: 'x' };
    const first = new RecordContext(row).get('doc');
    expect(first).toEqual({ a: [1, 2, 3], b: 'text here' });
    expect(new RecordContext(row).get('doc')).toBe(first);
    expect(new RecordContext(row).get('n')).toEqual(new PyFloat(3));
    expect(new RecordContext(row).get('missing')).toBeUndefined();
    row.doc = '{"a": [], "b": "other value!!"}';
    expect(new RecordContext(row).get('doc')).toEqual({ a: [], b: 'other value!!' });
  });

  it('sees only own keys', () => {
    const context = new RecordContext({ a: 1 });
    expect(context.has('a')).toBe(true);
    expect(context.has('constructor')).toBe(false);
    expect(context.get('toString')).toBeUndefined();
  });
});
