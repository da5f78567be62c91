import { z } from 'zod';
import { columnConfigSchema } from '../columns/index.js';
import { ConfigValidationError, PluginError } from '../errors/index.js';
import { loadConfig } from '../io/index.js';
import { configJsonSchemaText } from '../json-schema/index.js';
import { registerPlugin, registeredPlugins, unregisterPlugin, type PluginRegistration } from './plugin-registry.js';

const COLUMN_PLUGIN: PluginRegistration = {
  name: 'index-multiplier',
  pluginType: 'column-generator',
  discriminatorValue: 'index-multiplier',
  configSchema: columnConfigSchema('index-multiplier', { multiplier: z.number().default(2) }),
};

const SEED_PLUGIN: PluginRegistration = {
  name: 'bucket-reader',
  pluginType: 'seed-reader',
  discriminatorValue: 'bucket',
  configSchema: z.object({ seed_type: z.literal('bucket'), uri: z.string() }),
};

const PROCESSOR_PLUGIN: PluginRegistration = {
  name: 'upper-caser',
  pluginType: 'processor',
  discriminatorValue: 'upper_case',
  configSchema: z.strictObject({ name: z.string(), processor_type: z.literal('upper_case'), column_names: z.array(z.string()) }),
};

const PLUGIN_COLUMN = { name: 'n', column_type: 'index-multiplier', multiplier: 3 };

