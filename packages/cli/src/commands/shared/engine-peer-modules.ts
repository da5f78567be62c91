import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The parts of undici the CLI uses. */
export interface UndiciModule {
  request(
    url: string,
    options: { method?: string; headers?: Record<string, string>; dispatcher?: unknown; signal?: AbortSignal },
  ): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: AsyncIterable<Uint8Array> & { text(): Promise<string>; dump(): Promise<void> };
  }>;
  Agent: new (options?: Record<string, unknown>) => { compose(...interceptors: unknown[]): unknown; close(): Promise<void> };
  interceptors: { redirect(options: { maxRedirections: number }): unknown };
}

/** The parts of DuckDB's node API the CLI uses. */
export interface DuckDBModule {
  DuckDBInstance: {
    create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }>; closeSync(): void }>;
  };
}

/**
 * Imports a dependency of `@dd/engine` (undici, @duckdb/node-api) without loading the engine itself:
 * resolved from the engine package's location so the CLI needs no second copy.
 */
async function importEnginePeer<T>(specifier: string): Promise<T> {
  const require = createRequire(import.meta.resolve('@dd/engine'));
  return (await import(pathToFileURL(require.resolve(specifier)).href)) as T;
}

/** Loads undici. */
export async function loadUndici(): Promise<UndiciModule> {
  const module = await importEnginePeer<UndiciModule & { default?: UndiciModule }>('undici');
  return module.default ?? module;
}

/** Loads DuckDB's node API. */
export async function loadDuckDB(): Promise<DuckDBModule> {
  const module = await importEnginePeer<DuckDBModule & { default?: DuckDBModule }>('@duckdb/node-api');
  return module.DuckDBInstance ? module : (module.default as DuckDBModule);
}

/** Quotes a string as a SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
