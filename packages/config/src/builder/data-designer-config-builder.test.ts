import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuilderConfigurationError, ConfigValidationError } from '../errors/index.js';
import { DataDesignerConfigBuilder } from './data-designer-config-builder.js';

const MODEL = { alias: 'text', model: 'some/model', provider: 'nvidia' };
const TOOL = { tool_alias: 'search', providers: ['web'] };

let home: string;
let previousHome: string | undefined;

beforeEach(() => {
  previousHome = process.env.DATA_DESIGNER_HOME;
  home = mkdtempSync(path.join(os.tmpdir(), 'dd-builder-home-'));
  process.env.DATA_DESIGNER_HOME = home;
});

afterEach(() => {
  if (previousHome === undefined) delete process.env.DATA_DESIGNER_HOME;
  else process.env.DATA_DESIGNER_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

function builderWithColumns(): DataDesignerConfigBuilder {
  return new DataDesignerConfigBuilder({ modelConfigs: [MODEL] })
    .addSamplerColumn({ name: 'product', samplerType: 'category', params: { values: ['router', 'laptop'], weights: [1, 3] } })
    .addSamplerColumn({ name: 'price', samplerType: 'uniform', params: { low: 1, high: 10 } })
    .addExpressionColumn({ name: 'label', expr: '{{ product }} at {{ price }}' })
    .addLlmTextColumn({ name: 'review', prompt: 'Review {{ product }}', modelAlias: 'text' });
}

const names = (builder: DataDesignerConfigBuilder) => builder.getColumnConfigs().map((column) => column.name);

describe('columns', () => {
  it('camelCase helpers produce the snake_case wire form', () => {
    const builder = builderWithColumns();
    expect(builder.getColumnConfig('product')).toMatchObject({
      column_type: 'sampler',
      sampler_type: 'category',
      params: { sampler_type: 'category', values: ['router', 'laptop'], weights: [0.25, 0.75] },
      conditional_params: {},
      convert_to: null,
      drop: false,
    });
    expect(builder.getColumnConfig('label')).toMatchObject({ column_type: 'expression', expr: '{{ product }} at {{ price }}', dtype: 'str' });
    expect(builder.getColumnConfig('review')).toMatchObject({ column_type: 'llm-text', model_alias: 'text', system_prompt: null, with_trace: 'none' });
  });

  it('replaces a column of the same name in place', () => {
    const builder = builderWithColumns().addColumn({ name: 'price', column_type: 'expression', expr: '{{ 3 }}' });
    expect(names(builder)).toEqual(['product', 'price', 'label', 'review']);
    expect(builder.getColumnConfig('price').column_type).toBe('expression');
  });

  it('queries columns by type', () => {
    const builder = builderWithColumns();
    expect(builder.getColumnsOfType('sampler').map((column) => column.name)).toEqual(['product', 'price']);
    expect(builder.getColumnsExcludingType('sampler').map((column) => column.name)).toEqual(['label', 'review']);
    expect(builder.numColumnsOfType('llm-text')).toBe(1);
    expect(builder.allowedReferences).toEqual(expect.arrayContaining(['product', 'price', 'label', 'review']));
  });

  it('deletes columns, ignores unknown names and refuses seed-dataset columns', () => {
    const builder = builderWithColumns().addColumn({ name: 'seed_col', column_type: 'seed-dataset' });
    builder.deleteColumn('label').deleteColumn('nope');
    expect(names(builder)).toEqual(['product', 'price', 'review', 'seed_col']);
    expect(() => builder.deleteColumn('seed_col')).toThrow(BuilderConfigurationError);
    expect(() => builder.getColumnConfig('label')).toThrow(BuilderConfigurationError);
  });

  it('rejects an invalid column with a ConfigValidationError', () => {
    const builder = new DataDesignerConfigBuilder({ modelConfigs: [MODEL] });
    // @ts-expect-error an unknown column_type does not compile; at run time it is a validation error
    expect(() => builder.addColumn({ name: 'x', column_type: 'not-a-type' })).toThrow(ConfigValidationError);
  });
});

describe('models and tools', () => {
  it('refuses duplicate model and tool aliases', () => {
    const builder = new DataDesignerConfigBuilder({ modelConfigs: [MODEL], toolConfigs: [TOOL] });
    expect(() => builder.addModelConfig(MODEL)).toThrow(BuilderConfigurationError);
    expect(() => builder.addToolConfig(TOOL)).toThrow(BuilderConfigurationError);
  });

  it('adds, gets and deletes model and tool configs', () => {
    const builder = new DataDesignerConfigBuilder({ modelConfigs: [MODEL] });
    builder.addModelConfig({ ...MODEL, alias: 'other' }).deleteModelConfig('text');
    expect(builder.modelConfigs.map((model) => model.alias)).toEqual(['other']);
    builder.addToolConfig(TOOL);
    expect(builder.getToolConfig('search')).toMatchObject({ tool_alias: 'search', allow_tools: null, max_tool_call_turns: 5 });
    builder.deleteToolConfig('search');
    expect(builder.toolConfigs).toEqual([]);
    expect(() => builder.getToolConfig('search')).toThrow(BuilderConfigurationError);
  });
});

describe('constraints, processors, profilers, seed', () => {
  it('adds, gets and deletes constraints by target column', () => {
    const builder = builderWithColumns()
      .addConstraint({ target_column: 'price', constraint_type: 'scalar_inequality', operator: 'lt', rhs: 9 })
      .addConstraint({ target_column: 'price', operator: 'gt', rhs: 2 })
      .addConstraint({ target_column: 'product', operator: 'lt', rhs: 'price' });
    expect(builder.getConstraints('price')).toHaveLength(2);
    expect(builder.getConstraints('product')[0]).toMatchObject({ constraint_type: 'column_inequality', rhs: 'price' });
    builder.deleteConstraints('price');
    expect(builder.getConstraints('price')).toEqual([]);
    expect(builder.build().constraints).toHaveLength(1);
  });

  it('upserts processors by name, setting and reverting drop marks (globs included)', () => {
    const builder = builderWithColumns().addColumn({ name: 'price_usd', column_type: 'expression', expr: '{{ price }}' });
    builder.addProcessor({ name: 'drop', processor_type: 'drop_columns', column_names: ['price*'] });
    builder.addProcessor({ name: 'drop_label', processor_type: 'drop_columns', column_names: ['label', 'price'] });
    const dropped = () =>
      builder
        .getColumnConfigs()
        .filter((column) => column.drop)
        .map((column) => column.name);
    expect(dropped()).toEqual(['price', 'label', 'price_usd']);

    builder.addProcessor({ name: 'drop', processor_type: 'drop_columns', column_names: ['review'] });
    // price stays dropped by drop_label; price_usd is reverted.
    expect(dropped()).toEqual(['price', 'label', 'review']);

    builder.addProcessor({ name: 'drop', processor_type: 'schema_transform', template: { text: '{{ review }}' } });
    expect(dropped()).toEqual(['price', 'label']);
    expect(builder.getProcessorConfigs().map((processor) => [processor.name, processor.processor_type])).toEqual([
      ['drop_label', 'drop_columns'],
      ['drop', 'schema_transform'],
    ]);
  });

  it('keeps profilers and the seed config', () => {
    const builder = builderWithColumns().addProfiler({ model_alias: 'text' });
    expect(builder.getProfilers()).toEqual([{ model_alias: 'text', summary_score_sample_size: 20 }]);
    expect(builder.getSeedConfig()).toBeNull();
    builder.withSeedDataset({ seed_type: 'hf', path: 'org/data' }, { samplingStrategy: 'shuffle', selectionStrategy: { start: 0, end: 9 } });
    expect(builder.getSeedConfig()).toEqual({
      source: { seed_type: 'hf', path: 'org/data', token: null, endpoint: 'https://huggingface.co' },
      sampling_strategy: 'shuffle',
      selection_strategy: { start: 0, end: 9 },
    });
    builder.withSeedDataset({ seed_type: 'hf', path: 'org/other' });
    expect(builder.getSeedConfig()).toMatchObject({ source: { path: 'org/other' }, sampling_strategy: 'ordered', selection_strategy: null });
  });
});

describe('build', () => {
  it('returns a validated config with null for empty optional lists', () => {
    const config = builderWithColumns().build();
    expect(config.columns.map((column) => column.name)).toEqual(['product', 'price', 'label', 'review']);
    expect(config.model_configs?.map((model) => model.alias)).toEqual(['text']);
    expect(config.tool_configs).toEqual([]);
    expect(config).toMatchObject({ seed_config: null, constraints: null, profilers: null, processors: null });
  });

  it('re-validates the whole config (a subcategory parent must be a category sampler)', () => {
    const builder = builderWithColumns().addSamplerColumn({ name: 'model', samplerType: 'subcategory', params: { category: 'label', values: { a: ['b'] } } });
    expect(() => builder.build()).toThrow(ConfigValidationError);
  });

  it('rejects duplicate allow_tools entries', () => {
    const builder = builderWithColumns().addToolConfig({ ...TOOL, allow_tools: ['fetch', 'grep', 'fetch'] });
    expect(() => builder.build()).toThrow(BuilderConfigurationError);
    expect(() => builder.build()).toThrow(/fetch/);
  });

  it('wraps the config with the library version', () => {
    const wrapped = builderWithColumns().getBuilderConfig();
    expect(typeof wrapped.library_version).toBe('string');
    expect(wrapped.data_designer.columns).toHaveLength(4);
  });
});

describe('writeConfig and fromConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dd-builder-io-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fullBuilder(): DataDesignerConfigBuilder {
    return builderWithColumns()
      .addToolConfig({ ...TOOL, allow_tools: ['fetch'] })
      .addConstraint({ target_column: 'price', operator: 'lt', rhs: 9 })
      .addProcessor({ name: 'drop', processor_type: 'drop_columns', column_names: ['label'] })
      .addProfiler({ model_alias: 'text' })
      .withSeedDataset({ seed_type: 'hf', path: 'org/data' });
  }

  it.each(['config.yaml', 'config.yml', 'config.json'])('round-trips through %s', async (fileName) => {
    const file = path.join(dir, fileName);
    const original = fullBuilder();
    await original.writeConfig(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('library_version');
    const reloaded = await DataDesignerConfigBuilder.fromConfig(file);
    expect(reloaded.build()).toEqual(original.build());
    expect(reloaded.getColumnConfig('label').drop).toBe(true);
  });

  it('writes YAML with sorted keys and JSON in declaration order', async () => {
    const builder = fullBuilder();
    await builder.writeConfig(path.join(dir, 'c.yaml'));
    await builder.writeConfig(path.join(dir, 'c.json'));
    const yaml = readFileSync(path.join(dir, 'c.yaml'), 'utf8');
    expect(yaml.startsWith('data_designer:\n  columns:\n')).toBe(true);
    const json = JSON.parse(readFileSync(path.join(dir, 'c.json'), 'utf8')) as { data_designer: Record<string, unknown> };
    expect(Object.keys(json.data_designer)).toEqual(['columns', 'model_configs', 'tool_configs', 'seed_config', 'constraints', 'profilers', 'processors']);
  });

  it('refuses other extensions', async () => {
    await expect(fullBuilder().writeConfig(path.join(dir, 'config.txt'))).rejects.toThrow(BuilderConfigurationError);
  });

  it('keeps the first position of a column name repeated later in the file', async () => {
    const builder = await DataDesignerConfigBuilder.fromConfig({
      model_configs: [MODEL],
      columns: [
        { name: 'a', column_type: 'expression', expr: '{{ 1 }}' },
        { name: 'b', column_type: 'expression', expr: '{{ 2 }}' },
        { name: 'a', column_type: 'expression', expr: '{{ 3 }}' },
      ],
    });
    expect(names(builder)).toEqual(['a', 'b']);
    expect(builder.getColumnConfig('a')).toMatchObject({ expr: '{{ 3 }}' });
  });
});

describe('default model configs (§7.4, §11.1)', () => {
  it('reads <DATA_DESIGNER_HOME>/model_configs.yaml when no model configs are given', () => {
    writeFileSync(path.join(home, 'model_configs.yaml'), 'model_configs:\n  - alias: home-text\n    model: home/model\n    provider: nvidia\n');
    expect(new DataDesignerConfigBuilder().modelConfigs.map((model) => model.alias)).toEqual(['home-text']);
    expect(new DataDesignerConfigBuilder({ modelConfigs: [] }).modelConfigs.map((model) => model.alias)).toEqual(['home-text']);
    expect(new DataDesignerConfigBuilder({ modelConfigs: [MODEL] }).modelConfigs.map((model) => model.alias)).toEqual(['text']);
  });

  it('has no model configs when the file is missing (no implicit built-in fallback)', () => {
    expect(new DataDesignerConfigBuilder().modelConfigs).toEqual([]);
    expect(new DataDesignerConfigBuilder({ modelConfigs: null }).build().model_configs).toEqual([]);
  });

  it('fromConfig with empty model_configs takes the default-model path', async () => {
    writeFileSync(path.join(home, 'model_configs.yaml'), 'model_configs:\n  - alias: home-text\n    model: home/model\n    provider: nvidia\n');
    const builder = await DataDesignerConfigBuilder.fromConfig({ model_configs: [], columns: [{ name: 'a', column_type: 'expression', expr: '{{ 1 }}' }] });
    expect(builder.modelConfigs.map((model) => model.alias)).toEqual(['home-text']);
  });
});
