#!/usr/bin/env node
// Run by a package's `build` (in the package folder) before bundle-dist.mjs: bundles each dependency
// named in the arguments, with its own dependencies, into ONE CommonJS file, vendor/<name>/index.cjs
// (shaped like an ES-module import of the package, first line a content hash for the code cache), and
// lists them in vendor/vendored.json. bundle-dist.mjs then points the imports of that name, in this
// package and in every @dd package that depends on it, at the bundle (`<package>/vendor/<name>/index.cjs`,
// exported by the package as `./vendor/*`, run by the bundle loader with a V8 code cache), so a run
// loads one file per dependency, once.
//
// Why: Node 20 has no compile cache, and its loaders pay per file (resolution, package scope lookups,
// reading, a compile each). `import('yaml')` costs ~65 ms of CPU for its 73 files against ~13 ms for
// the same code in one file; nunjucks (25 files) ~33 → ~13 ms; zod (96 ES modules) ~115 → ~65 ms.
//
// Same code, same behaviour: bundling only inlines the dependency's own imports, except modules named
// with `--omit <package>/<file>`, which become empty. @dd/config omits `zod/v4/locales/index.js`, the 60
// non-English message locales behind `z.locales` (300 KB, ~20 ms of a start): our code never reads
// `z.locales` (its test checks the sources), English messages come from `locales/en.js`, which zod
// imports directly, and user code has its own zod, whose `z.config(z.locales.xx())` still reaches our
// schemas (zod keeps that setting on globalThis). The bundle's exports are the ones an ES-module import of the package gives: for an ES package its exports; for a CommonJS
// package `default` (module.exports) plus one named export per key of module.exports. keepNames keeps
// function and class names; Node built-ins and packages that are not installed (optional requires such
// as nunjucks' chokidar) stay `require`s (the loader's `require` sends them to Node's, from the bundle's folder).
// The dependency stays a dependency of the package (its types, and the tests, which run the sources).
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withContentHash } from './content-hash.mjs';
import { findInstalledPackageDir, findLicenseFile } from './installed-packages.mjs';

const packageDir = process.cwd();
const require = createRequire(path.join(packageDir, 'package.json'));
const rootRequire = createRequire(new URL('../package.json', import.meta.url));
const { build } = rootRequire('esbuild');

/** Where `name` is installed for this package. */
function installedPackageDir(name) {
  const found = findInstalledPackageDir(name, packageDir);
  if (found === undefined) throw new Error(`vendor-modules: ${name} is not installed for ${packageDir} (run the workspace install first)`);
  return found;
}

/** True when Node loads `file` as an ES module. */
function isEsmFile(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
    if (path.dirname(dir) === dir) return false;
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The license file of the package in `dir`. */
function licenseFileOf(name, dir) {
  const file = findLicenseFile(dir);
  if (file === undefined) throw new Error(`vendor-modules: ${name} ships no LICENSE file; add its license text here`);
  return file;
}

/** The package an esbuild input path (relative to the working folder) belongs to, with its folder. */
function packageOfInput(input) {
  const normalized = input.replaceAll('\\', '/');
  const at = normalized.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first, second] = normalized.slice(at + 'node_modules/'.length).split('/');
  const name = first.startsWith('@') ? `${first}/${second}` : first;
  return { name, dir: path.resolve(packageDir, normalized.slice(0, at + 'node_modules/'.length + name.length)) };
}

/** The file an `import` of `name` from this package loads (esbuild's resolution, `import` condition). */
async function resolveImport(name) {
  let file;
  const probe = {
    name: 'probe',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'import-statement' || args.pluginData === 'probe') return undefined;
        file = (await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'probe' })).path;
        return { path: args.path, external: true };
      });
    },
  };
  await build({
    stdin: { contents: `import ${JSON.stringify(name)};`, resolveDir: packageDir },
    bundle: true,
    write: false,
    platform: 'node',
    logLevel: 'silent',
    plugins: [probe],
  });
  if (!file) throw new Error(`vendor-modules: cannot resolve ${name} from ${packageDir}`);
  return file;
}

/** The entry module of the bundle of `name`: it exports what an ES-module import of the package gives. */
async function entrySource(name) {
  const quoted = JSON.stringify(name);
  const file = await resolveImport(name);
  if (isEsmFile(file)) {
    const namespace = await import(pathToFileURL(file).href);
    return `export * from ${quoted};\n${'default' in namespace ? `export { default } from ${quoted};\n` : ''}`;
  }
  // CommonJS: default = module.exports, and one named export per key (as Node gives them when the
  // package sets them plainly; our code imports only names that exist).
  const keys = Object.keys(require(file)).filter((key) => key !== 'default' && key !== '__esModule');
  const locals = keys.map((key, index) => `${key.replace(/[^\w$]/g, '_')}$${index}`);
  return (
    `import m from ${quoted};\nexport default m;\n` +
    `const { ${keys.map((key, index) => `${JSON.stringify(key)}: ${locals[index]}`).join(', ')} } = m;\n` +
    `export { ${keys.map((key, index) => `${locals[index]} as ${IDENTIFIER.test(key) ? key : JSON.stringify(key)}`).join(', ')} };\n`
  );
}

