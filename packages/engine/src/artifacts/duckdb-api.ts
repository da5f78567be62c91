import { createRequire } from 'node:module';
import { vendorFile } from '../package-files/package-root.js';

type DuckDBApi = typeof import('@duckdb/node-api');

let api: DuckDBApi | undefined;

/** The vendored one-file bundle of `@duckdb/node-api` (see scripts/vendor-deps.mjs). */
export function duckdbApiFile(): string {
  return vendorFile('duckdb/node-api.cjs');
}

/**
 * The DuckDB Node API, loaded with `require` on first use, from the one-file bundle of the package
 * made at build time (~0.05 s to require against ~0.1 s for the package's ~120 files; the native
 * binding is the `@duckdb/node-bindings` package either way). `require` because importing CommonJS
 * from ESM makes Node lex it for named exports; on first use because loading it (and its native
 * binding) would otherwise come before a run's first LLM request, while the first parquet write comes
 * much later. Value imports of `@duckdb/node-api` go through this function; type imports stay as they are.
 */
export function duckdbApi(): DuckDBApi {
  api ??= createRequire(import.meta.url)(duckdbApiFile()) as DuckDBApi;
  return api;
}
