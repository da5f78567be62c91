import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configSchemas, type DataDesignerConfig } from '../data-designer-config.js';
import { BuilderConfigurationError, BuilderSerializationError } from '../errors/index.js';
import { LIBRARY_VERSION } from '../version.js';
import { annotatePythonTypes } from './annotate-python-types.js';
import { emitPythonJson, emitPythonYaml } from './emit-python-yaml.js';

/** File formats of the original's `write_config`. */
export type ConfigFormat = 'yaml' | 'json';

/**
 * The original's config file text: `{data_designer, library_version}`, every field with defaults and
 * nulls, floats as floats; YAML with sorted keys (PyYAML style), JSON in declaration order.
 */
export function dumpConfig(config: DataDesignerConfig, format: ConfigFormat = 'yaml', options: { omitInMemoryRows?: boolean } = {}): string {
  const source = (config.seed_config as { source?: { seed_type?: string } } | null)?.source;
  if (source?.seed_type === 'df' && options.omitInMemoryRows) {
    // As the original's dump of a DataFrame seed: the source is kept, its rows are not.
    return dumpConfig(withoutInMemoryRows(config), format);
  }
  if (source?.seed_type === 'df' && (source as { df?: unknown }).df !== undefined) {
    throw new BuilderSerializationError('A config with an in-memory (df) seed dataset cannot be written to a file.', {
      fix: 'Save the rows to a parquet or CSV file and use a local seed source instead.',
    });
  }
  const annotated = annotatePythonTypes(configSchemas.builderConfig, { data_designer: config, library_version: LIBRARY_VERSION });
  return format === 'yaml' ? emitPythonYaml(annotated) : `${emitPythonJson(annotated)}\n`;
}

/** The config with an in-memory (`df`) seed source reduced to `{ seed_type: 'df' }`. */
export function withoutInMemoryRows(config: DataDesignerConfig): DataDesignerConfig {
  const seed = config.seed_config as { source?: { seed_type?: string } } | null;
  if (seed?.source?.seed_type !== 'df') return config;
  return { ...config, seed_config: { ...seed, source: { seed_type: 'df' } } as DataDesignerConfig['seed_config'] };
}

/** Writes a config file; the extension picks the format (.yaml, .yml or .json). */
export async function saveConfig(config: DataDesignerConfig, filePath: string): Promise<void> {
  const extension = path.extname(filePath).toLowerCase();
  const format: ConfigFormat | undefined = extension === '.json' ? 'json' : extension === '.yaml' || extension === '.yml' ? 'yaml' : undefined;
  if (!format) {
    throw new BuilderConfigurationError(`Unsupported file type '${extension || filePath}': config files must be .yaml, .yml or .json.`);
  }
  await writeFile(filePath, dumpConfig(config, format), 'utf8');
}
