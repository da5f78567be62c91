import { describe, expect, it } from '@jest/globals';
import { findTemplateReferences } from './template-references.js';
import { rewriteJinjaSlices } from './rewrite-jinja-slices.js';

describe('rewriteJinjaSlices', () => {
  it('rewrites slice subscripts inside expressions only', () => {
    expect(rewriteJinjaSlices('{{ x[:4] }}')).toBe('{{ x[__dd_slice__(none, 4, none)] }}');
    expect(rewriteJinjaSlices('{{ x[a:b:-1] }}')).toBe('{{ x[__dd_slice__(a, b, -1)] }}');
    expect(rewriteJinjaSlices('{% for c in x[1:] %}{{ c }}{% endfor %}')).toBe('{% for c in x[__dd_slice__(1, none, none)] %}{{ c }}{% endfor %}');
    expect(rewriteJinjaSlices('{{ x[y[1:2]:] }}')).toBe('{{ x[__dd_slice__(y[__dd_slice__(1, 2, none)], none, none)] }}');
  });

  it('leaves text, strings, dict literals and comments alone', () => {
    for (const template of ['time: [10:30]', "{{ 'a[1:2]' }}", "{{ {'a': x[0]} }}", '{# x[1:2] #}', '{{ f(a, b) }}', '{ [1:2] }']) {
      expect(rewriteJinjaSlices(template)).toBe(template);
    }
  });

  it('keeps slice templates valid for reference scanning', () => {
    expect(findTemplateReferences('{{ name[:4] }} {{ tags[-2:] | join(", ") }}').sort()).toEqual(['name', 'tags']);
  });
});