async function loadError(config: Record<string, unknown>): Promise<ConfigValidationError> {
  try {
    await loadConfig(config);
  } catch (error) {
    if (ConfigValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

afterEach(() => {
  for (const plugin of registeredPlugins()) unregisterPlugin(plugin.name);
});

describe('column plugins', () => {
  it('are rejected before registration, listed and accepted after it', async () => {
    const before = await loadError({ columns: [PLUGIN_COLUMN] });
    expect(before.issues.some((issue) => issue.fix?.includes('index-multiplier'))).toBe(false);

    registerPlugin(COLUMN_PLUGIN);
    expect(registeredPlugins('column-generator').map((plugin) => plugin.name)).toEqual(['index-multiplier']);
    const config = await loadConfig({ columns: [PLUGIN_COLUMN, { name: 'm', column_type: 'index-multiplier' }] });
    expect(config.columns).toEqual([
      { name: 'n', drop: false, column_type: 'index-multiplier', skip: null, propagate_skip: true, multiplier: 3 },
      { name: 'm', drop: false, column_type: 'index-multiplier', skip: null, propagate_skip: true, multiplier: 2 },
    ]);

    const unknown = await loadError({ columns: [{ name: 'x', column_type: 'index-multiplierr' }] });
    const fix = unknown.issues.map((issue) => issue.fix ?? '').join(' ');
    expect(fix).toContain('index-multiplier');
    expect(fix).toContain('llm-text');
  });

  it('validate their own fields and reject unknown keys', async () => {
    registerPlugin(COLUMN_PLUGIN);
    await expect(loadConfig({ columns: [{ ...PLUGIN_COLUMN, multiplier: 'many' }] })).rejects.toThrow(ConfigValidationError);
    await expect(loadConfig({ columns: [{ ...PLUGIN_COLUMN, extra: 1 }] })).rejects.toThrow(ConfigValidationError);
  });

  it('appear in the JSON Schema while registered', () => {
    expect(configJsonSchemaText()).not.toContain('index-multiplier');
    registerPlugin(COLUMN_PLUGIN);
    const text = configJsonSchemaText();
    expect(text).toContain('"index-multiplier"');
    expect(text).toContain('"multiplier"');
    unregisterPlugin('index-multiplier');
    expect(configJsonSchemaText()).not.toContain('index-multiplier');
  });

  it('are removed by unregisterPlugin', async () => {
    registerPlugin(COLUMN_PLUGIN);
    unregisterPlugin('index-multiplier');
    expect(registeredPlugins()).toEqual([]);
    await expect(loadConfig({ columns: [PLUGIN_COLUMN] })).rejects.toThrow(ConfigValidationError);
  });

  it('replace an earlier registration of the same name', async () => {
    registerPlugin(COLUMN_PLUGIN);
    registerPlugin({ ...COLUMN_PLUGIN, configSchema: columnConfigSchema('index-multiplier', { multiplier: z.number().default(5) }) });
    expect(registeredPlugins()).toHaveLength(1);
    const config = await loadConfig({ columns: [{ name: 'm', column_type: 'index-multiplier' }] });
    expect(config.columns[0]).toMatchObject({ multiplier: 5 });
  });
});

describe('bad plugin declarations', () => {
  it('refuse a schema without the discriminator literal', () => {
    const missing = z.strictObject({ name: z.string(), multiplier: z.number() });
    expect(() => registerPlugin({ ...COLUMN_PLUGIN, configSchema: missing })).toThrow(PluginError);
    expect(() => registerPlugin({ ...COLUMN_PLUGIN, configSchema: columnConfigSchema('other-type', {}) })).toThrow(PluginError);
    expect(() => registerPlugin({ ...COLUMN_PLUGIN, configSchema: z.object({ column_type: z.string() }) })).toThrow(PluginError);
    expect(registeredPlugins()).toEqual([]);
  });

  it('refuse an invalid discriminator value or plugin type', () => {
    expect(() => registerPlugin({ ...COLUMN_PLUGIN, discriminatorValue: '1 bad', configSchema: columnConfigSchema('1 bad', {}) })).toThrow(PluginError);
    expect(() => registerPlugin({ ...COLUMN_PLUGIN, pluginType: 'widget' as never })).toThrow(PluginError);
  });

  it('refuse a discriminator already used by a built-in or another plugin', async () => {
    expect(() =>
      registerPlugin({ ...COLUMN_PLUGIN, name: 'fake-expression', discriminatorValue: 'expression', configSchema: columnConfigSchema('expression', {}) }),
    ).toThrow(/already used by a built-in type/);
    expect(() =>
      registerPlugin({
        ...PROCESSOR_PLUGIN,
        discriminatorValue: 'drop_columns',
        configSchema: z.object({ name: z.string(), processor_type: z.literal('drop_columns') }),
      }),
    ).toThrow(PluginError);
    registerPlugin(COLUMN_PLUGIN);
    expect(() => registerPlugin({ ...COLUMN_PLUGIN, name: 'copycat' })).toThrow(/plugin 'index-multiplier'/);
    expect(registeredPlugins().map((plugin) => plugin.name)).toEqual(['index-multiplier']);
    // The schemas still work after the refused registrations.
    await expect(loadConfig({ columns: [PLUGIN_COLUMN] })).resolves.toBeDefined();
  });
});

describe('seed-reader and processor plugins', () => {
  it('extend the seed source union', async () => {
    const config = { columns: [{ name: 'e', column_type: 'expression', expr: '{{ 1 }}' }], seed_config: { source: { seed_type: 'bucket', uri: 's3://b/k' } } };
    await expect(loadConfig(config)).rejects.toThrow(ConfigValidationError);
    registerPlugin(SEED_PLUGIN);
    const loaded = await loadConfig(config);
    expect(loaded.seed_config).toEqual({ source: { seed_type: 'bucket', uri: 's3://b/k' }, sampling_strategy: 'ordered', selection_strategy: null });
    expect(configJsonSchemaText()).toContain('"bucket"');
  });

  it('extend the processor union', async () => {
    const config = {
      columns: [{ name: 'e', column_type: 'expression', expr: '{{ 1 }}' }],
      processors: [{ name: 'up', processor_type: 'upper_case', column_names: ['e'] }],
    };
    await expect(loadConfig(config)).rejects.toThrow(ConfigValidationError);
    registerPlugin(PROCESSOR_PLUGIN);
    expect((await loadConfig(config)).processors).toEqual([{ name: 'up', processor_type: 'upper_case', column_names: ['e'] }]);
    expect(configJsonSchemaText()).toContain('"upper_case"');
  });
});
