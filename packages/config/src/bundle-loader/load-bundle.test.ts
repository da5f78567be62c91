import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadBundle } from './load-bundle.js';

process.env.DATA_DESIGNER_CODE_CACHE = 'off';

/** A package folder `node_modules/<name>` under `root` whose dist/bundle.cjs holds `code`. */
function fixturePackage(root: string, name: string, code: string): string {
  const dir = path.join(root, 'node_modules', name);
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, type: 'module', exports: { '.': './dist/index.js' } }));
  writeFileSync(path.join(dir, 'dist', 'index.js'), '// entry module (its code is in bundle.cjs)\n');
  writeFileSync(path.join(dir, 'dist', 'bundle.cjs'), code);
  writeFileSync(path.join(dir, 'dist', 'bundle-import.js'), 'export default (specifier) => import(specifier);\n');
  return path.join(dir, 'dist', 'bundle.cjs');
}

/** Two fixture packages: `@dd/fixture-user` requires `@dd/fixture-base`. */
function fixtures() {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'dd-bundle-loader-')));
  const base = fixturePackage(
    root,
    '@dd/fixture-base',
    `const state = { count: 0 };
module.exports = { entries: { 'index.js': () => ({ state, url: __dd_meta.url, bump: () => ++state.count }) } };`,
  );
  const user = fixturePackage(
    root,
    '@dd/fixture-user',
    `const base = require('@dd/fixture-base');
const again = require('@dd/fixture-base');
const strict = (function () { return this === undefined; })();
module.exports = { entries: { 'index.js': () => ({ base, again, strict, loadOs: () => __dd_meta.import('node:os'), loadPath: () => __dd_meta.import('path') }) } };`,
  );
  return { base, user };
}

describe('loadBundle', () => {
  it('runs a bundle once and hands every caller, and every bundle requiring it, the same namespace', () => {
    const { base, user } = fixtures();
    const first = loadBundle(pathToFileURL(base), 'index.js') as { state: { count: number }; url: string; bump: () => number };
    const second = loadBundle(pathToFileURL(base).href, 'index.js');
    expect(second).toBe(first);
    const fromUser = loadBundle(pathToFileURL(user), 'index.js') as { base: unknown; again: unknown };
    expect(fromUser.base).toBe(first);
    expect(fromUser.again).toBe(first);
    first.bump();
    expect((fromUser.base as typeof first).state.count).toBe(1);
    expect(first.url).toBe(pathToFileURL(base).href);
  });

  it('runs bundles in strict mode, as the ES modules they come from, and gives them import()', async () => {
    const { user } = fixtures();
    const loaded = loadBundle(pathToFileURL(user), 'index.js') as {
      strict: boolean;
      loadOs: () => Promise<{ cpus: unknown }>;
      loadPath: () => Promise<{ join: unknown }>;
    };
    expect(loaded.strict).toBe(true);
    expect(typeof (await loaded.loadOs()).cpus).toBe('function');
    expect(typeof (await loaded.loadPath()).join).toBe('function');
  });

  it("sends a bundle's import() through the module the build writes beside it, and says to rebuild without it", async () => {
    const { user } = fixtures();
    writeFileSync(
      path.join(path.dirname(user), 'bundle-import.js'),
      'export default (specifier) => import(specifier).then((module) => ({ module, via: "beside" }));\n',
    );
    const loaded = loadBundle(pathToFileURL(user), 'index.js') as { loadOs: () => Promise<{ via: string; module: { cpus: unknown } }> };
    const imported = await loaded.loadOs();
    expect(imported.via).toBe('beside');
    expect(typeof imported.module.cpus).toBe('function');
    const { base } = fixtures();
    rmSync(path.join(path.dirname(base), 'bundle-import.js'));
    writeFileSync(base, "module.exports = { entries: { 'index.js': () => ({ load: () => __dd_meta.import('node:os') }) } };");
    const bare = loadBundle(pathToFileURL(base), 'index.js') as { load: () => Promise<unknown> };
    await expect(bare.load()).rejects.toThrow(/bundle-import\.js is missing beside it: rebuild the package/);
  });

  it("loads a package's vendored CommonJS file through requireCached once, with CommonJS's names", () => {
    const { base } = fixtures();
    const vendored = path.join(path.dirname(path.dirname(base)), 'vendor', 'lib', 'index.cjs');
    mkdirSync(path.dirname(vendored), { recursive: true });
    writeFileSync(
      vendored,
      `exports.file = __filename;
exports.sep = require('node:path').sep;`,
    );
    writeFileSync(base, `module.exports = { entries: { 'index.js': () => ({ load: () => __dd_meta.requireCached(${JSON.stringify(vendored)}) }) } };`);
    const loaded = loadBundle(pathToFileURL(base), 'index.js') as { load: () => { file: string; sep: string } };
    const first = loaded.load();
    // Run once: a second run would hand out a new exports object.
    expect(loaded.load()).toBe(first);
    expect(first).toEqual({ file: vendored, sep: path.sep });
  });

  it('names the entry and the fix when a bundle lacks it', () => {
    const { base } = fixtures();
    expect(() => loadBundle(pathToFileURL(base), 'missing.js')).toThrow(/holds no entry missing\.js: rebuild the package/);
  });
});
