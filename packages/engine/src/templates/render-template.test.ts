import { describe, expect, it } from '@jest/globals';
import {
  EmptyTemplateRenderError,
  evaluateCondition,
  renderJsonTemplate,
  renderNative,
  renderTemplate,
  TemplateSecurityError,
  TemplateUndefinedError,
  UserTemplateError,
  UserTemplateUnsupportedFiltersError,
} from './index.js';

const r = (template: string, context: Record<string, unknown> = {}) => renderTemplate(template, context);

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('renderTemplate: Python value printing', () => {
  it.each([
    ['{{ 1.0 }}', '1.0'],
    ['{{ none }}', 'None'],
    ['{{ None }}', 'None'],
    ['{{ true }}', 'True'],
    ['{{ False }}', 'False'],
    ["{{ [1,'a'] }}", "[1, 'a']"],
    ["{{ {'a': 1, 'b': [true, none]} }}", "{'a': 1, 'b': [True, None]}"],
    ['{{ 4 / 2 }}', '2.0'],
    ['{{ 7 // 2 }}', '3'],
    ['{{ -7 % 3 }}', '2'],
    ['{{ 2 ** 10 }}', '1024'],
    ['{{ 0.1 + 0.2 }}', '0.30000000000000004'],
    ["{{ 'a' ~ 1 ~ none }}", 'a1None'],
    ['{{ (1, 2) }}', '[1, 2]'],
  ])('%s → %s', (template, expected) => {
    expect(r(template)).toBe(expected);
  });

  it('prints row values like Python str()', () => {
    expect(r('{{ x }}|{{ y }}|{{ z }}|{{ d }}', { x: 0.5, y: null, z: true, d: { k: ['v', 2.5] } })).toBe("0.5|None|True|{'k': ['v', 2.5]}");
    expect(r('{{ big }}', { big: 1e16 })).toBe('10000000000000000');
    expect(r('{{ f }}', { f: 1e-5 })).toBe('1e-05');
  });

  it('deserializes JSON string cells', () => {
    expect(r('{{ col.sub }}', { col: '{"sub": "hi"}' })).toBe('hi');
    expect(r('{{ flag }} {{ n }} {{ f }}', { flag: 'true', n: '1.50', f: '3.0' })).toBe('True 1.5 3.0');
    expect(r('{{ items[1] }}', { items: '["a", "b"]' })).toBe('b');
  });

  it('supports control flow, loops and the loop object', () => {
    expect(r('{% for x in xs %}{{ loop.index }}:{{ x }}{% if not loop.last %},{% endif %}{% endfor %}', { xs: ['a', 'b'] })).toBe('1:a,2:b');
    expect(r('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', { d: { a: 1, b: 2 } })).toBe('a=1;b=2;');
    expect(r('{% for x in xs if x > 1 %}{{ x }}{% else %}none{% endfor %}', { xs: [1, 2, 3] })).toBe('23');
    expect(r('{% for x in xs %}{{ x }}{% else %}empty{% endfor %}', { xs: [] })).toBe('empty');
    expect(r('{% if a == 1 %}one{% elif a == 2 %}two{% else %}other{% endif %}', { a: 2 })).toBe('two');
    expect(r('{{ "yes" if a else "no" }}', { a: [] })).toBe('no');
    expect(r('{{ a or "fallback" }}', { a: '' })).toBe('fallback');
    expect(r('{{ 1 < 2 < 3 }} {{ "b" in "abc" }} {{ 3 not in [1, 2] }}')).toBe('True True True');
    expect(r('{{ y.x is defined }} {{ y.x is none }} {{ 4 is divisibleby(2) }} {{ "s" is string }}', { y: { x: null } })).toBe('True True True True');
    expect(r('{{ range(3) }}')).toBe('[0, 1, 2]');
  });

  it('calls safe Python methods', () => {
    expect(r("{{ s.upper() }} {{ s.split(',') }} {{ s.startswith('a') }} {{ d.get('x', 5) }}", { s: 'a,b', d: {} })).toBe("A,B ['a', 'b'] True 5");
    expect(r('{{ d.keys() | list }}', { d: { a: 1 } })).toBe("['a']");
  });

  it('drops one trailing newline like Jinja', () => {
    expect(r('hi {{ x }}\n', { x: 1 })).toBe('hi 1');
  });

  it('applies allowed filters', () => {
    expect(r("{{ 'hello world' | title }} {{ x | upper }} {{ xs | length }} {{ xs | first }} {{ xs | last }}", { x: 'a', xs: [3, 1, 2] })).toBe(
      'Hello World A 3 3 2',
    );
    expect(r('{{ xs | sort }} {{ xs | max }} {{ xs | min }} {{ xs | reverse }} {{ xs | unique | list }}', { xs: [3, 1, 2, 1] })).toBe(
      '[1, 1, 2, 3] 3 1 [1, 2, 1, 3] [3, 1, 2]',
    );
    expect(r("{{ '3.7' | float }} {{ '3.7' | int }} {{ 'x' | int }} {{ 2.5 | round }} {{ 3.14159 | round(2) }} {{ -3 | abs }}")).toBe('3.7 3 0 2.0 3.14 3');
    expect(r("{{ '  a  ' | trim }}|{{ 'foo bar baz qux' | truncate(9, leeway=0) }}|{{ 'a b' | replace(' ', '_') }}|{{ '<b>' | escape }}")).toBe(
      'a|foo...|a_b|&lt;b&gt;',
    );
    expect(r("{{ d | jsonpath('$.a[*].b') }}", { d: { a: [{ b: 1 }, { b: 2 }] } })).toBe('[1, 2]');
    expect(r("{{ 'a b&c' | urlencode }} {{ d | items | list }}", { d: { k: 1 } })).toBe("a%20b%26c [['k', 1]]");
  });

  it('refuses filters outside the allow-list, naming them', () => {
    for (const filter of ['default', 'join', 'map', 'tojson', 'nope']) {
      const error = errorOf(() => r(`{{ x | ${filter} }}`, { x: 'a' }));
      expect(UserTemplateUnsupportedFiltersError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`'${filter}'`);
    }
  });

  it('refuses forbidden syntax, nested loops and self', () => {
    for (const template of [
      '{% set a = 1 %}{{ a }}',
      '{% macro m() %}x{% endmacro %}',
      "{% include 'x' %}",
      "{% extends 'x' %}",
      '{% for a in xs %}{% for b in xs %}{{ b }}{% endfor %}{% endfor %}',
      '{{ self }}',
    ]) {
      expect(UserTemplateError.isInstance(errorOf(() => r(template, { xs: [1] })))).toBe(true);
    }
  });

  it('refuses sandbox escapes', () => {
    for (const template of [
      "{{ ''.constructor }}",
      '{{ x.__proto__ }}',
      "{{ range.constructor('return process')() }}",
      "{{ x.constructor.constructor('return process')() }}",
      '{{ x._private }}',
      "{{ x['__proto__'] }}",
      '{{ xs.constructor }}',
    ]) {
      expect(TemplateSecurityError.isInstance(errorOf(() => r(template, { x: 'a', xs: [] })))).toBe(true);
    }
  });

  it('refuses uncalled methods in output', () => {
    expect(TemplateSecurityError.isInstance(errorOf(() => r('{{ d.items }}', { d: { a: 1 } })))).toBe(true);
  });

  it('enforces size and complexity limits', () => {
    expect(TemplateSecurityError.isInstance(errorOf(() => r('{{ range(100001) | length }}')))).toBe(true);
    expect(TemplateSecurityError.isInstance(errorOf(() => r("{% for i in range(100000) %}{{ 'xxxxxxxxxx' }}{% endfor %}")))).toBe(true);
    expect(TemplateSecurityError.isInstance(errorOf(() => r("{{ 'x' * 10000000 }}")))).toBe(true);
    const deep = `{{ ${'('.repeat(12)}1${')'.repeat(12)} + ${'x.'.repeat(11)}y }}`;
    expect(UserTemplateError.isInstance(errorOf(() => r(deep, { x: {} })))).toBe(true);
    const many = Array.from({ length: 400 }, (_, index) => `{{ x${index % 3} }}`).join('');
    expect((errorOf(() => r(many, { x0: 1, x1: 2, x2: 3 })) as Error).message).toContain('too complex');
  });

  it('bounds the total work of one render (loops times big values), naming the limit and how to raise it', () => {
    const bomb = "{% for i in range(100000) %}{% if ('x' * 1000000) | length > 5 %}{% endif %}{% endfor %}ok";
    const error = errorOf(() => r(bomb)) as Error;
    expect(TemplateSecurityError.isInstance(error)).toBe(true);
    expect(error.message).toContain('5,000,000 steps');
    expect(error.message).toContain('DATA_DESIGNER_TEMPLATE_MAX_STEPS=50000000');
    const sum = Array.from({ length: 60 }, () => 'i').join(' + ');
    const manySteps = `{% for i in range(100000) %}{% if ${sum} < 0 %}{% endif %}{% endfor %}`;
    expect((errorOf(() => renderNative(manySteps, {})) as Error).message).toContain('steps');
    // Ordinary work stays well inside the budget.
    expect(r("{% for i in range(20000) %}{{ ('ab' * 50) | length }}{% endfor %}").length).toBe(60000);
  });

  it('keeps Python ints exact: big literals, arithmetic beyond 2**53, BIGINT cells and long integer text', () => {
    expect(r('{{ 2**100 }} {{ 3**50 }} {{ 2**53 + 1 }} {{ (2**70) // 3 }} {{ -(2**64) % 7 }}')).toBe(
      '1267650600228229401496703205376 717897987691852588770249 9007199254740993 393530540239137101141 5',
    );
    expect(r('{{ 12345678901234567891 }} {{ 10**21 * 1.0 }} {{ 2**-1 }}')).toBe('12345678901234567891 1e+21 0.5');
    const context = { id: 12345678901234567890n, text: '123456789012345678901234' };
    expect(r('{{ id }} {{ id + 1 }} {{ id > 2**63 }} {{ id == 12345678901234567890 }} {{ text }} {{ id | int }} {{ [id] }}', context)).toBe(
      '12345678901234567890 12345678901234567891 True True 123456789012345678901234 12345678901234567890 [12345678901234567890]',
    );
    expect(TemplateSecurityError.isInstance(errorOf(() => r('{{ 7 ** 1000000 }}')))).toBe(true);
  });

  it('** is left-associative and binds looser than unary minus, as Jinja parses it (not as Python)', () => {
    // Jinja2's parse_pow loops left to right over parse_unary operands: the original renders 64 and 4.
    expect(r('{{ 2**3**2 }} {{ -2**2 }} {{ 2**(3**2) }}')).toBe('64 4 512');
  });

  it('round is Python round(): exact binary value, ties to even, ints stay ints', () => {
    expect(r("{{ 2.675 | round(2) }} {{ 0.5 | round }} {{ 1.5 | round }} {{ 0.125 | round(2) }} {{ 5 | round }} {{ 5 | round(0, 'ceil') }}")).toBe(
      '2.67 0.0 2.0 0.12 5 5.0',
    );
  });

  it('round ties to even at every exact binary tie, and rounds values next to a tie the nearer way', () => {
    // k / 8 is exact in binary: at 2 digits the odd eighths are ties (x.125, x.375, ...), decided by the digit before.
    const values = Array.from({ length: 400 }, (_, k) => (k - 200) / 8);
    const expected = values.map((value) => {
      const hundredths = value * 100; // exact: a multiple of 12.5
      const floor = Math.floor(hundredths);
      const rounded = hundredths - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(hundredths);
      return String(rounded / 100);
    });
    const rendered = r('{% for v in values %}{{ v | round(2) }} {% endfor %}', { values }).trim().split(' ');
    expect(rendered.map((text) => String(Number(text)))).toEqual(expected);
    // Just above / below a tie (not exact ties): the nearer neighbour.
    expect(r('{{ 0.12500000000000003 | round(2) }} {{ 0.37499999999999994 | round(2) }} {{ 1234567.8950000002 | round(2) }}')).toBe('0.13 0.37 1234567.9');
    // Python keeps the sign of a negative value rounded to zero.
    expect(r('{{ -0.001 | round(2) }} {{ -0.4 | round }} {{ 0.004 | round(2) }}')).toBe('-0.0 -0.0 0.0');
  });

  it('slices strings and lists as Python does, in both dialects', () => {
    const context = { s: 'abcdefgh', xs: [1, 2, 3, 4, 5], e: '😀ab' };
    expect(r('{{ s[:4] }} {{ s[-4:] }} {{ s[1:3] }} {{ s[::2] }} {{ s[::-1] }} {{ s[-3:-1] }} {{ s[5:2] }} {{ s[:100] }}', context)).toBe(
      'abcd efgh bc aceg hgfedcba fg  abcdefgh',
    );
    expect(r('{{ xs[1:] }} {{ xs[:-2] }} {{ xs[::-2] }} {{ xs[1:4:2] }} {{ e[:1] }}', context)).toBe('[2, 3, 4, 5] [1, 2, 3] [5, 3, 1] [2, 4] 😀');
    expect(r("{{ {'k': s[:2]}['k'] }} {{ s[xs[0]:xs[2]] }} {{ (s | upper)[:3] }} a:b[c]", context)).toBe('ab bc ABC a:b[c]');
    expect(renderNative('{{ xs[-2:] }}', context)).toEqual([4, 5]);
    expect(UserTemplateError.isInstance(errorOf(() => r('{{ s[::0] }}', context)))).toBe(true);
  });

  it('counts string length in code points without copying the string', () => {
    expect(r("{{ s | length }} {{ ('x' * 100000) | length }}", { s: 'a😀b' })).toBe('3 100000');
  });

  it('rejects unknown references', () => {
    const error = errorOf(() => r('{{ missing }}', { other: 1 }));
    expect(UserTemplateError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("'missing'");
  });

  it('lenient undefined: missing end of chain prints empty, through-access raises', () => {
    expect(r('[{{ person.nickname }}]', { person: { name: 'A' } })).toBe('[]');
    const error = errorOf(() => r('{{ person.address.street }}', { person: {} }));
    expect(EmptyTemplateRenderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('person.address.street');
  });

  it('empty output is an EmptyTemplateRenderError with a diagnostic', () => {
    const error = errorOf(() => r('{{ x }}', { x: '' }));
    expect(EmptyTemplateRenderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('x (resolved to empty string)');
  });

  it('strict undefined raises TemplateUndefinedError', () => {
    const error = errorOf(() => renderTemplate('{{ p.nick }}', { p: {} }, { strictUndefined: true }));
    expect(TemplateUndefinedError.isInstance(error)).toBe(true);
  });

  it('syntax errors are reported', () => {
    expect(() => r('{{ x ', { x: 1 })).toThrow(/syntax/i);
  });
});

describe('renderNative', () => {
  it('keeps the native type of a single expression', () => {
    expect(renderNative('{{ x }}', { x: [1, 2] })).toEqual([1, 2]);
    expect(renderNative('{{ 1 + 1 }}', {})).toBe(2);
    expect(renderNative('{{ not x }}', { x: 0 })).toBe(true);
    expect(renderNative('{{ x }}', { x: 'False' })).toBe(false);
  });

  it('literal-evaluates concatenated output, falling back to the string', () => {
    expect(renderNative('{{ a }}{{ b }}', { a: 1, b: 2 })).toBe(12);
    expect(renderNative('[{{ a }}, 3]', { a: 1 })).toEqual([1, 3]);
    expect(renderNative('hello {{ a }}', { a: 1 })).toBe('hello 1');
    expect(renderNative('', {})).toBeNull();
  });

  it('allows stock Jinja filters', () => {
    expect(renderNative("{{ xs | join('-') }}", { xs: ['a', 'b'] })).toBe('a-b');
    expect(renderNative("{{ x | default('d') }}", {})).toBe('d');
    expect(renderNative("{{ xs | map('upper') | list }}", { xs: ['a'] })).toEqual(['A']);
  });

  it('strict undefined raises', () => {
    expect(TemplateUndefinedError.isInstance(errorOf(() => renderNative('{{ missing }}', {}, { strictUndefined: true })))).toBe(true);
  });
});

describe('evaluateCondition', () => {
  it('is true iff the expression renders True', () => {
    expect(evaluateCondition("product == 'router'", { product: 'router' })).toBe(true);
    expect(evaluateCondition("product == 'router'", { product: 'switch' })).toBe(false);
    expect(evaluateCondition('age > 30 and age < 40', { age: 35 })).toBe(true);
    expect(evaluateCondition('name', { name: 'x' })).toBe(false);
  });
});

describe('renderJsonTemplate', () => {
  it('renders values JSON-escaped and parses the result', () => {
    const template = { name: '{{ name }}', nested: { q: '{{ q }}' }, list: ['{{ n }}', 'const'], obj: '{{ meta }}', sub: '{{ meta.items }}' };
    const row = { name: 'A "quoted"\nname', q: 'x', n: 3, meta: '{"items": [1, 2], "k": null}' };
    expect(renderJsonTemplate(template, row)).toEqual({
      name: 'A "quoted"\nname',
      nested: { q: 'x' },
      list: ['3', 'const'],
      obj: '{"items": [1, 2], "k": null}',
      sub: '[1, 2]',
    });
  });

  it('names the processor template when the result is not JSON', () => {
    expect(() => renderJsonTemplate({ '{#': '#}' }, { x: 1 })).toThrow(/schema_transform processor template/);
  });
});
