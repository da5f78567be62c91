import { createRequire } from 'node:module';

/**
 * The DuckDB Node API, loaded with `require`: importing this CommonJS package from ESM makes Node lex
 * every one of its ~180 files for named exports, about 0.15 s of CPU at every start. Value imports of
 * `@duckdb/node-api` go through this module; type imports stay as they are.
 */
export const duckdbApi = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
