import { describe, expect, it } from '@jest/globals';
import { EmptyTemplateRenderError, UserTemplateError } from '../templates/index.js';
import { castExpressionValue, createExpressionColumnGenerator, ExpressionTypeCastError } from './expression-column-generator.js';

const context = { rowGroup: 0, rowOffset: 0, signal: new AbortController().signal };

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('createExpressionColumnGenerator', () => {
  it('declares a cell-by-cell generator with its template references', () => {
    const generator = createExpressionColumnGenerator({ name: 'full', expr: '{{ first }} {{ last.name }}' });
    expect(generator.strategy).toBe('cell_by_cell');
    expect(generator.columns).toEqual(['full']);
    expect([...generator.requiredColumns].sort()).toEqual(['first', 'last']);
  });

  it('renders with Python printing and keeps str output untrimmed', async () => {
    const generator = createExpressionColumnGenerator({ name: 'c', expr: ' {{ a }}-{{ b }} ' });
    await expect(generator.generateCell({ a: 1.5, b: null }, context)).resolves.toEqual({ c: ' 1.5-None ' });
  });

  it('renders constant templates', async () => {
    const generator = createExpressionColumnGenerator({ name: 'c', expr: 'constant', dtype: 'str' });
    expect(generator.requiredColumns).toEqual([]);
    await expect(generator.generateCell({}, context)).resolves.toEqual({ c: 'constant' });
  });

  it.each([
    ['int', '{{ x }}', { x: '5.0' }, 5],
    ['int', '{{ x }}', { x: -2.7 }, -2],
    ['float', '{{ x }}', { x: ' 1e3 ' }, 1000],
    ['float', '{{ x / 2 }}', { x: 3 }, 1.5],
    ['bool', '{{ x }}', { x: 'False' }, false],
    ['bool', '{{ x }}', { x: 'TRUE' }, true],
    ['bool', '{{ x }}', { x: 'maybe' }, false],
    ['bool', '{{ x }}', { x: 0.4 }, false],
    ['bool', '{{ x }}', { x: 2 }, true],
    ['bool', '{{ x > 1 }}', { x: 2 }, true],
  ] as const)('dtype %s of %s with %j → %j', async (dtype, expr, row, expected) => {
    const generator = createExpressionColumnGenerator({ name: 'c', expr, dtype });
    await expect(generator.generateCell(row, context)).resolves.toEqual({ c: expected });
  });

  it('rejects uncastable values naming column, expression and value', async () => {
    const generator = createExpressionColumnGenerator({ name: 'age', expr: '{{ x }}', dtype: 'int' });
    const error = await errorOf(generator.generateCell({ x: 'abc' }, context));
    expect(ExpressionTypeCastError.isInstance(error)).toBe(true);
    expect(error.message).toContain("'age'");
    expect(error.message).toContain('{{ x }}');
    expect(error.message).toContain('"abc"');
  });

  it('rejects empty and blank renders', async () => {
    const generator = createExpressionColumnGenerator({ name: 'c', expr: '{{ x }}' });
    expect(EmptyTemplateRenderError.isInstance(await errorOf(generator.generateCell({ x: '' }, context)))).toBe(true);
    expect(EmptyTemplateRenderError.isInstance(await errorOf(generator.generateCell({ x: '   ' }, context)))).toBe(true);
  });

  it('rejects render errors and missing columns', async () => {
    const generator = createExpressionColumnGenerator({ name: 'c', expr: '{{ x + 1 }}' });
    expect(UserTemplateError.isInstance(await errorOf(generator.generateCell({ x: 'a' }, context)))).toBe(true);
    const missing = await errorOf(generator.generateCell({}, context));
    expect(UserTemplateError.isInstance(missing)).toBe(true);
    expect(missing.message).toContain("expression column 'c'");
  });
});

describe('castExpressionValue', () => {
  it('follows Python float/int/bool rules', () => {
    expect(castExpressionValue('inf', 'float')).toBe(Infinity);
    expect(Number.isNaN(castExpressionValue('nan', 'float'))).toBe(true);
    expect(castExpressionValue('inf', 'int')).toBeUndefined();
    expect(castExpressionValue('1_000', 'int')).toBe(1000);
    expect(castExpressionValue('x', 'float')).toBeUndefined();
  });
});

describe('expression columns follow jinja_rendering_engine', () => {
  it('secure by default refuses set; native runs set, macros and slices', async () => {
    const { loadConfig } = await import('@dd/config');
    const { previewDataset } = await import('../builder/preview-dataset.js');
    const columns = [
      { name: 'word', column_type: 'sampler', sampler_type: 'category', params: { values: ['alphabet'] } },
      {
        name: 'label',
        column_type: 'expression',
        expr: '{% set head = word[:4] %}{% macro shout(x) %}{{ x | upper }}!{% endmacro %}{{ shout(head) }} {{ word[-3:] }}',
      },
    ];
    const native = await previewDataset({ config: await loadConfig({ columns }), numRecords: 2, runConfig: { jinja_rendering_engine: 'native' } });
    expect(native.records.map((record) => record.label)).toEqual(['ALPH! bet', 'ALPH! bet']);
    await expect(previewDataset({ config: await loadConfig({ columns }), numRecords: 2 })).rejects.toThrow(/Set statements are not supported|Non-permitted/);
  });
});
