import { buildSamplerPlan } from './build-sampler-plan.js';
import { ConstraintConfigSchema, type SamplerColumnConfig } from '@dd/config';
import { SamplerConfigurationError } from './index.js';

/** Wire-form sampler columns, as the engine's own checks see them (deliberately unchecked by the config schema). */
const col = (name: string, samplerType: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}): SamplerColumnConfig =>
  ({ name, column_type: 'sampler', sampler_type: samplerType, params: { ...params, sampler_type: samplerType }, ...extra }) as SamplerColumnConfig;
const fails = (fn: () => unknown, pattern: RegExp): void => {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(SamplerConfigurationError.isInstance(error)).toBe(true);
  expect((error as Error).message).toMatch(pattern);
  expect((error as { fix?: string }).fix).toBeTruthy();
};

describe('buildSamplerPlan checks', () => {
  test('orders columns by dependencies, ties in declaration order', () => {
    const plan = buildSamplerPlan(
      [
        col('sub', 'subcategory', { category: 'cat', values: { a: ['x'], b: ['y'] } }),
        col('z', 'uniform', { low: 0, high: 1 }, { conditional_params: { 'n > 3': { low: 1, high: 2 } } }),
        col('cat', 'category', { values: ['a', 'b'] }),
        col('n', 'poisson', { mean: 2 }),
        col('t', 'timedelta', { dt_min: 0, dt_max: 1, reference_column_name: 'd' }),
        col('d', 'datetime', { start: '2024', end: '2025' }),
      ],
      [{ target_column: 'n', constraint_type: 'column_inequality', rhs: 'cat', operator: 'lt' }],
    );
    expect(plan.order.map((c) => c.name)).toEqual(['cat', 'sub', 'n', 'z', 'd', 't']);
    expect(plan.columns.map((c) => c.name)).toEqual(['sub', 'z', 'cat', 'n', 't', 'd']);
  });

  test('unique names', () => fails(() => buildSamplerPlan([col('a', 'uuid', {}), col('a', 'uuid', {})], []), /must be unique; duplicated: a/));

  test('constraint targets must be sampler columns', () =>
    fails(
      () =>
        buildSamplerPlan([col('a', 'uniform', { low: 0, high: 1 })], [{ target_column: 'llm', constraint_type: 'scalar_inequality', rhs: 1, operator: 'lt' }]),
      /not sampler columns: llm/,
    ));

  test('cycles are rejected', () =>
    fails(
      () =>
        buildSamplerPlan(
          [col('a', 'uniform', { low: 0, high: 1 }, { conditional_params: { 'b > 1': { low: 1, high: 2 } } }), col('b', 'uniform', { low: 0, high: 1 })],
          [{ target_column: 'b', constraint_type: 'column_inequality', rhs: 'a', operator: 'lt' }],
        ),
      /circular dependencies in the definitions of your sampler columns/,
    ));

  test('legacy constraints without constraint_type resolve by rhs', () => {
    const plan = buildSamplerPlan(
      [col('a', 'uniform', { low: 0, high: 1 }), col('b', 'uniform', { low: 0, high: 1 })],
      [
        ConstraintConfigSchema.parse({ target_column: 'a', rhs: '0.5', operator: 'lt' }),
        ConstraintConfigSchema.parse({ target_column: 'a', rhs: 'b', operator: 'lt' }),
      ],
    );
    expect(plan.constraints.get('a')?.map((c) => c.rhs)).toEqual([
      { kind: 'scalar', value: 0.5 },
      { kind: 'column', column: 'b' },
    ]);
  });

  test('subcategory keys must cover exactly the parent values (including conditional ones)', () => {
    const parent = col('cat', 'category', { values: ['a', 'b'] }, { conditional_params: { 'n > 1': { values: ['c'] } } });
    fails(
      () =>
        buildSamplerPlan(
          [parent, col('n', 'poisson', { mean: 1 }), col('sub', 'subcategory', { category: 'cat', values: { a: ['x'], b: ['y'], z: ['w'] } })],
          [],
        ),
      /missing: c; not values of 'cat': z/,
    );
    fails(
      () => buildSamplerPlan([col('sub', 'subcategory', { category: 'u', values: { a: ['x'] } }), col('u', 'uuid', {})], []),
      /parent 'u' is a 'uuid' sampler/,
    );
    fails(
      () => buildSamplerPlan([col('sub', 'subcategory', { category: 'cat', values: { a: [] } }), col('cat', 'category', { values: ['a'] })], []),
      /must be non-empty/,
    );
  });

  test('convert_to validity', () => {
    fails(() => buildSamplerPlan([col('a', 'uniform', { low: 0, high: 1 }, { convert_to: 'bool' })], []), /invalid convert_to value 'bool'/);
    fails(() => buildSamplerPlan([col('d', 'datetime', { start: '2024', end: '2025' }, { convert_to: 'yyyy' })], []), /invalid datetime format 'yyyy'/);
    fails(() => buildSamplerPlan([col('d', 'datetime', { start: '2024', end: '2025' }, { convert_to: '%Y-%Q' })], []), /unsupported directives %Q/);
    expect(() => buildSamplerPlan([col('u', 'uuid', {}, { convert_to: 'whatever' })], [])).not.toThrow();
  });

  test('datetime start/end must parse and be ordered', () => {
    fails(() => buildSamplerPlan([col('d', 'datetime', { start: 'not a date', end: '2025' })], []), /invalid datetime format: "not a date"/);
    fails(() => buildSamplerPlan([col('d', 'datetime', { start: '2025', end: '2024' })], []), /must be before 'end'/);
  });

  test('timedelta dt_min < dt_max', () =>
    fails(
      () => buildSamplerPlan([col('t', 'timedelta', { dt_min: 3, dt_max: 3, reference_column_name: 'x' })], []),
      /'dt_min' \(3\) must be less than 'dt_max' \(3\)/,
    ));

  test('scipy names and params are checked', () => {
    fails(() => buildSamplerPlan([col('s', 'scipy', { dist_name: 'zipfian', dist_params: {} })], []), /'zipfian' is not supported.*norm/);
    fails(() => buildSamplerPlan([col('s', 'scipy', { dist_name: 'gamma', dist_params: { shape: 2 } })], []), /unknown parameter 'shape'/);
    fails(() => buildSamplerPlan([col('s', 'scipy', { dist_name: 'gamma', dist_params: {} })], []), /missing required parameter 'a'/);
    fails(() => buildSamplerPlan([col('s', 'bernoulli_mixture', { p: 0.5, dist_name: 'norm', dist_params: { scale: -1 } })], []), /'scale' = -1 must be > 0/);
  });

  test('unknown sampler types, bad params and mismatched params sampler_type', () => {
    fails(() => buildSamplerPlan([col('a', 'zipf', {})], []), /unknown sampler_type 'zipf'/);
    fails(() => buildSamplerPlan([col('a', 'bernoulli', { p: 2 })], []), /'p' = 2 is outside \[0, 1\]/);
    fails(() => buildSamplerPlan([col('a', 'category', { values: ['x'], weights: [0] })], []), /must sum to a non-zero value/);
    fails(() => buildSamplerPlan([col('a', 'uuid', {}, { params: { sampler_type: 'category', values: [1] } })], []), /declare sampler_type 'category'/);
  });

  test('person sampler without the managed dataset names the download command and the Faker alternative', () => {
    let error: unknown;
    try {
      buildSamplerPlan([col('p', 'person', { locale: 'ja_JP' })], [], '/nonexistent/datasets');
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/Column 'p'.*locale 'ja_JP'.*\/nonexistent\/datasets\/ja_JP\.parquet/);
    expect((error as { fix: string }).fix).toMatch(/data-designer download personas --locale ja_JP.*person_from_faker/);
    fails(() => buildSamplerPlan([col('p', 'person', { locale: 'de_DE' })], []), /locale 'de_DE' has no managed person dataset/);
    fails(() => buildSamplerPlan([col('p', 'person_from_faker', { age_range: [30, 20] })], []), /'age_range' \[30,20\] is invalid/);
  });
});
