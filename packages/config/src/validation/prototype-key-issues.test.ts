import { ConfigValidationError } from '../errors/index.js';
import { DataDesignerConfigBuilder } from '../builder/index.js';
import { loadConfig } from '../io/index.js';
import { prototypeKeyIssues } from './prototype-key-issues.js';

const sampler = { name: 'n', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1 } };

/** The issues of the ConfigValidationError `run` rejects with. */
async function issuesOf(run: () => Promise<unknown>): Promise<Array<{ path: string; message: string }>> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ConfigValidationError.isInstance(error)).toBe(true);
  return (error as InstanceType<typeof ConfigValidationError>).issues;
}

describe('__proto__ in configs', () => {
  it('refuses a `__proto__: {drop: true}` key in YAML instead of inheriting drop from it', async () => {
    const yaml = [
      'columns:',
      '  - {name: n, column_type: sampler, sampler_type: uniform, params: {low: 0, high: 1}}',
      '  - name: m',
      '    column_type: expression',
      '    expr: "{{ n }}"',
      '    __proto__: {drop: true}',
    ].join('\n');
    const issues = await issuesOf(() => loadConfig(yaml));
    expect(issues).toEqual([expect.objectContaining({ path: 'columns[1].__proto__', message: "the key '__proto__' is not allowed" })]);
  });

  it('refuses it in JSON text and in free-form mappings (extra_body)', async () => {
    const text =
      '{"columns": [{"name": "n", "column_type": "sampler", "sampler_type": "uniform", "params": {"low": 0, "high": 1}}],' +
      ' "model_configs": [{"alias": "a", "model": "m", "provider": "p", "inference_parameters": {"extra_body": {"__proto__": {"x": 1}}}}]}';
    const issues = await issuesOf(() => loadConfig(text));
    expect(issues.map((issue) => issue.path)).toEqual(['model_configs[0].inference_parameters.extra_body.__proto__']);
  });

  it('refuses a JS object literal whose fields come from a `__proto__` key, through loadConfig and the builder', async () => {
    const column = { name: 'm', column_type: 'expression' as const, expr: '{{ n }}', __proto__: { drop: true } };
    expect((column as { drop?: boolean }).drop).toBe(true); // the trap: an inherited field zod would read
    const issues = await issuesOf(() => loadConfig({ columns: [sampler, column] }));
    expect(issues.map((issue) => issue.path)).toEqual(['columns[1].__proto__']);
    const builder = new DataDesignerConfigBuilder({ modelConfigs: [{ alias: 'a', model: 'm', provider: 'p' }] });
    expect(() => builder.addColumn(column)).toThrow(/__proto__ \(this object inherits fields from it\)|'__proto__' is not allowed/);
  });

  it('refuses a column named __proto__, which would be reported as generated and be missing from the data', async () => {
    const issues = await issuesOf(() => loadConfig({ columns: [sampler, { name: '__proto__', column_type: 'expression', expr: '{{ n }}' }] }));
    expect(issues).toEqual([expect.objectContaining({ path: 'columns[1].name', message: expect.stringContaining("'__proto__' cannot be used") })]);
  });

  it('keeps constructor, toString and prototype as ordinary names: unknown fields are errors, column names work', async () => {
    const issues = await issuesOf(() => loadConfig({ columns: [{ ...sampler, constructor: 1, prototype: 2 }] }));
    expect(issues.map((issue) => issue.path).sort()).toEqual(['columns[0].constructor', 'columns[0].prototype']);
    const config = await loadConfig({ columns: [sampler, { name: 'constructor', column_type: 'expression', expr: '{{ n }}' }] });
    expect(config.columns.map((column) => column.name)).toEqual(['n', 'constructor']);
  });

  it('lists nothing for ordinary values, class instances and null-prototype objects', () => {
    expect(prototypeKeyIssues({ a: [1, { b: new Date(0) }], c: Object.create(null) as object, d: new Map() })).toEqual([]);
  });
});
