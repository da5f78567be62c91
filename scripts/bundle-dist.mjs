#!/usr/bin/env node
// Run by each package's `build` after `tsc`, in the package folder: turns the per-file JavaScript that
// tsc wrote to dist/ into one esbuild bundle of the package's own code (ESM, code splitting), so
// `import('@dd/engine')` reads a handful of files instead of ~350 (module resolution, reading and
// compiling each file cost ~0.3 CPU-s of every CLI start on Node 20, which has no compile cache).
//
// - Entry points: every `default` target under ./dist/ in package.json `exports`, plus the extra
//   paths given as arguments (relative to dist/, e.g. the CLI's main.js). They share chunks
//   (dist/chunks/), so each module of the package exists ONCE whichever entry is imported: plugins
//   and `.mjs` configs that import `@dd/engine` get the same registries as the CLI.
// - Dependencies stay external (`packages: 'external'`), including the other @dd packages: each
//   package stays one instance per install, resolved from node_modules as before.
// - Same semantics: names kept (`keepNames`: esbuild renames top-level names two modules share, and
//   emits a self-referencing class as `var X = class _X`, which would change `X.name`, inspection and
//   `constructor.name`), `sideEffects`/pure annotations ignored (nothing is dropped that tsc output
//   would run), no minification. tsc's .d.ts files stay where they are; only the .js files are replaced.
// - Vendored dependencies (scripts/vendor-modules.mjs): an import of a package that this package or an
//   @dd package it depends on lists in its vendor/vendored.json is pointed at that one-file bundle,
//   `<owner>/vendor/<name>/index.js`, so every package of a run loads the same single copy. The build
//   fails when this package has another version of it installed, or imports a subpath of it.
// - Code that finds files next to itself must not rely on its own folder (a module lands in an entry
//   or a chunk at another depth): the engine locates its vendor/ folder and test fixtures from the
//   package root (see engine's `package-root.ts`). A relative `new URL('./x', import.meta.url)` in
//   tsc's output is refused with that advice.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { findInstalledPackageDir } from './installed-packages.mjs';

/** esbuild (a root devDependency; in a workspace installed before it was one, the engine's copy). */
function loadEsbuild() {
  const here = import.meta.url;
  try {
    return createRequire(here)('esbuild');
  } catch {
    return createRequire(new URL('../packages/engine/package.json', here))('esbuild');
  }
}
const { build } = loadEsbuild();

const packageDir = process.cwd();
const dist = path.join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

/** Every string target under ./dist/ of the `exports` map that is JavaScript (not types). */
function exportTargets(node, key = '') {
  if (typeof node === 'string') return key === 'types' || !node.startsWith('./dist/') || !node.endsWith('.js') ? [] : [node.slice('./dist/'.length)];
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([childKey, child]) => exportTargets(child, childKey));
}

/** All .js files under `dir` (absolute paths). */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? jsFiles(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

// `new URL('./relative', import.meta.url)` in tsc's output would point elsewhere once bundled.
const RELATIVE_URL = /new URL\((['"])(\.\.?\/[^'"]+)\1, import\.meta\.url\)/;
for (const file of jsFiles(dist)) {
  const match = RELATIVE_URL.exec(readFileSync(file, 'utf8'));
  if (match) {
    throw new Error(
      `bundle-dist: ${file} locates ${match[2]} relative to itself (${match[0]}); bundling moves the code: locate it from the package root instead`,
    );
  }
}

/** Vendored dependencies this package's imports go to: package name → import specifier of the bundle. */
function vendoredImports() {
  const owners = [manifest.name, ...Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@dd/'))];
  const imports = new Map();
  for (const owner of owners) {
    const ownerDir = owner === manifest.name ? packageDir : findInstalledPackageDir(owner, packageDir);
    const listFile = ownerDir && path.join(ownerDir, 'vendor', 'vendored.json');
    if (!listFile || !existsSync(listFile)) continue;
    const ownerManifest = JSON.parse(readFileSync(path.join(ownerDir, 'package.json'), 'utf8'));
    if (ownerManifest.exports?.['./vendor/*'] !== './vendor/*') throw new Error(`bundle-dist: ${owner} vendors dependencies but does not export ./vendor/*`);
    for (const [name, version] of Object.entries(JSON.parse(readFileSync(listFile, 'utf8')))) {
      if (imports.has(name)) continue;
      const ownDir = findInstalledPackageDir(name, packageDir);
      const ownVersion = ownDir && JSON.parse(readFileSync(path.join(ownDir, 'package.json'), 'utf8')).version;
      if (ownVersion !== undefined && ownVersion !== version) {
        throw new Error(`bundle-dist: ${manifest.name} has ${name}@${ownVersion} but ${owner} vendors ${name}@${version}; use the same version`);
      }
      imports.set(name, `${owner}/vendor/${name}/index.js`);
    }
  }
  return imports;
}

const vendored = vendoredImports();
/** Points imports of vendored packages at their bundle (external); refuses subpaths (a second copy). */
const vendoredPlugin = {
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (!vendored.has(name)) return undefined;
      if (args.path !== name) throw new Error(`bundle-dist: ${args.importer} imports ${args.path}; ${name} is vendored as a whole, import it by its name`);
      return { path: vendored.get(name), external: true };
    });
  },
};

const entries = [...new Set([...exportTargets(manifest.exports), ...process.argv.slice(2)])];
if (entries.length === 0) throw new Error(`bundle-dist: no ./dist/*.js entry in the exports of ${manifest.name}`);

const out = mkdtempSync(path.join(packageDir, '.bundle-'));
try {
  const result = await build({
    entryPoints: entries.map((entry) => path.join(dist, entry)),
    outbase: dist,
    outdir: out,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    ignoreAnnotations: true,
    // ASCII output (esbuild escapes what strings hold): V8 keeps an all-ASCII source as one-byte text;
    // one non-ASCII character makes the whole file two-byte, slower to decode and scan at every start
    // (comments esbuild keeps may still hold some: those few files stay two-byte).
    charset: 'ascii',
    logLevel: 'warning',
    metafile: true,
    plugins: [vendoredPlugin],
  });
  if (result.warnings.length > 0) throw new Error(`bundle-dist: esbuild warned for ${manifest.name}; fix the source or this script`);
  // Replace the per-file JavaScript (keep .d.ts and other files, e.g. test fixtures).
  const removeJs = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) removeJs(full);
      else if (entry.name.endsWith('.js')) rmSync(full);
    }
  };
  removeJs(dist);
  rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.resolve(file));
  for (const file of outputs) {
    const relative = path.relative(out, file);
    const target = path.join(dist, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(file, target);
  }
  const vendoredNote = vendored.size > 0 ? `; vendored: ${[...vendored.keys()].join(', ')}` : '';
  console.log(`bundle-dist: ${manifest.name}: ${entries.length} entries → ${outputs.length} files${vendoredNote}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
