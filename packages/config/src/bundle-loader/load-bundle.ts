import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileCached, contentKey } from './code-cache.js';

/**
 * What a bundle file's code receives besides CommonJS's names (as `__dd_meta`): its own `import.meta`
 * (url, resolve), `import()`, and `requireCached` (a CommonJS file loaded once, with the code cache).
 */
interface BundleMeta {
  url: string;
  resolve: (specifier: string) => string;
  import: (specifier: string) => Promise<unknown>;
  requireCached: (file: string) => unknown;
}

type BundleFunction = (
  exports: Record<string, unknown>,
  require: (specifier: string) => unknown,
  module: { exports: Record<string, unknown> },
  filename: string,
  dirname: string,
  meta: BundleMeta,
) => void;

/** What a package bundle exports: `entries`, each returning the namespace of one `exports` entry. */
interface BundleExports {
  entries?: Record<string, () => Record<string, unknown>>;
}

/**
 * Loaded files by real path, and the entry namespaces handed out (per bundle file and entry: a bundle's
 * `require` of an entry makes a fresh copy), shared by every copy of this module in the process.
 */
interface LoaderState {
  registry: Map<string, { exports: Record<string, unknown> }>;
  namespaces: Map<string, Record<string, unknown>>;
  /** The first entry the process loaded: which program runs, for the code cache (see `CompileCachedOptions.variant`). */
  variant?: string;
}
const STATE_KEY = Symbol.for('@dd/bundle-loader/state');
const globals = globalThis as typeof globalThis & { [STATE_KEY]?: LoaderState };
globals[STATE_KEY] ??= { registry: new Map(), namespaces: new Map() };
const state = globals[STATE_KEY];
const { registry, namespaces } = state;

/** The file name of a package's bundle, beside its entry modules in `dist/`. */
export const BUNDLE_FILE = 'bundle.cjs';

/**
 * The folder of `file` (or above) holding a package bundle, and `file`'s path from there: where an
 * `@dd/...` entry module (resolved by Node) finds the bundle that holds its code.
 */
function bundleOfEntry(file: string): { bundle: string; entry: string } | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const bundle = path.join(dir, BUNDLE_FILE);
    if (existsSync(bundle)) return { bundle: realpathSync(bundle), entry: path.relative(dir, file).split(path.sep).join('/') };
    // The package root without a bundle (sources run by tests, an unbundled build).
    if (existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The `require` a bundle's code calls: another `@dd/...` package's entry comes from that package's
 * bundle (the one instance the ES module entries also hand out), a `.cjs` file of a package's
 * `vendor/` folder is loaded with the code cache, everything else is Node's `require`.
 */
function bundleRequire(file: string): (specifier: string) => unknown {
  const nodeRequire = createRequire(file);
  // esbuild's CommonJS output requires a package once per source module that imports it: resolve once.
  const resolved = new Map<string, () => unknown>();
  const resolve = (specifier: string): (() => unknown) => {
    if (!specifier.startsWith('@dd/')) return () => nodeRequire(specifier);
    const target = realpathSync(nodeRequire.resolve(specifier));
    if (target.endsWith('.cjs')) return () => loadScriptFile(target);
    const owner = bundleOfEntry(target);
    return owner === undefined ? () => nodeRequire(specifier) : () => entryOf(owner.bundle, owner.entry);
  };
  return (specifier) => {
    let load = resolved.get(specifier);
    if (load === undefined) {
      load = resolve(specifier);
      resolved.set(specifier, load);
    }
    return load();
  };
}

/** Runs a CommonJS file (a bundle or a vendored module) once per process, with the code cache. */
function loadScriptFile(file: string): Record<string, unknown> {
  const loaded = registry.get(file);
  if (loaded) return loaded.exports;
  const text = readFileSync(file, 'utf8');
  // Strict, as the ES modules it was bundled from.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __dd_meta) {'use strict';${text}\n})`;
  const { script } = compileCached(file, wrapped, contentKey(text), state.variant === undefined ? {} : { variant: state.variant });
  const module = { exports: {} as Record<string, unknown> };
  registry.set(file, module);
  const nodeRequire = createRequire(file);
  const url = pathToFileURL(file).href;
  let importHere: Promise<(specifier: string) => Promise<unknown>> | undefined;
  const meta: BundleMeta = {
    url,
    resolve: (specifier) => pathToFileURL(nodeRequire.resolve(specifier)).href,
    // Through the module the build writes beside the bundle (loaded on the first `import()`).
    import: async (specifier) => {
      importHere ??= importerBeside(file);
      return (await importHere)(specifier);
    },
    // A package's vendored CommonJS files (the engine's undici, stdlib, tiktoken, ...) load like the bundle: with the code cache.
    requireCached: (target) => loadScriptFile(realpathSync(target)),
  };
  try {
    (script.runInThisContext() as BundleFunction)(module.exports, bundleRequire(file), module, file, path.dirname(file), meta);
  } catch (error) {
    registry.delete(file);
    throw error;
  }
  return module.exports;
}

/** The file the build writes beside a bundle: `export default (specifier) => import(specifier)`. */
export const BUNDLE_IMPORT_FILE = 'bundle-import.js';

/**
 * The `import()` of the bundle `file`: the default export of the ES module the build writes beside it,
 * which resolves names from the package's folder with ES module conditions, as the package's own
 * `import()` did (a dual package such as bullmq loads its ES module build).
 */
async function importerBeside(file: string): Promise<(specifier: string) => Promise<unknown>> {
  const beside = path.join(path.dirname(file), BUNDLE_IMPORT_FILE);
  if (!existsSync(beside)) throw new Error(`${file} calls import() but ${BUNDLE_IMPORT_FILE} is missing beside it: rebuild the package.`);
  return ((await import(pathToFileURL(beside).href)) as { default: (specifier: string) => Promise<unknown> }).default;
}

function entryOf(bundleFile: string, entry: string): Record<string, unknown> {
  const key = `${bundleFile}\0${entry}`;
  const known = namespaces.get(key);
  if (known) return known;
  const init = (loadScriptFile(bundleFile) as BundleExports).entries?.[entry];
  if (typeof init !== 'function') throw new Error(`${bundleFile} holds no entry ${entry}: rebuild the package.`);
  const namespace = init();
  namespaces.set(key, namespace);
  return namespace;
}

/**
 * Names the program this process runs, for the code cache (before the first `loadBundle`): programs keep
 * caches of their own, each holding the functions that program ran (the CLI names its command, so a
 * `validate` does not read the functions a `create` compiled, and a `create` does not miss them because a
 * `validate` wrote the cache first). Without a name, the first entry loaded names it.
 */
export function nameProgram(name: string): void {
  state.variant ??= name;
}

/**
 * The namespace of entry `entry` (its path under `dist/`, e.g. `factory/index.js`) of the package
 * bundle at `bundleUrl`: what the package's ES module entries export. Each bundle runs once per process.
 */
export function loadBundle(bundleUrl: string | { readonly href: string }, entry: string): Record<string, unknown> {
  const bundleFile = realpathSync(fileURLToPath(typeof bundleUrl === 'string' ? bundleUrl : bundleUrl.href));
  // The package folder's name and the entry (`cli/main.js`, `engine/factory/index.js`): the same for every install.
  state.variant ??= `${path.basename(path.dirname(path.dirname(bundleFile)))}/${entry}`;
  return entryOf(bundleFile, entry);
}
