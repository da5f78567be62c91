import type { GenerationContext, Row } from '../columns/column-generator.js';
import { createSamplerGenerator, RejectionSamplingError, SamplerGenerationError } from './index.js';
import type { ConstraintConfig, SamplerColumnConfig } from '@dd/config';

const ctx = (rowGroup = 0): GenerationContext => ({ rowGroup, rowOffset: 0, signal: new AbortController().signal });
/** Wire-form sampler columns, as the engine's own checks see them (deliberately unchecked by the config schema). */
const col = (name: string, samplerType: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}): SamplerColumnConfig =>
  ({ name, column_type: 'sampler', sampler_type: samplerType, params: { ...params, sampler_type: samplerType }, ...extra }) as SamplerColumnConfig;
/** Tiny evaluator for `name == 'v'`, `name > n`, `name < n` conditions used in these tests. */
const evaluateCondition = (expression: string, row: Row): boolean => {
  const m = /^(\w+)\s*(==|>|<)\s*'?([^']*)'?$/.exec(expression.trim());
  if (!m) throw new Error(`unsupported test expression ${expression}`);
  const [, name = '', op, raw] = m;
  const v = row[name];
  if (op === '==') return String(v) === raw;
  return op === '>' ? Number(v) > Number(raw) : Number(v) < Number(raw);
};
async function generate(
  columns: SamplerColumnConfig[],
  n: number,
  options: { constraints?: ConstraintConfig[]; seed?: number; rows?: Row[]; rowGroup?: number } = {},
): Promise<Row[]> {
  const generator = createSamplerGenerator({ columns, constraints: options.constraints ?? [], seed: options.seed ?? 7, evaluateCondition });
  return generator.generateBatch(options.rows ?? Array.from({ length: n }, () => ({})), ctx(options.rowGroup));
}
const numbers = (rows: Row[], name: string): number[] => rows.map((r) => r[name] as number);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};

describe('generator contract', () => {
  test('declares a full-column generator of the sampler columns', () => {
    const g = createSamplerGenerator({
      columns: [col('a', 'uniform', { low: 0, high: 1 }), col('b', 'bernoulli', { p: 0.5 })],
      constraints: [],
      evaluateCondition,
    });
    expect(g.strategy).toBe('full_column');
    expect(g.name).toBe('samplers');
    expect(g.columns).toEqual(['a', 'b']);
    expect(g.requiredColumns).toEqual([]);
  });

  test('returns one partial row per input row with only sampler values', async () => {
    const rows = await generate([col('a', 'uniform', { low: 0, high: 1 })], 0, { rows: [{ seed_col: 1 }, { seed_col: 2 }] });
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual(['a']);
  });

  test('same seed and row group give the same values; other row groups and seeds differ', async () => {
    const columns = [col('a', 'gaussian', { mean: 0, stddev: 1 }), col('u', 'uuid', {}), col('c', 'category', { values: ['x', 'y', 'z'] })];
    const first = await generate(columns, 50, { seed: 3, rowGroup: 2 });
    const again = await generate(columns, 50, { seed: 3, rowGroup: 2 });
    const otherGroup = await generate(columns, 50, { seed: 3, rowGroup: 3 });
    const otherSeed = await generate(columns, 50, { seed: 4, rowGroup: 2 });
    expect(again).toEqual(first);
    expect(otherGroup).not.toEqual(first);
    expect(otherSeed).not.toEqual(first);
  });

  test('row group values do not depend on generation order', async () => {
    const g = createSamplerGenerator({ columns: [col('a', 'uniform', { low: 0, high: 1 })], constraints: [], seed: 11, evaluateCondition });
    const later = await g.generateBatch([{}, {}], ctx(1));
    await g.generateBatch([{}, {}], ctx(0));
    expect(await g.generateBatch([{}, {}], ctx(1))).toEqual(later);
  });

  test('without a seed two generators differ', async () => {
    const make = () => createSamplerGenerator({ columns: [col('a', 'uniform', { low: 0, high: 1 })], constraints: [], evaluateCondition });
    expect(await make().generateBatch([{}], ctx())).not.toEqual(await make().generateBatch([{}], ctx()));
  });
});

