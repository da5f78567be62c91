// The dependencies @dd/config vendors (scripts/vendor-modules.mjs: one CommonJS bundle each, which the
// bundles of every @dd package require instead of the package) must export what an import of the
// package gives, under the same names (zod without its locales), and no bundle may still load the package itself.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.dirname(packageDir);
const vendored = JSON.parse(readFileSync(path.join(packageDir, 'vendor', 'vendored.json'), 'utf8')) as Record<string, string>;

/** The exports of vendor/<name>/index.cjs (an ES-module-shaped namespace: named exports, and `default` where the package has one). */
function vendoredModule(name: string): Record<string, unknown> {
  return createRequire(import.meta.url)(path.join(packageDir, 'vendor', name, 'index.cjs')) as Record<string, unknown>;
}

/** `typeof` and function name of each export (jest's import of CommonJS adds a `module.exports` export, Node's does not). */
function shape(module: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(module)
      .filter(([key]) => key !== 'module.exports')
      .map(([key, value]) => [key, typeof value === 'function' ? `function ${value.name}` : typeof value]),
  );
}

/** Every .js and .cjs file under `dir`. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? jsFiles(full) : /\.c?js$/.test(entry.name) ? [full] : [];
  });
}

/** Every non-test .ts file under `dir`. */
function tsSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? tsSources(full) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('vendored dependencies', () => {
  it('are yaml, nunjucks and zod, at the installed versions', () => {
    expect(Object.keys(vendored).sort()).toEqual(['nunjucks', 'yaml', 'zod']);
    for (const [name, version] of Object.entries(vendored)) {
      const manifest = path.join(packageDir, 'node_modules', name, 'package.json');
      expect(JSON.parse(readFileSync(manifest, 'utf8')).version).toBe(version);
    }
  });

  it.each(Object.keys(vendored))('vendor/%s/index.cjs exports every export of the package, the same kind under the same name', async (name) => {
    const bundle = vendoredModule(name);
    const original = (await import(name)) as Record<string, unknown>;
    const bundleShape = shape(bundle);
    // A CommonJS package's bundle names every key of module.exports; Node's import names those its lexer finds.
    expect(bundleShape).toEqual(expect.objectContaining(shape(original)));
    if (typeof original.default === 'object' && original.default !== null) {
      expect(shape(bundle.default as Record<string, unknown>)).toEqual(shape(original.default as Record<string, unknown>));
    }
  });

  it('parse and render as the packages do', async () => {
    const yaml = vendoredModule('yaml') as unknown as typeof import('yaml');
    const text = 'a: [1, 2.50, yes]\nb: !!str 3\n';
    expect(yaml.parse(text)).toEqual((await import('yaml')).parse(text));
    const nunjucks = vendoredModule('nunjucks').default as typeof import('nunjucks');
    expect(new nunjucks.Environment().renderString('{{ x | upper }}-{{ y | round(1) }}', { x: 'ab', y: 2.25 })).toBe('AB-2.3');
    const { z } = vendoredModule('zod') as unknown as typeof import('zod');
    const result = z.object({ n: z.number().int() }).safeParse({ n: 1.5 });
    expect(result.success).toBe(false);
    expect(z.prettifyError(result.error as never)).toBe('✖ Invalid input: expected int, received number\n  → at n');
  });

  it("leave out zod's z.locales, which our sources never read; a locale set through the user's zod still applies", async () => {
    const { z: vendoredZ } = vendoredModule('zod') as unknown as typeof import('zod');
    expect(Object.keys(vendoredZ.locales)).toEqual([]);
    const readsLocales = /\bz\.locales\b|from\s+['"]zod\/(?:v4\/)?locales|import\s*\{[^}]*\blocales\b[^}]*\}\s*from\s*['"]zod['"]/;
    const sources = ['config', 'engine', 'cli'].flatMap((pkg) => tsSources(path.join(packagesDir, pkg, 'src')));
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.filter((file) => readsLocales.test(readFileSync(file, 'utf8'))).map((file) => path.relative(packagesDir, file))).toEqual([]);
    const { z: userZ } = await import('zod');
    try {
      userZ.config(userZ.locales.fr());
      expect(vendoredZ.string().safeParse(1).error?.issues[0]?.message).toBe(userZ.string().safeParse(1).error?.issues[0]?.message);
      expect(vendoredZ.string().safeParse(1).error?.issues[0]?.message).not.toContain('Invalid input');
    } finally {
      userZ.config(userZ.locales.en());
    }
    expect(vendoredZ.string().safeParse(1).error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });

  it('no bundle of an @dd package imports them from node_modules', () => {
    const names = Object.keys(vendored).map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    const direct = new RegExp(`(?:from|import|require)\\s*\\(?\\s*["'](?:${names.join('|')})(?:/[^"']*)?["']`);
    const offenders = ['config', 'engine', 'cli']
      .flatMap((pkg) => jsFiles(path.join(packagesDir, pkg, 'dist')))
      .filter((file) => direct.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(packagesDir, file));
    expect(offenders).toEqual([]);
  });
});
