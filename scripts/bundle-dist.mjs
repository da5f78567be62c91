#!/usr/bin/env node
// Run by each package's `build` after `tsc`, in the package folder: turns the per-file JavaScript that
// tsc wrote to dist/ into ONE CommonJS file of the package's own code, dist/bundle.cjs, and an ES module
// per entry that re-exports that entry's namespace from it. The bundle loader (@dd/config's
// src/bundle-loader) runs bundle.cjs with a V8 code cache: Node 20 has no compile cache for ES modules,
// and reading, resolving and compiling ~350 files, later a few ES-module bundles, was a large part of
// every CLI start.
//
// - Entry points: every `default` target under ./dist/ in package.json `exports`, plus the extra
//   paths given as arguments (relative to dist/, e.g. the CLI's main.js). bundle.cjs imports them all
//   statically (scope-hoisted, run when the bundle loads) and exports each one's namespace; every entry
//   module and every other bundle gets the same instance from the loader: plugins and `.mjs` configs
//   that import `@dd/engine` get the same registries as the CLI. The loader entry itself (@dd/config's
//   `bundle-loader/index.js`) stays an ES module of its own.
// - No lazily initialized modules where it matters: a module that is `require`d or `import()`ed inside
//   the bundle is wrapped by esbuild (`__esm`), its top-level bindings become mutable `var`s, and hot
//   code in it ran ~75 % slower (the scheduler benchmark: 0.59 -> 1.04 us per task). So the entries are
//   not lazy, and sources do not `import()` their own modules (except the CLI's commands, loaded on
//   demand and not hot); code that needs a heavy package only sometimes imports it where it is used.
// - Dependencies stay external (`packages: 'external'`), including the other @dd packages, which the
//   loader's `require` hands over from their own bundles.
// - Same semantics: names kept (`keepNames`: esbuild renames top-level names two modules share, and
//   emits a self-referencing class as `var X = class _X`, which would change `X.name`, inspection and
//   `constructor.name`), `sideEffects`/pure annotations ignored (nothing is dropped that tsc output
//   would run), no minification, strict mode (the loader's wrapper). `import.meta.url`/`resolve` are
//   the bundle's (given by the loader), and every `import()` becomes `__dd_meta.import()` (a cached
//   script cannot call `import()` on Node 20). `__dd_meta.requireCached` is the loader's require of a
//   CommonJS file with the code cache (the engine's vendored files). tsc's .d.ts files stay where they are.
// - Vendored dependencies (scripts/vendor-modules.mjs): an import of a package that this package or an
//   @dd package it depends on lists in its vendor/vendored.json is pointed at that one-file bundle,
//   `<owner>/vendor/<name>/index.cjs`, so every package of a run loads the same single copy. The build
//   fails when this package has another version of it installed, or imports a subpath of it.
// - Code that finds files next to itself must not rely on its own folder: the engine locates its
//   vendor/ folder and test fixtures from the package root (see engine's `package-root.ts`). A relative
//   `new URL('./x', import.meta.url)` in tsc's output is refused with that advice.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { withContentHash } from './content-hash.mjs';
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
const { parse } = createRequire(import.meta.url)('acorn');

/**
 * Turns every `import(...)` expression of a script into `__dd_meta.import(...)`: the bundle loader runs
 * bundles as scripts with a code cache, and on Node 20 a cached script cannot call `import()` without
 * --experimental-vm-modules, so the loader hands each bundle an import function of its own.
 */
function rewriteDynamicImports(code) {
  const starts = [];
  const visit = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node.type !== 'string') return;
    if (node.type === 'ImportExpression') starts.push(node.start);
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && child && typeof child === 'object') visit(child);
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script' }));
  let out = code;
  for (const start of starts.sort((left, right) => right - left)) {
    if (out.slice(start, start + 6) !== 'import') throw new Error(`bundle-dist: expected import() at ${start}`);
    out = `${out.slice(0, start)}__dd_meta.import${out.slice(start + 6)}`;
  }
  return { code: out, count: starts.length };
}

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
      imports.set(name, `${owner}/vendor/${name}/index`);
    }
  }
  return imports;
}

const vendored = vendoredImports();
/** Points imports of vendored packages at their bundle (external; `.cjs` for the CommonJS build); refuses subpaths (a second copy). */
const vendoredPlugin = (cjs) => ({
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (!vendored.has(name)) return undefined;
      if (args.path !== name) throw new Error(`bundle-dist: ${args.importer} imports ${args.path}; ${name} is vendored as a whole, import it by its name`);
      return { path: `${vendored.get(name)}.${cjs ? 'cjs' : 'js'}`, external: true };
    });
  },
});

const entries = [...new Set([...exportTargets(manifest.exports), ...process.argv.slice(2)])];
if (entries.length === 0) throw new Error(`bundle-dist: no ./dist/*.js entry in the exports of ${manifest.name}`);
/** The package's one CommonJS file (the bundle loader's BUNDLE_FILE). */
const BUNDLE_FILE = 'bundle.cjs';
/** The ES module beside it that does the bundle's `import()` (the bundle loader's BUNDLE_IMPORT_FILE). */
const BUNDLE_IMPORT_FILE = 'bundle-import.js';
// The bundle loader itself stays an ES module of its own (it loads the bundles).
const LOADER_ENTRY = 'bundle-loader/index.js';
const bundled = entries.filter((entry) => entry !== LOADER_ENTRY);
const loaderImport = manifest.name === '@dd/config' ? null : '@dd/config/bundle-loader';

