/** Loading of the packages' CommonJS bundles with a V8 code cache (see architecture/cli.md, Packaging). */
export { BUNDLE_FILE, BUNDLE_IMPORT_FILE, loadBundle, nameProgram } from './load-bundle.js';
export { CODE_CACHE_ENV, codeCacheDir, compileCached, contentKey, writeCodeCache } from './code-cache.js';
export type { CachedScript, CompiledScript, CompileCachedOptions } from './code-cache.js';
