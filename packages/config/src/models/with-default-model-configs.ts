import path from 'node:path';
import { readHomeModelConfigs } from '../builder/read-home-model-configs.js';
import { dataDesignerHome } from '../home/index.js';
import type { DataDesignerConfig } from '../data-designer-config.js';
import { ConfigValidationError } from '../errors/index.js';
import { modelAliasesOf } from '../validation/column-dependencies.js';
import { zodIssuesToConfigIssues } from '../validation/zod-issues-to-config-issues.js';
import { defaultModelConfigs } from './default-models.js';
import { ModelConfigSchema, type ModelConfig } from './model-config.js';

/** Where a default model config came from. */
export type DefaultModelConfigSource = 'home' | 'built-in';

/** A model config the config did not define, with where it was found. */
export interface DefaultModelConfig {
  /** The parsed model config. */
  config: ModelConfig;
  /** `home` (`<home>/model_configs.yaml`) or `built-in`. */
  source: DefaultModelConfigSource;
}

/** `<home>/model_configs.yaml`, the first place missing aliases are looked up. */
export function homeModelConfigsFile(): string {
  return path.join(dataDesignerHome(), 'model_configs.yaml');
}

/**
 * The default model configs by alias: those of `<home>/model_configs.yaml` first, then the built-in
 * ones for aliases the file does not define. An invalid entry in the file throws a
 * `ConfigValidationError` naming the file.
 */
export function defaultModelConfigsByAlias(): Map<string, DefaultModelConfig> {
  const byAlias = new Map<string, DefaultModelConfig>();
  readHomeModelConfigs().forEach((entry, index) => {
    const parsed = ModelConfigSchema.safeParse(entry);
    if (!parsed.success) {
      const issues = zodIssuesToConfigIssues(parsed.error, entry, { pathPrefix: ['model_configs', index] }).map((issue) => ({
        ...issue,
        path: `${homeModelConfigsFile()}: ${issue.path}`,
        fix: issue.fix ?? 'Fix the entry, or run `data-designer config reset` to restore the defaults.',
      }));
      throw new ConfigValidationError(issues);
    }
    if (!byAlias.has(parsed.data.alias)) byAlias.set(parsed.data.alias, { config: parsed.data as ModelConfig, source: 'home' });
  });
  for (const entry of defaultModelConfigs()) {
    const parsed = ModelConfigSchema.parse(entry) as ModelConfig;
    if (!byAlias.has(parsed.alias)) byAlias.set(parsed.alias, { config: parsed, source: 'built-in' });
  }
  return byAlias;
}

/**
 * The config with a model config for every alias its columns use: aliases the config does not
 * define are taken from `<home>/model_configs.yaml`, else from the built-in defaults (as the
 * original's builder falls back to the home file, which it seeds with the built-ins). Aliases no
 * source defines stay missing; `model_configs` is then an array, so validation reports them.
 * A config whose columns use no model is returned unchanged.
 */
export function withDefaultModelConfigs<T extends Pick<DataDesignerConfig, 'columns' | 'model_configs'>>(config: T): T {
  const used = [...new Set(config.columns.flatMap((column) => modelAliasesOf(column as Parameters<typeof modelAliasesOf>[0])))].filter((alias) => alias !== '');
  if (used.length === 0) return config;
  const defined = new Set((config.model_configs ?? []).map((model) => model.alias));
  const missing = used.filter((alias) => !defined.has(alias));
  if (missing.length === 0) return config;
  const defaults = defaultModelConfigsByAlias();
  const added = missing.flatMap((alias) => {
    const found = defaults.get(alias);
    return found ? [found.config] : [];
  });
  return { ...config, model_configs: [...(config.model_configs ?? []), ...added] };
}
