import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../io/index.js';
import { discoverPlugins, loadPlugins } from './load-plugins.js';
import { registeredPlugins, unregisterPlugin } from './plugin-registry.js';

// The temp project lives inside packages/config so that `zod` resolves from the fake plugins.
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplePluginDir = path.resolve(packageDir, '../../examples/plugins/index-multiplier');

let projectDir: string;
let previousDisable: string | undefined;

function writePackage(name: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): string {
  const dir = path.join(projectDir, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', ...manifest }));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const FAKE_COLUMN_MODULE = `import { z } from 'zod';
export const discriminatorValue = 'fake-col';
export const configSchema = z.strictObject({
  name: z.string(),
  drop: z.boolean().default(false),
  column_type: z.literal('fake-col'),
  skip: z.null().default(null),
  propagate_skip: z.boolean().default(true),
  factor: z.number().default(1),
});
`;

beforeEach(() => {
  previousDisable = process.env.DISABLE_DATA_DESIGNER_PLUGINS;
  delete process.env.DISABLE_DATA_DESIGNER_PLUGINS;
  projectDir = mkdtempSync(path.join(packageDir, '.tmp-test-plugins-'));
  writePackage('plain-dependency', {});
  writePackage(
    'fake-plugin',
    { dataDesigner: { plugins: [{ name: 'fake-col', type: 'column-generator', configModule: 'config.mjs' }] } },
    { 'config.mjs': FAKE_COLUMN_MODULE },
  );
  writePackage(
    '@scope/broken-plugin',
    { dataDesigner: { plugins: [{ name: 'broken', type: 'processor', configModule: 'config.mjs' }] } },
    { 'config.mjs': "throw new Error('boom on import');\n" },
  );
  writePackage(
    'empty-plugin',
    { dataDesigner: { plugins: [{ name: 'empty', type: 'seed-reader', configModule: 'config.mjs' }] } },
    { 'config.mjs': 'export const unrelated = 1;\n' },
  );
  writePackage('invalid-declaration', {
    dataDesigner: {
      plugins: [
        { name: 'nameless-module', type: 'column-generator' },
        { name: 'odd', type: 'widget', configModule: 'x.mjs' },
      ],
    },
  });
  writePackage('not-a-list', { dataDesigner: { plugins: { name: 'x' } } });
});

afterEach(() => {
  if (previousDisable === undefined) delete process.env.DISABLE_DATA_DESIGNER_PLUGINS;
  else process.env.DISABLE_DATA_DESIGNER_PLUGINS = previousDisable;
  for (const plugin of registeredPlugins()) unregisterPlugin(plugin.name);
  rmSync(projectDir, { recursive: true, force: true });
});

describe('discoverPlugins', () => {
  it('finds declarations in node_modules (scoped packages too) and reports invalid ones', () => {
    const discovery = discoverPlugins(projectDir);
    const found = discovery.plugins.map((plugin) => [plugin.packageName, plugin.name, plugin.type]).sort();
    expect(found).toEqual([
      ['@scope/broken-plugin', 'broken', 'processor'],
      ['empty-plugin', 'empty', 'seed-reader'],
      ['fake-plugin', 'fake-col', 'column-generator'],
    ]);
    const fake = discovery.plugins.find((plugin) => plugin.name === 'fake-col');
    expect(fake?.packageDir).toBe(path.join(projectDir, 'node_modules', 'fake-plugin'));
    expect(discovery.warnings).toHaveLength(3);
    expect(discovery.warnings.join('\n')).toMatch(/'nameless-module' of package 'invalid-declaration'.*configModule/);
    expect(discovery.warnings.join('\n')).toMatch(/'odd' of package 'invalid-declaration'.*type/);
    expect(discovery.warnings.join('\n')).toContain("Package 'not-a-list': dataDesigner.plugins must be a list");
  });

  it('finds nothing without node_modules', () => {
    expect(discoverPlugins(path.join(projectDir, 'nowhere'))).toEqual({ plugins: [], warnings: [] });
  });

  it.each(['true', 'TRUE', 'True'])('is disabled by DISABLE_DATA_DESIGNER_PLUGINS=%s', async (value) => {
    process.env.DISABLE_DATA_DESIGNER_PLUGINS = value;
    expect(discoverPlugins(projectDir)).toEqual({ plugins: [], warnings: [] });
    expect(await loadPlugins(projectDir)).toEqual({ plugins: [], warnings: [] });
    expect(registeredPlugins()).toEqual([]);
  });

  it('is not disabled by other values', () => {
    process.env.DISABLE_DATA_DESIGNER_PLUGINS = '1';
    expect(discoverPlugins(projectDir).plugins).toHaveLength(3);
  });
});

describe('loadPlugins', () => {
  it('registers loadable plugins and skips the others with a warning', async () => {
    const result = await loadPlugins(projectDir);
    expect(result.plugins.map((plugin) => plugin.name)).toEqual(['fake-col']);
    expect(registeredPlugins().map((plugin) => [plugin.name, plugin.pluginType, plugin.discriminatorValue])).toEqual([
      ['fake-col', 'column-generator', 'fake-col'],
    ]);
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(/Plugin 'broken' \(@scope\/broken-plugin\) failed to load: boom on import; skipped/);
    expect(warnings).toMatch(/Plugin 'empty' \(empty-plugin\): its config module must export configSchema and discriminatorValue/);

    const config = await loadConfig({ columns: [{ name: 'f', column_type: 'fake-col', factor: 4 }] });
    expect(config.columns[0]).toEqual({ name: 'f', drop: false, column_type: 'fake-col', skip: null, propagate_skip: true, factor: 4 });
  });

  it('skips a plugin whose schema lacks its discriminator', async () => {
    writePackage(
      'wrong-schema',
      { dataDesigner: { plugins: [{ name: 'wrong', type: 'column-generator', configModule: 'config.mjs' }] } },
      {
        'config.mjs': "import { z } from 'zod';\nexport const discriminatorValue = 'wrong';\nexport const configSchema = z.object({ name: z.string() });\n",
      },
    );
    const result = await loadPlugins(projectDir);
    expect(result.plugins.map((plugin) => plugin.name)).toEqual(['fake-col']);
    expect(result.warnings.join('\n')).toMatch(/Plugin 'wrong' \(wrong-schema\) failed to load: .*column_type/);
  });

  it('loads the example index-multiplier plugin package', async () => {
    const dir = path.join(projectDir, 'node_modules', '@dd', 'plugin-index-multiplier');
    mkdirSync(dir, { recursive: true });
    for (const file of ['package.json', 'config.mjs', 'engine.mjs']) copyFileSync(path.join(examplePluginDir, file), path.join(dir, file));

    const result = await loadPlugins(projectDir);
    const example = result.plugins.find((plugin) => plugin.packageName === '@dd/plugin-index-multiplier');
    expect(example).toMatchObject({ name: 'index-multiplier', type: 'column-generator', configModule: 'config.mjs', engineModule: 'engine.mjs' });

    const config = await loadConfig({
      columns: [
        { name: 'idx', column_type: 'index-multiplier', multiplier: 3 },
        { name: 'idx2', column_type: 'index-multiplier' },
      ],
    });
    expect(config.columns.map((column) => (column as { multiplier?: number }).multiplier)).toEqual([3, 2]);

    const engine = (await import(pathToFileURL(path.join(dir, 'engine.mjs')).href)) as {
      createGenerator(column: { name: string; multiplier: number }): {
        name: string;
        columns: string[];
        requiredColumns: string[];
        strategy: string;
        generateBatch(rows: object[], ctx: { rowOffset: number }): Promise<Array<Record<string, number>>>;
      };
    };
    const generator = engine.createGenerator({ name: 'idx', multiplier: 3 });
    expect(generator).toMatchObject({ name: 'idx', columns: ['idx'], requiredColumns: [], strategy: 'full_column' });
    expect(await generator.generateBatch([{}, {}, {}], { rowOffset: 10 })).toEqual([{ idx: 30 }, { idx: 33 }, { idx: 36 }]);
  });
});
