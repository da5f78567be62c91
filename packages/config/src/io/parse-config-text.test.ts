import { isFloatLiteral } from '../schema/index.js';
import { ConfigFileError } from '../errors/index.js';
import { parseConfigText } from './parse-config-text.js';

describe('parseConfigText', () => {
  it('marks float literals in YAML and JSON', () => {
    const yaml = parseConfigText('a: 1.0\nb: 1\nc: [2.5, 3]\nd: 1e-5\n') as Record<string, unknown>;
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

  it('turns YAML dates into ISO strings and keeps YAML 1.1 booleans', () => {
    expect(parseConfigText('start: 2024-01-01\nflag: yes\nkey: "1"')).toEqual({ start: '2024-01-01', flag: true, key: '1' });
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