const common = {
  bundle: true,
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
};

/** The names each entry exports (an ES module build of the entries, not written). */
async function exportsOfEntries() {
  const result = await build({
    ...common,
    entryPoints: bundled.map((entry) => path.join(dist, entry)),
    outbase: dist,
    outdir: dist,
    splitting: true,
    format: 'esm',
    write: false,
    plugins: [vendoredPlugin(false)],
  });
  const names = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    if (output.entryPoint) names.set(path.relative(dist, path.resolve(output.entryPoint)).split(path.sep).join('/'), output.exports);
  }
  return names;
}

/** An ES module entry: the namespace of `entry` from the bundle, re-exported name by name. */
function entryModule(entry, names) {
  const depth = entry.split('/').length - 1;
  const bundleUrl = `${depth === 0 ? './' : '../'.repeat(depth)}${BUNDLE_FILE}`;
  const loader = loaderImport ?? `${depth === 0 ? './' : '../'.repeat(depth)}${LOADER_ENTRY}`;
  const named = names.filter((name) => name !== 'default');
  return (
    `// Generated by scripts/bundle-dist.mjs: this entry's code is in ${BUNDLE_FILE} (one CommonJS bundle of the\n` +
    `// package, compiled with a V8 code cache); every entry and every other package gets the same instance.\n` +
    `import { loadBundle } from ${JSON.stringify(loader)};\n` +
    `const entry = loadBundle(new URL(${JSON.stringify(bundleUrl)}, import.meta.url), ${JSON.stringify(entry)});\n` +
    (named.length > 0 ? `export const { ${named.join(', ')} } = entry;\n` : '') +
    (names.includes('default') ? 'export default entry.default;\n' : '')
  );
}

const out = mkdtempSync(path.join(packageDir, '.bundle-'));
try {
  const names = await exportsOfEntries();
  // One CommonJS file for the whole package: every entry imported statically, their namespaces exported.
  const imports = bundled.map((entry, index) => `import * as entry${index} from ${JSON.stringify(`./${entry}`)};`).join('\n');
  const initializers = bundled.map((entry, index) => `  ${JSON.stringify(entry)}: () => entry${index},`).join('\n');
  const result = await build({
    ...common,
    stdin: { contents: `${imports}\nexport const entries = {\n${initializers}\n};\n`, resolveDir: dist, sourcefile: 'bundle-entries.js', loader: 'js' },
    outfile: path.join(out, BUNDLE_FILE),
    format: 'cjs',
    // `import()` of what stays outside (user modules, optional packages) stays an `import()`.
    supported: { 'dynamic-import': true },
    // The loader hands each bundle its own import.meta (see bundle-loader/load-bundle.ts).
    define: { 'import.meta.url': '__dd_meta.url', 'import.meta.resolve': '__dd_meta.resolve' },
    plugins: [vendoredPlugin(true)],
  });
  const loaderResult =
    bundled.length < entries.length
      ? await build({ ...common, entryPoints: [path.join(dist, LOADER_ENTRY)], outfile: path.join(out, LOADER_ENTRY), format: 'esm' })
      : undefined;
  const warnings = [...result.warnings, ...(loaderResult?.warnings ?? [])];
  if (warnings.length > 0) throw new Error(`bundle-dist: esbuild warned for ${manifest.name}; fix the source or this script`);
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
  const rewritten = rewriteDynamicImports(readFileSync(path.join(out, BUNDLE_FILE), 'utf8'));
  writeFileSync(path.join(dist, BUNDLE_FILE), withContentHash(rewritten.code));
  // The bundle's import(): an ES module beside it resolves as the package's own modules did.
  writeFileSync(
    path.join(dist, BUNDLE_IMPORT_FILE),
    `// Generated by scripts/bundle-dist.mjs: the import() of ${BUNDLE_FILE} (see the bundle loader), resolved from\n` +
      "// this package's folder with ES module conditions, as the package's own import() was.\n" +
      'export default (specifier) => import(specifier);\n',
  );
  if (loaderResult) {
    mkdirSync(path.dirname(path.join(dist, LOADER_ENTRY)), { recursive: true });
    renameSync(path.join(out, LOADER_ENTRY), path.join(dist, LOADER_ENTRY));
  }
  for (const entry of bundled) {
    const exported = names.get(entry);
    if (!exported) throw new Error(`bundle-dist: no exports found for ${entry}`);
    mkdirSync(path.dirname(path.join(dist, entry)), { recursive: true });
    writeFileSync(path.join(dist, entry), entryModule(entry, exported));
  }
  const vendoredNote = vendored.size > 0 ? `; vendored: ${[...vendored.keys()].join(', ')}` : '';
  console.log(
    `bundle-dist: ${manifest.name}: ${bundled.length} entries → ${BUNDLE_FILE} (${rewritten.count} import() calls)${loaderResult ? ` + ${LOADER_ENTRY}` : ''}${vendoredNote}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
