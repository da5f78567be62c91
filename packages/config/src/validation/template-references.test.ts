import { UserJinjaTemplateSyntaxError } from '../errors/index.js';
import { findTemplateReferences } from './template-references.js';

const refs = (template: string) => findTemplateReferences(template).sort();

describe('findTemplateReferences', () => {
  it.each<[string, string[]]>([
    ['plain text', []],
    ['', []],
    ['{{ a }}', ['a']],
    ['{{ a.b }}', ['a']],
    ["{{ a['x'] }}", ['a']],
    ['{{ a[b] }}', ['a', 'b']],
    ['{{ a | upper }}', ['a']],
    ['{{ a | default(b) }}', ['a', 'b']],
    ['{{ f(g) }}', ['f', 'g']],
    ['{% for x in xs %}{{ x }}{% endfor %}', ['xs']],
    ['{% for x in xs %}{{ x }}{% endfor %}{{ x }}', ['x', 'xs']],
    ['{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}', ['d']],
    ['{% for x in xs %}{{ loop.index }}{% endfor %}', ['xs']],
    ['{{ loop }}', ['loop']],
    ['{% set a = b %}{{ a }}', ['b']],
    ['{% with q = r %}{{ q }}{% endwith %}', ['r']],
    ['{% with q = r %}{{ q }}{% endwith %}{{ q }}', ['q', 'r']],
    ['{% macro m(p, d=e) %}{{ p }}{{ d }}{{ z }}{% endmacro %}{{ m(1) }}', ['e', 'z']],
    ['{{ range(3) }}{{ dict(a=1) }}{{ lipsum() }}{{ namespace() }}', []],
    ['{{ true }}{{ false }}{{ none }}{{ True }}{{ None }}', []],
    ['{# {{ hidden }} #}{{ shown }}', ['shown']],
    ['{% raw %}{{ not_a_ref }}{% endraw %}', []],
    ['{{ x if y else z }}', ['x', 'y', 'z']],
    ['{{ a }} and {{ a }}', ['a']],
    ['{{ (wait_minutes / 60) | round(1) }}', ['wait_minutes']],
    ['{{ ticket_id }} | {{ product }} | {{ triage.severity }}', ['product', 'ticket_id', 'triage']],
    ['{{ x is defined }}', ['x']],
    ['A lone } brace and { another', []],
    ['{{ a ~ b }}', ['a', 'b']],
    ["{{ a if a in ['x', 'y'] else '' }}", ['a']],
  ])('%s → %j', (template, expected) => {
    expect(refs(template)).toEqual(expected);
  });

  it('stringifies non-string input', () => {
    expect(findTemplateReferences(42)).toEqual([]);
  });

  it('throws a syntax error naming Jinja for broken templates', () => {
    expect(() => findTemplateReferences('{{ a ')).toThrow(/Jinja2 syntax error/);
    try {
      findTemplateReferences('{% endfor %}');
    } catch (error) {
      expect(UserJinjaTemplateSyntaxError.isInstance(error)).toBe(true);
    }
    expect.assertions(2);
  });

  it('binds the loop variable inside a loop filter (`for x in xs if x > 1`)', () => {
    expect(findTemplateReferences('{% for x in xs if x > limit %}{{ x }}{% endfor %}').sort()).toEqual(['limit', 'xs']);
  });
});