/** Left to `require` at run time: Node built-ins, and packages that are not installed (optional requires). */
const leftOut = new Set();
const leaveOut = {
  name: 'leave-out',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'leave-out') return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const result = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'leave-out' });
      if (result.errors.length === 0) return { path: result.path, namespace: result.namespace, sideEffects: result.sideEffects, suffix: result.suffix };
      leftOut.add(args.path);
      return { path: args.path, external: true };
    });
  },
};

/**
 * `--omit <package>/<file>`: that module of a bundled package becomes an empty module. Only for parts our
 * code never reaches (checked by the package's tests; see the header).
 */
const args = process.argv.slice(2);
const omitted = args.flatMap((arg, index) => (args[index - 1] === '--omit' ? [arg] : []));
const names = args.filter((arg, index) => arg !== '--omit' && args[index - 1] !== '--omit');
if (names.length === 0) throw new Error('vendor-modules: name the dependencies to bundle');
const omittedFiles = new Map(
  omitted.map((spec) => {
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    const file = path.join(installedPackageDir(name), spec.slice(name.length + 1));
    if (!existsSync(file)) throw new Error(`vendor-modules: --omit ${spec}: no such file ${file}`);
    return [realpathSync(file), spec];
  }),
);
const used = new Set();
/** The README line naming what was left out of `name`'s bundle. */
function omittedNote(name) {
  const specs = [...omittedFiles.values()].filter((spec) => spec.startsWith(`${name}/`));
  return specs.length > 0 ? ` Left out (empty modules): ${specs.join(', ')}.` : '';
}
/** Loads each omitted module as an empty module. */
const omit = {
  name: 'omit',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
      if (!omittedFiles.has(args.path)) return undefined;
      used.add(args.path);
      return { contents: '', loader: 'js' };
    });
  },
};
const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const vendored = {};
for (const name of names) {
  if (!manifest.dependencies?.[name]) throw new Error(`vendor-modules: ${name} is not a dependency of ${manifest.name}`);
  const sourceDir = installedPackageDir(name);
  const { version, license } = JSON.parse(readFileSync(path.join(sourceDir, 'package.json'), 'utf8'));
  const targetDir = path.join(packageDir, 'vendor', name);
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  const { metafile } = await build({
    stdin: { contents: await entrySource(name), resolveDir: packageDir, sourcefile: `vendor-${name}.js` },
    outfile: path.join(targetDir, 'index.cjs'),
    bundle: true,
    // CommonJS, loaded by the packages' bundle loader with a V8 code cache (see bundle-dist.mjs).
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    keepNames: true,
    ignoreAnnotations: true,
    // ASCII output (esbuild escapes what strings hold): V8 keeps an all-ASCII source as one-byte text;
    // one non-ASCII character makes the whole file two-byte, slower to decode and scan at every start
    // (comments esbuild keeps may still hold some: those few files stay two-byte).
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [leaveOut, omit],
  });
  const bundleFile = path.join(targetDir, 'index.cjs');
  writeFileSync(bundleFile, withContentHash(readFileSync(bundleFile, 'utf8')));
  copyFileSync(licenseFileOf(name, sourceDir), path.join(targetDir, 'LICENSE'));
  // The packages bundled with it (nunjucks: asap, a-sync-waterfall) keep their own license texts.
  const bundled = new Map(Object.keys(metafile.inputs).flatMap((input) => (packageOfInput(input) ? [Object.values(packageOfInput(input))] : [])));
  bundled.delete(name);
  const others = [...bundled].map(([other, otherDir]) => {
    const otherManifest = JSON.parse(readFileSync(path.join(otherDir, 'package.json'), 'utf8'));
    const licenseName = `LICENSE.${other.replace('/', '+')}`;
    copyFileSync(licenseFileOf(other, otherDir), path.join(targetDir, licenseName));
    return `${other} ${otherManifest.version} (${otherManifest.license}, see ${licenseName})`;
  });
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `One ES-module bundle of ${name} ${version} (${license}, see LICENSE)${others.length > 0 ? ` with ${others.join(', ')}` : ''}, made with\nesbuild by scripts/vendor-modules.mjs at build time.${omittedNote(name)}\n`,
  );
  vendored[name] = version;
}
for (const [file, spec] of omittedFiles) if (!used.has(file)) throw new Error(`vendor-modules: --omit ${spec}: no bundle loads that module`);
writeFileSync(path.join(packageDir, 'vendor', 'vendored.json'), `${JSON.stringify(vendored, null, 2)}\n`);
console.log(
  `vendor-modules: ${manifest.name}: ${Object.entries(vendored)
    .map(([name, version]) => `${name}@${version}`)
    .join(', ')}${leftOut.size > 0 ? ` (left to require: ${[...leftOut].join(', ')})` : ''}`,
);
