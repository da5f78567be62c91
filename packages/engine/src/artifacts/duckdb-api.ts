import { createRequire } from 'node:module';

type DuckDBApi = typeof import('@duckdb/node-api');

let api: DuckDBApi | undefined;

/**
 * The DuckDB Node API, loaded with `require` on first use. `require` because importing this CommonJS
 * package from ESM makes Node lex every one of its ~180 files for named exports (~0.15 s of CPU); on
 * first use because loading it (and its native binding) costs ~0.1 s that a run would otherwise pay
 * before its first LLM request, while the first parquet write comes much later. Value imports of
 * `@duckdb/node-api` go through this function; type imports stay as they are.
 */
export function duckdbApi(): DuckDBApi {
  api ??= createRequire(import.meta.url)('@duckdb/node-api') as DuckDBApi;
  return api;
}