describe('distributions (20k draws)', () => {
  const N = 20_000;
  test('uniform is in [low, high) with mean (low+high)/2', async () => {
    const xs = numbers(await generate([col('x', 'uniform', { low: 2, high: 6 })], N), 'x');
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThan(6);
    expect(mean(xs)).toBeCloseTo(4, 1);
  });

  test('gaussian mean and stddev', async () => {
    const xs = numbers(await generate([col('x', 'gaussian', { mean: 10, stddev: 3 })], N), 'x');
    expect(Math.abs(mean(xs) - 10)).toBeLessThan(0.1);
    expect(Math.abs(Math.sqrt(variance(xs)) - 3)).toBeLessThan(0.1);
  });

  test('poisson, binomial and bernoulli give integers with the right means', async () => {
    const rows = await generate([col('p', 'poisson', { mean: 4 }), col('b', 'binomial', { n: 10, p: 0.3 }), col('e', 'bernoulli', { p: 0.25 })], N);
    for (const name of ['p', 'b', 'e']) expect(numbers(rows, name).every(Number.isInteger)).toBe(true);
    expect(Math.abs(mean(numbers(rows, 'p')) - 4)).toBeLessThan(0.1);
    expect(Math.abs(mean(numbers(rows, 'b')) - 3)).toBeLessThan(0.06);
    expect(Math.abs(mean(numbers(rows, 'e')) - 0.25)).toBeLessThan(0.015);
    expect(new Set(numbers(rows, 'e'))).toEqual(new Set([0, 1]));
  });

  test('bernoulli_mixture is 0 with probability 1-p, else a draw of the distribution', async () => {
    const xs = numbers(await generate([col('x', 'bernoulli_mixture', { p: 0.4, dist_name: 'expon', dist_params: { scale: 5 } })], N), 'x');
    const zeros = xs.filter((x) => x === 0).length / N;
    expect(Math.abs(zeros - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(mean(xs) - 0.4 * 5)).toBeLessThan(0.15);
  });

  test('category weights are respected', async () => {
    const rows = await generate([col('c', 'category', { values: ['a', 'b', 'c'], weights: [0.7, 0.2, 0.1] })], N);
    const share = (v: string) => rows.filter((r) => r.c === v).length / N;
    expect(Math.abs(share('a') - 0.7)).toBeLessThan(0.015);
    expect(Math.abs(share('b') - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(share('c') - 0.1)).toBeLessThan(0.015);
  });

  test('unnormalised weights are normalised; no weights means uniform', async () => {
    const rows = await generate([col('c', 'category', { values: [1, 2], weights: [3, 1] }), col('d', 'category', { values: ['x', 'y'] })], N);
    expect(Math.abs(rows.filter((r) => r.c === 1).length / N - 0.75)).toBeLessThan(0.015);
    expect(Math.abs(rows.filter((r) => r.d === 'x').length / N - 0.5)).toBeLessThan(0.015);
  });

  test('mixed-type category values become strings like numpy', async () => {
    const rows = await generate([col('c', 'category', { values: ['a', 1] })], 200);
    expect(new Set(rows.map((r) => r.c))).toEqual(new Set(['a', '1']));
  });

  test('scipy distributions by name with loc/scale', async () => {
    const rows = await generate(
      [
        col('g', 'scipy', { dist_name: 'gamma', dist_params: { a: 2, scale: 3 } }),
        col('n', 'scipy', { dist_name: 'norm', dist_params: { loc: 5, scale: 2 } }),
        col('b', 'scipy', { dist_name: 'beta', dist_params: { a: 2, b: 6 } }),
        col('k', 'scipy', { dist_name: 'geom', dist_params: { p: 0.25 } }),
        col('r', 'scipy', { dist_name: 'randint', dist_params: { low: 3, high: 7 } }),
      ],
      N,
    );
    expect(Math.abs(mean(numbers(rows, 'g')) - 6)).toBeLessThan(0.15);
    expect(Math.abs(mean(numbers(rows, 'n')) - 5)).toBeLessThan(0.06);
    expect(Math.abs(mean(numbers(rows, 'b')) - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(mean(numbers(rows, 'k')) - 4)).toBeLessThan(0.1);
    expect(Math.min(...numbers(rows, 'k'))).toBe(1);
    expect(new Set(numbers(rows, 'r'))).toEqual(new Set([3, 4, 5, 6]));
  });
});

describe('conversions', () => {
  test('convert_to int rounds; str stringifies; decimal_places rounds after conversion', async () => {
    const rows = await generate(
      [
        col('i', 'uniform', { low: 0, high: 10 }, { convert_to: 'int' }),
        col('s', 'poisson', { mean: 3 }, { convert_to: 'str' }),
        col('d', 'gaussian', { mean: 0, stddev: 1, decimal_places: 2 }),
        col('f', 'bernoulli', { p: 0.5 }, { convert_to: 'float' }),
      ],
      500,
    );
    expect(numbers(rows, 'i').every(Number.isInteger)).toBe(true);
    expect(new Set(numbers(rows, 'i')).has(10)).toBe(true);
    expect(rows.every((r) => typeof r.s === 'string' && /^\d+$/.test(r.s))).toBe(true);
    expect(numbers(rows, 'd').every((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-9)).toBe(true);
    expect(rows.every((r) => typeof r.f === 'number')).toBe(true);
  });

  test('convert_to is ignored for uuid and person samplers', async () => {
    const rows = await generate([col('u', 'uuid', { short_form: true }, { convert_to: 'int' })], 5);
    expect(rows.every((r) => typeof r.u === 'string')).toBe(true);
  });

  test('converting a string category to int fails naming column and value', async () => {
    await expect(generate([col('c', 'category', { values: ['abc'] }, { convert_to: 'int' })], 2)).rejects.toThrow(/Column 'c'.*"abc".*int/);
    const error = await generate([col('c', 'category', { values: ['abc'] }, { convert_to: 'int' })], 2).catch((e: unknown) => e);
    expect(SamplerGenerationError.isInstance(error)).toBe(true);
  });
});

describe('uuid', () => {
  test('prefix, 32 hex chars, uuid4 version nibble', async () => {
    const rows = await generate([col('u', 'uuid', { prefix: 'user_' })], 100);
    for (const r of rows) expect(r.u).toMatch(/^user_[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });

  test('short form is 8 chars, uppercase, unique within the batch', async () => {
    const rows = await generate([col('u', 'uuid', { short_form: true, uppercase: true })], 20_000);
    for (const r of rows) expect(r.u).toMatch(/^[0-9A-F]{8}$/);
    expect(new Set(rows.map((r) => r.u)).size).toBe(20_000);
  });
});

describe('datetime and timedelta', () => {
  test('datetime is in [start, end) at day granularity, ISO by default', async () => {
    const rows = await generate([col('d', 'datetime', { start: '2024-01-01', end: '2024-01-04' })], 2000);
    expect(new Set(rows.map((r) => r.d))).toEqual(new Set(['2024-01-01T00:00:00', '2024-01-02T00:00:00', '2024-01-03T00:00:00']));
  });

  test('unit M truncates to month; convert_to applies a strftime pattern', async () => {
    const rows = await generate([col('d', 'datetime', { start: '2024-01-15', end: '2024-04-01', unit: 'M' }, { convert_to: '%Y/%m (%b)' })], 1000);
    expect(new Set(rows.map((r) => r.d))).toEqual(new Set(['2024/01 (Jan)', '2024/02 (Feb)', '2024/03 (Mar)']));
  });

  test('unit s keeps seconds; permissive start formats parse', async () => {
    const rows = await generate([col('d', 'datetime', { start: 'Jan 1 2024 10:00', end: '2024-01-01 10:00:05', unit: 's' })], 500);
    expect(new Set(rows.map((r) => r.d)).size).toBe(5);
    expect(rows.every((r) => String(r.d).startsWith('2024-01-01T10:00:0'))).toBe(true);
  });

  test('timedelta adds [dt_min, dt_max) units to the reference column', async () => {
    const rows = await generate(
      [
        col('end', 'timedelta', { dt_min: 2, dt_max: 5, reference_column_name: 'start', unit: 'h' }),
        col('start', 'datetime', { start: '2024-03-01', end: '2024-03-10' }),
      ],
      1000,
    );
    const hours = rows.map((r) => (Date.parse(`${r.end}Z`) - Date.parse(`${r.start}Z`)) / 3_600_000);
    expect(new Set(hours)).toEqual(new Set([2, 3, 4]));
    expect(Object.keys(rows[0]!)).toEqual(['end', 'start']);
  });

  test('timedelta can reference an input (seed) column', async () => {
    const rows = await generate([col('t', 'timedelta', { dt_min: 1, dt_max: 2, reference_column_name: 'opened' }, { convert_to: '%Y-%m-%d' })], 0, {
      rows: [{ opened: '2024-02-28' }],
    });
    expect(rows[0]?.t).toBe('2024-02-29');
  });
});

describe('subcategory and conditional params', () => {
  test('subcategory draws from the list of the row parent value', async () => {
    const rows = await generate(
      [
        col('cat', 'category', { values: ['fruit', 'veg'] }),
        col('sub', 'subcategory', { category: 'cat', values: { fruit: ['apple', 'pear'], veg: ['kale'] } }),
      ],
      500,
    );
    for (const r of rows) expect(r.cat === 'fruit' ? ['apple', 'pear'] : ['kale']).toContain(r.sub);
  });

  test('conditional params apply per row; later matches overwrite; unmatched rows use params', async () => {
    const rows = await generate(
      [
        col(
          'x',
          'uniform',
          { low: 0, high: 1 },
          {
            conditional_params: { "kind == 'big'": { sampler_type: 'uniform', low: 100, high: 101 }, 'n > 5': { sampler_type: 'uniform', low: 50, high: 51 } },
          },
        ),
        col('kind', 'category', { values: ['big', 'small'] }),
        col('n', 'poisson', { mean: 5 }),
      ],
      2000,
    );
    for (const r of rows) {
      const x = r.x as number;
      if ((r.n as number) > 5) expect(Math.floor(x)).toBe(50);
      else if (r.kind === 'big') expect(Math.floor(x)).toBe(100);
      else expect(x).toBeLessThan(1);
    }
    expect(new Set(rows.map((r) => Math.floor(r.x as number)))).toEqual(new Set([0, 50, 100]));
  });

  test('conditions can reference input (seed) columns and see datetimes as ISO strings', async () => {
    const rows = await generate(
      [
        col('v', 'category', { values: ['default'] }, { conditional_params: { "region == 'eu'": { sampler_type: 'category', values: ['eu-value'] } } }),
        col('w', 'category', { values: ['no'] }, { conditional_params: { "d == '2024-01-01T00:00:00'": { sampler_type: 'category', values: ['day'] } } }),
        col('d', 'datetime', { start: '2024-01-01', end: '2024-01-02' }),
      ],
      0,
      { rows: [{ region: 'eu' }, { region: 'us' }] },
    );
    expect(rows.map((r) => r.v)).toEqual(['eu-value', 'default']);
    expect(rows.map((r) => r.w)).toEqual(['day', 'day']);
  });
});

describe('constraints', () => {
  test('scalar inequality holds for every row', async () => {
    const rows = await generate([col('x', 'gaussian', { mean: 0, stddev: 1 })], 5000, {
      constraints: [{ target_column: 'x', constraint_type: 'scalar_inequality', rhs: 0.5, operator: 'gt' }],
    });
    expect(numbers(rows, 'x').every((x) => x > 0.5)).toBe(true);
  });

  test('column inequality holds and orders generation', async () => {
    const rows = await generate([col('low', 'uniform', { low: 0, high: 10 }), col('high', 'uniform', { low: 0, high: 10 })], 3000, {
      constraints: [{ target_column: 'low', constraint_type: 'column_inequality', rhs: 'high', operator: 'le' }],
    });
    expect(rows.every((r) => (r.low as number) <= (r.high as number))).toBe(true);
  });

  test('constraints see convert_to values (int) before checking', async () => {
    const rows = await generate([col('x', 'uniform', { low: 0, high: 3 }, { convert_to: 'int' })], 2000, {
      constraints: [{ target_column: 'x', rhs: 2, operator: 'ge', constraint_type: 'scalar_inequality' }],
    });
    expect(new Set(numbers(rows, 'x'))).toEqual(new Set([2, 3]));
  });

  test('impossible constraints give up after 5 × rows iterations with a helpful error', async () => {
    const attempt = generate([col('x', 'uniform', { low: 0, high: 1 })], 10, {
      constraints: [{ target_column: 'x', constraint_type: 'scalar_inequality', rhs: 2, operator: 'gt' }],
    });
    await expect(attempt).rejects.toThrow(/Column 'x'.*5 × 10 rows = 50 iterations.*x gt 2/);
    await attempt.catch((e: unknown) => {
      expect(RejectionSamplingError.isInstance(e)).toBe(true);
      expect((e as { fix?: string }).fix).toMatch(/Loosen the constraints/);
    });
  });
});
