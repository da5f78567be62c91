#!/usr/bin/env node
// Copies the few files the engine uses from two large packages into vendor/ (run by `build`; both
// packages are only devDependencies), keeping the install of @dd/cli small:
// - node-sql-parser: the five per-dialect parsers of the SQL validator (the package installs ~89 MB:
//   every dialect, UMD bundles and source maps; these five are ~1.2 MB). Needs `big-integer`.
// - js-tiktoken: the pure-JS tokenizer core and the cl100k_base ranks (the package ships every
//   encoding twice, ~22 MB; these two files are ~1.1 MB). Needs `base64-js`.
// - @stdlib/random-base-*: the 21 distributions of the samplers, bundled with esbuild into one
//   CommonJS file (the packages pull in ~270 small @stdlib packages, ~30 MB on disk; the bundle is
//   ~0.6 MB). Same code, same results: bundling only inlines the requires.
// - marked: its one ES module converted to one CommonJS file, so the markdown parser can `require` it
//   on first use (Node 20 cannot `require` an ES module); the code is the same.
// - undici: its Agent and its dispatchers' `request` with the files they load (~40 of the package's
//   CommonJS files) bundled into one file, required on a run's first HTTP transport.
// - ajv: its Ajv (draft-07) and Ajv2020 classes with the files they load (~90 CommonJS files of ajv and
//   its dependencies) in one file, required when a run compiles its first JSON schema.
// Files are copied unchanged except for dropping source-map comments; each folder gets the LICENSE.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findInstalledPackageDir, findLicenseFile } from '../../../scripts/installed-packages.mjs';

/** @stdlib/random-base-* distributions bundled (see DISTRIBUTIONS in src/samplers/create-random-source.ts). */
export const VENDORED_STDLIB_DISTRIBUTIONS = [
  'normal',
  'gamma',
  'beta',
  'poisson',
  'binomial',
  'bernoulli',
  'exponential',
  'lognormal',
  't',
  'chisquare',
  'laplace',
  'logistic',
  'cauchy',
  'weibull',
  'geometric',
  'negative-binomial',
  'pareto-type1',
  'rayleigh',
  'gumbel',
  'triangular',
  'f',
];

/** node-sql-parser `database` names bundled (see SQL_DIALECTS in src/validators/sql-validator.ts). */
export const VENDORED_SQL_DIALECTS = ['sqlite', 'transactsql', 'bigquery', 'mysql', 'postgresql'];

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(packageDir, 'package.json'));

/** The MIT license text (for packages that declare MIT in package.json but ship no LICENSE file). */
function mitLicense(holder) {
  return `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}

/** Copies `files` (source path inside the package → target name) of `name` into vendor/<name>/. */
function vendor(name, files, url) {
  const sourceDir = findInstalledPackageDir(name, packageDir);
  if (sourceDir === undefined) throw new Error(`vendor-deps: ${name} is not installed (run the workspace install first)`);
  const { version, license } = JSON.parse(readFileSync(path.join(sourceDir, 'package.json'), 'utf8'));
  const targetDir = freshVendorDir(name);
  for (const [from, to] of Object.entries(files)) {
    const code = readFileSync(path.join(sourceDir, from), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
    writeFileSync(path.join(targetDir, to), code);
  }
  const licenseFile = path.join(sourceDir, 'LICENSE');
  if (existsSync(licenseFile)) copyFileSync(licenseFile, path.join(targetDir, 'LICENSE'));
  else if (license === 'MIT') writeFileSync(path.join(targetDir, 'LICENSE'), mitLicense(`the ${name} authors (${url})`));
  else throw new Error(`vendor-deps: ${name} ships no LICENSE file and is not MIT-licensed; add its license text here`);
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `Files copied from ${name} ${version} (${license}, see LICENSE; ${url})\nby scripts/vendor-deps.mjs at build time.\n`,
  );
}

vendor(
  'node-sql-parser',
  Object.fromEntries(VENDORED_SQL_DIALECTS.map((dialect) => [`build/${dialect}.js`, `${dialect}.cjs`])),
  'https://github.com/taozhi8833998/node-sql-parser',
);
vendor('js-tiktoken', { 'dist/lite.cjs': 'lite.cjs', 'dist/ranks/cl100k_base.cjs': 'cl100k_base.cjs' }, 'https://github.com/dqbd/tiktoken');

/**
 * `@stdlib/utils-native-class` picks, where `Symbol.toStringTag` exists, a version that writes and
 * then deletes `v[Symbol.toStringTag]` on the value it inspects. Every distribution's `factory({ prng })`
 * runs it on its options, so once per row group it wrote to the global `Object` function, which
 * discarded every optimized function that reads `Object.*` (about 200 deoptimizations and 1 CPU-s
 * of recompilation per 20,000 offline records). The bundle uses the package's plain
 * `Object.prototype.toString` version instead: the same answer for everything the distributions
 * check (functions, plain objects, numbers), without touching the value.
 */
const nativeClassWithoutTagProbe = {
  name: 'native-class-without-tag-probe',
  setup(build) {
    build.onResolve({ filter: /^@stdlib\/utils-native-class$/ }, (args) => ({
      path: require.resolve('@stdlib/utils-native-class/lib/main.js', { paths: [args.resolveDir] }),
    }));
  },
};

/** An empty `vendor/<name>` folder (what an earlier build put there is removed). */
function freshVendorDir(name) {
  const targetDir = path.join(packageDir, 'vendor', name);
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  return targetDir;
}

/** One esbuild bundle in CommonJS for Node 20 (`options` adds the entry, output file, externals, plugins). */
async function bundleCommonJs(options) {
  const { build } = require('esbuild');
  await build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', legalComments: 'none', logLevel: 'error', ...options });
}

/**
 * Bundles the `@stdlib/random-base-<name>` packages with their dependencies into one CommonJS file,
 * vendor/stdlib/random-base.cjs, whose export has one getter per name (a module runs on first use).
 */
async function bundleStdlib(names) {
  const targetDir = freshVendorDir('stdlib');
  const getters = names.map((name) => `  ${JSON.stringify(name)}: { enumerable: true, get: () => require('@stdlib/random-base-${name}') },`);
  await bundleCommonJs({
    stdin: { contents: `Object.defineProperties(module.exports, {\n${getters.join('\n')}\n});\n`, resolveDir: packageDir, loader: 'js' },
    outfile: path.join(targetDir, 'random-base.cjs'),
    plugins: [nativeClassWithoutTagProbe],
  });
  const versions = names.map(
    (name) =>
      `@stdlib/random-base-${name} ${JSON.parse(readFileSync(path.join(path.dirname(require.resolve(`@stdlib/random-base-${name}`)), '..', 'package.json'), 'utf8')).version}`,
  );
  const stdlibDir = path.dirname(path.dirname(require.resolve('@stdlib/random-base-normal')));
  for (const file of ['LICENSE', 'NOTICE']) copyFileSync(path.join(stdlibDir, file), path.join(targetDir, file));
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `One bundle of ${versions.join(', ')} and their @stdlib dependencies\n(Apache-2.0, see LICENSE and NOTICE; https://github.com/stdlib-js/stdlib), made with esbuild by\nscripts/vendor-deps.mjs at build time.\n`,
  );
}

