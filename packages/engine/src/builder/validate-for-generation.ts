import type { DataDesignerConfig, EnvironmentVariables, Violation } from '@dd/config';
import { openSeedReader } from '../seeds/index.js';
import { compileConfig } from './compile-config.js';

/**
 * Every check generation runs before it starts, without generating or calling models: seed columns
 * are read from the seed file, then static validation. Errors throw `InvalidConfigError`; warnings
 * are returned. `secrets` resolves a seed source's secret references (an `hf` token).
 */
export async function validateForGeneration(config: DataDesignerConfig, options: { secrets?: EnvironmentVariables } = {}): Promise<Violation[]> {
  const reader = config.seed_config ? await openSeedReader(config.seed_config as Parameters<typeof openSeedReader>[0], options) : undefined;
  try {
    return compileConfig(config, { seedColumnNames: reader?.columnNames ?? [] }).warnings;
  } finally {
    await reader?.close();
  }
}
