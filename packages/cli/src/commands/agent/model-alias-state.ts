import { HOME_FILES, homeFile } from '../shared/home-paths.js';
import { isEnvVarName } from '../shared/mask-api-key.js';
import { readYamlList } from '../shared/yaml-list-file.js';
import { AgentError } from './agent-error.js';

/** One row of `agent state model-aliases`. */
export interface ModelAliasState {
  model_alias: string;
  model: string;
  generation_type: string;
  provider: string;
  usable: boolean;
  reason: string | null;
}

/** State of the home model files and of every alias in them. */
export interface ModelAliasesReport {
  model_config_present: boolean;
  provider_config_present: boolean;
  model_config_file: string;
  provider_config_file: string;
  aliases: ModelAliasState[];
}

function readList(file: string, key: string): Array<Record<string, unknown>> | undefined {
  try {
    return readYamlList(file, key);
  } catch (error) {
    throw new AgentError('invalid_registry', error instanceof Error ? error.message : String(error));
  }
}

/** Reads `model_configs.yaml` and `model_providers.yaml`: per alias whether it is usable, and why not. */
export function modelAliasesReport(): ModelAliasesReport {
  const modelFile = homeFile(HOME_FILES.modelConfigs);
  const providerFile = homeFile(HOME_FILES.modelProviders);
  const models = readList(modelFile, 'model_configs');
  const providers = readList(providerFile, 'providers');
  const legacy = (models ?? []).filter((entry) => typeof entry.provider !== 'string' || entry.provider === '').map((entry) => String(entry.alias));
  if (legacy.length > 0) {
    throw new AgentError(
      'legacy_model_config',
      `${modelFile} has model configs without a provider: ${legacy.join(', ')}. Add 'provider:' to each, or run \`data-designer config models\`.`,
    );
  }
  const byName = new Map((providers ?? []).map((provider) => [String(provider.name), provider]));
  const aliases = (models ?? []).map((entry): ModelAliasState => {
    const provider = byName.get(String(entry.provider));
    const key = provider?.api_key;
    const missingKey =
      provider !== undefined && (key === null || key === undefined || key === '' || (typeof key === 'string' && isEnvVarName(key) && !process.env[key]));
    const reason = provider === undefined ? 'provider not configured' : missingKey ? 'provider missing API key' : null;
    const params = (entry.inference_parameters as Record<string, unknown> | undefined) ?? {};
    return {
      model_alias: String(entry.alias),
      model: String(entry.model),
      generation_type: String(params.generation_type ?? ('encoding_format' in params || 'dimensions' in params ? 'embedding' : 'chat-completion')),
      provider: String(entry.provider),
      usable: reason === null,
      reason,
    };
  });
  aliases.sort((a, b) => a.model_alias.localeCompare(b.model_alias));
  return {
    model_config_present: models !== undefined,
    provider_config_present: providers !== undefined,
    model_config_file: modelFile,
    provider_config_file: providerFile,
    aliases,
  };
}