/**
 * Bundles @duckdb/node-api (its ~120 CommonJS files, ~0.1 s to require one by one on the thread that
 * generates, at a run's first checkpoint) into vendor/duckdb/node-api.cjs (~0.05 s to require). The
 * native binding stays the package @duckdb/node-bindings (a dependency of @dd/engine at the same
 * version), required by the bundle as the package requires it. Same code: bundling only inlines the
 * requires of its own files.
 */
async function bundleDuckDBApi() {
  const targetDir = freshVendorDir('duckdb');
  const apiDir = path.dirname(require.resolve('@duckdb/node-api/package.json'));
  const apiPackage = JSON.parse(readFileSync(path.join(apiDir, 'package.json'), 'utf8'));
  const ownPackage = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const bindings = apiPackage.dependencies['@duckdb/node-bindings'];
  if (ownPackage.dependencies['@duckdb/node-bindings'] !== bindings) {
    throw new Error(`@dd/engine must depend on @duckdb/node-bindings ${bindings}, the version @duckdb/node-api ${apiPackage.version} requires.`);
  }
  await bundleCommonJs({
    entryPoints: [require.resolve('@duckdb/node-api')],
    outfile: path.join(targetDir, 'node-api.cjs'),
    external: ['@duckdb/node-bindings'],
  });
  copyFileSync(path.join(apiDir, 'LICENSE'), path.join(targetDir, 'LICENSE'));
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `One bundle of @duckdb/node-api ${apiPackage.version} (MIT, see LICENSE; https://github.com/duckdb/duckdb-node-neo), made with\nesbuild by scripts/vendor-deps.mjs at build time. It requires @duckdb/node-bindings ${bindings}.\n`,
  );
}

/** The license file of installed package `name`. */
function licenseFileOf(name) {
  const dir = findInstalledPackageDir(name, packageDir);
  const file = dir && findLicenseFile(dir);
  if (file === undefined) throw new Error(`vendor-deps: ${name} ships no LICENSE file; add its license text here`);
  return file;
}

/** Version of installed package `name`. */
function versionOf(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/**
 * marked (one ES module, ~0.01 s to load with its top-level regexes) as one CommonJS file,
 * vendor/marked/marked.cjs: the markdown parser of model replies requires it on its first reply (a
 * run whose replies are never parsed as markdown never loads it).
 */
async function bundleMarked() {
  const targetDir = freshVendorDir('marked');
  await bundleCommonJs({ entryPoints: [require.resolve('marked')], outfile: path.join(targetDir, 'marked.cjs'), keepNames: true });
  copyFileSync(licenseFileOf('marked'), path.join(targetDir, 'LICENSE'));
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `marked ${versionOf('marked')} (MIT, see LICENSE; https://github.com/markedjs/marked) converted to one CommonJS file\nwith esbuild by scripts/vendor-deps.mjs at build time.\n`,
  );
}

