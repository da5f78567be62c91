import { loadConfig } from '../io/index.js';
import { ConfigValidationError, type ConfigIssue } from '../errors/index.js';

async function issuesOf(columns: unknown[]): Promise<ConfigIssue[]> {
  const error = await loadConfig({ columns }).catch((caught: unknown) => caught);
  if (!ConfigValidationError.isInstance(error)) throw new Error('expected a ConfigValidationError');
  return error.issues;
}

describe('hints for sampler params', () => {
  it.each([
    ['category', { values: ['a'], wieghts: [1] }, 'wieghts', "did you mean 'weights'?"],
    ['uniform', { low: 0, high: 1, decimal_place: 2 }, 'decimal_place', "did you mean 'decimal_places'?"],
    ['gaussian', { mean: 0, stddev: 1, zzz: 1 }, 'zzz', 'allowed fields: mean, stddev, decimal_places, sampler_type'],
    ['uuid', { prefx: 'id-' }, 'prefx', "did you mean 'prefix'?"],
  ])("an unknown key under %s params names that sampler's fields", async (samplerType, params, key, fix) => {
    const issues = await issuesOf([{ name: 'x', column_type: 'sampler', sampler_type: samplerType, params }]);
    expect(issues).toEqual([expect.objectContaining({ path: `columns[0].params.${key}`, message: `unknown field '${key}'`, fix })]);
  });

  it('a misspelled sampler_type gives one issue with a did-you-mean', async () => {
    const issues = await issuesOf([{ name: 'x', column_type: 'sampler', sampler_type: 'categry', params: { values: ['a'] } }]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'columns[0].sampler_type', value: 'categry' });
    expect(issues[0]?.fix).toContain('(closest: "category")');
  });
});
