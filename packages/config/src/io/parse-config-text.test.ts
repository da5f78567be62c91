import { isFloatLiteral } from '../schema/index.js';
import { ConfigFileError } from '../errors/index.js';
import { parseConfigText } from './parse-config-text.js';

describe('parseConfigText', () => {
  it('marks float literals in YAML and JSON', () => {
    const yaml = parseConfigText('a: 1.0\nb: 1\nc: [2.5, 3]\nd: 1.0e-5\n') as Record<string, unknown>;
    expect(yaml).toEqual({ a: 1, b: 1, c: [2.5, 3], d: 1e-5 });
    expect(isFloatLiteral(yaml, 'a')).toBe(true);
    expect(isFloatLiteral(yaml, 'b')).toBe(false);
    expect(isFloatLiteral(yaml.c as object, 0)).toBe(true);
    expect(isFloatLiteral(yaml.c as object, 1)).toBe(false);
    expect(isFloatLiteral(yaml, 'd')).toBe(true);
    const json = parseConfigText('{"k": {"x": 1.0, "y": 2}}') as { k: Record<string, unknown> };
    expect(isFloatLiteral(json.k, 'x')).toBe(true);
    expect(isFloatLiteral(json.k, 'y')).toBe(false);
  });

  it('resolves plain scalars like PyYAML (y/n, exponents without a dot, leading zeros are strings)', () => {
    expect(parseConfigText('a: y\nb: n\nc: 1e3\nd: 1e-5\ne: 09\nf: yes\ng: off\nh: .5\ni: 1.5e+3\n')).toEqual({
      a: 'y',
      b: 'n',
      c: '1e3',
      d: '1e-5',
      e: '09',
      f: true,
      g: false,
      h: 0.5,
      i: 1500,
    });
  });

  it('turns YAML dates into ISO strings and keeps YAML 1.1 booleans', () => {
    expect(parseConfigText('start: 2024-01-01\nflag: yes\nkey: "1"')).toEqual({ start: '2024-01-01', flag: true, key: '1' });
  });

  it('writes YAML timestamps as Python isoformat() does (offsets kept, microseconds padded)', () => {
    expect(
      parseConfigText('a: 2024-1-5\nb: 2024-01-01 10:00:00\nc: 2024-01-01T10:00:00+02:00\nd: 2024-01-01t10:00:00.5Z\ne: 2024-01-01 10:00:00 -5\n'),
    ).toEqual({
      a: '2024-01-05',
      b: '2024-01-01T10:00:00',
      c: '2024-01-01T10:00:00+02:00',
      d: '2024-01-01T10:00:00.500000+00:00',
      e: '2024-01-01T10:00:00-05:00',
    });
  });

  it('reports syntax errors with line and column', () => {
    expect(() => parseConfigText('columns:\n  - name: a\n   bad: [')).toThrow(/line \d+, column \d+/);
    try {
      parseConfigText('a: [1, 2');
    } catch (error) {
      expect(ConfigFileError.isInstance(error)).toBe(true);
    }
  });
});