/**
 * undici's Agent and its dispatchers' `request` (lib/dispatcher/agent.js, lib/api/api-request.js and the
 * ~40 files they require) in one CommonJS file, vendor/undici/parts.cjs: ~0.08 → ~0.05 CPU-s to require
 * on a run's first HTTP transport, i.e. before its first request.
 */
async function bundleUndiciParts() {
  const targetDir = freshVendorDir('undici');
  const undiciDir = path.dirname(require.resolve('undici/package.json'));
  const parts = ['lib/dispatcher/agent.js', 'lib/api/api-request.js'].map((file) => path.join(undiciDir, file));
  for (const file of parts) if (!existsSync(file)) throw new Error(`vendor-deps: undici ${versionOf('undici')} has no ${file}; update bundleUndiciParts`);
  await bundleCommonJs({
    stdin: {
      contents: `module.exports = { Agent: require(${JSON.stringify(parts[0])}), request: require(${JSON.stringify(parts[1])}) };\n`,
      resolveDir: undiciDir,
      loader: 'js',
    },
    outfile: path.join(targetDir, 'parts.cjs'),
    keepNames: true,
  });
  copyFileSync(licenseFileOf('undici'), path.join(targetDir, 'LICENSE'));
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `undici ${versionOf('undici')} (MIT, see LICENSE; https://github.com/nodejs/undici): its Agent and api-request with the files they\nrequire, bundled into one CommonJS file with esbuild by scripts/vendor-deps.mjs at build time.\n`,
  );
}

/**
 * ajv's Ajv (draft-07, output_schema validators) and Ajv2020 (structured replies, the judge's scores)
 * from ajv.js and dist/2020.js and the ~90 files they require (ajv's and fast-uri, fast-deep-equal,
 * json-schema-traverse) in one CommonJS file, vendor/ajv/ajv.cjs: ~0.08 → ~0.02 CPU-s to require, on a
 * run's first reply to validate (a judge pipeline's first replies, while its other requests wait).
 */
async function bundleAjv() {
  const targetDir = freshVendorDir('ajv');
  const ajvDir = path.dirname(require.resolve('ajv/package.json'));
  const entries = { Ajv: path.join(ajvDir, 'dist/ajv.js'), Ajv2020: path.join(ajvDir, 'dist/2020.js') };
  for (const file of Object.values(entries)) if (!existsSync(file)) throw new Error(`vendor-deps: ajv ${versionOf('ajv')} has no ${file}; update bundleAjv`);
  const exports = Object.entries(entries).map(([name, file]) => `${name}: require(${JSON.stringify(file)}).${name}`);
  await bundleCommonJs({
    stdin: { contents: `module.exports = { ${exports.join(', ')} };\n`, resolveDir: ajvDir, loader: 'js' },
    outfile: path.join(targetDir, 'ajv.cjs'),
    keepNames: true,
  });
  copyFileSync(licenseFileOf('ajv'), path.join(targetDir, 'LICENSE'));
  // Its dependencies in the bundle keep their license texts.
  const ajvRequire = createRequire(path.join(ajvDir, 'package.json'));
  const dependencies = Object.keys(JSON.parse(readFileSync(path.join(ajvDir, 'package.json'), 'utf8')).dependencies ?? {});
  const bundled = dependencies.flatMap((name) => {
    const dir = (ajvRequire.resolve.paths(name) ?? [])
      .map((base) => path.join(base, name))
      .find((candidate) => existsSync(path.join(candidate, 'package.json')));
    if (dir === undefined || !readFileSync(path.join(targetDir, 'ajv.cjs'), 'utf8').includes(`node_modules/${name}/`)) return [];
    const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map((file) => path.join(dir, file)).find((file) => existsSync(file));
    if (license === undefined) throw new Error(`vendor-deps: ${name} (bundled with ajv) ships no LICENSE file; add its license text here`);
    copyFileSync(license, path.join(targetDir, `LICENSE.${name}`));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return [`${name} ${manifest.version} (${manifest.license}, see LICENSE.${name})`];
  });
  writeFileSync(
    path.join(targetDir, 'README.md'),
    `ajv ${versionOf('ajv')} (MIT, see LICENSE; https://github.com/ajv-validator/ajv): its Ajv and Ajv2020 classes with the files they\nrequire, and ${bundled.join(', ')}, bundled into one CommonJS file with esbuild by scripts/vendor-deps.mjs at build time.\n`,
  );
}

await bundleStdlib(VENDORED_STDLIB_DISTRIBUTIONS);
await bundleAjv();
await bundleMarked();
await bundleUndiciParts();
await bundleDuckDBApi();
