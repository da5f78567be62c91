import { existsSync } from 'node:fs';
import { DEFAULT_MODEL_PROVIDERS, defaultModelConfigs, ModelConfigSchema, ModelProviderSchema } from '@dd/config';
import { HOME_FILES, homeFile } from '../shared/home-paths.js';
import { writeYamlList } from '../shared/yaml-list-file.js';

/** Writes the built-in providers and model configs when their home files are missing (bootstrap writes nulls, as the original). */
export function writeDefaultModelFiles(): void {
  const providers = homeFile(HOME_FILES.modelProviders);
  const models = homeFile(HOME_FILES.modelConfigs);
  if (!existsSync(providers))
    writeYamlList(
      providers,
      'providers',
      DEFAULT_MODEL_PROVIDERS.map((provider) => ModelProviderSchema.parse(provider) as Record<string, unknown>),
    );
  if (!existsSync(models))
    writeYamlList(
      models,
      'model_configs',
      defaultModelConfigs().map((config) => ModelConfigSchema.parse(config) as Record<string, unknown>),
    );
}
