import { configSchemas, type BuilderConfig, type DataDesignerConfig } from '../data-designer-config.js';
import { ConfigValidationError } from '../errors/index.js';
import { LIBRARY_VERSION } from '../version.js';
import { prototypeKeyIssues, zodIssuesToConfigIssues } from '../validation/index.js';
import { knownKeysAt } from './known-keys-at.js';
import { readConfigSource } from './read-config-source.js';

/** Anything `loadConfig` accepts. */
export type ConfigSourceInput = string | Record<string, unknown>;

/**
 * Loads a builder config file (wrapped `{data_designer, library_version}` or bare `{columns, …}`)
 * from a path, YAML/JSON text, an object or an http(s) URL, and validates it. Every problem is
 * reported at once in a `ConfigValidationError`.
 */
export async function loadBuilderConfig(source: ConfigSourceInput): Promise<BuilderConfig> {
  const raw = await readConfigSource(source);
  const bare = 'columns' in raw && !('data_designer' in raw);
  if (bare) {
    const schema = configSchemas.dataDesignerConfig;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigValidationError(zodIssuesToConfigIssues(parsed.error, raw, { knownKeys: (path) => knownKeysAt(schema, raw, path) }));
    }
    return { data_designer: parsed.data, library_version: LIBRARY_VERSION };
  }
  const schema = configSchemas.builderConfig;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigValidationError(zodIssuesToConfigIssues(parsed.error, raw, { knownKeys: (path) => knownKeysAt(schema, raw, path) }));
  }
  return parsed.data;
}

/** Loads and validates a config; returns the `DataDesignerConfig` (see `loadBuilderConfig`). */
export async function loadConfig(source: ConfigSourceInput): Promise<DataDesignerConfig> {
  if (typeof source === 'object' && source !== null && Array.isArray((source as { columns?: unknown }).columns) && !('data_designer' in source)) {
    // Already a config object (possibly parsed): validate as is.
    const prototypeIssues = prototypeKeyIssues(source);
    if (prototypeIssues.length > 0) throw new ConfigValidationError(prototypeIssues);
    const schema = configSchemas.dataDesignerConfig;
    const parsed = schema.safeParse(source);
    if (!parsed.success) {
      throw new ConfigValidationError(zodIssuesToConfigIssues(parsed.error, source, { knownKeys: (path) => knownKeysAt(schema, source, path) }));
    }
    return parsed.data;
  }
  return (await loadBuilderConfig(source)).data_designer;
}
