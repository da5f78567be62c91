import {
  DEFAULT_MODEL_PROVIDERS,
  ModelProviderSchema,
  type DataDesignerConfig,
  type MCPProviderConfig,
  type ModelProvider as ModelProviderConfig,
  type EnvironmentVariables,
} from '@dd/config';
import { loadMcpProviders, MCPConfigurationError, McpToolRegistry } from '../mcp/index.js';
import { checkModelHealth, ModelRegistry, RequestAdmissionController, type RequestAdmission } from '../models/index.js';
import { openSeedReader } from '../seeds/index.js';
import { compileConfig } from './compile-config.js';
import { usedModelAliases } from './run-generation.js';

/** Options of `checkModels`. */
export interface CheckModelsOptions {
  /** The config whose columns name the models and tools to probe. */
  config: DataDesignerConfig;
  /** Providers the model configs name. @default the built-ins */
  modelProviders?: readonly ModelProviderConfig[];
  /** MCP providers the tool configs name. @default `<home>/mcp_providers.yaml` */
  mcpProviders?: readonly MCPProviderConfig[];
  /** Shared request admission. @default a new controller */
  requestAdmission?: RequestAdmission;
  /** Where API key references are looked up. @default process.env */
  env?: EnvironmentVariables;
  /** Stops the probes. */
  signal?: AbortSignal;
}

/** What `checkModels` probed. */
export interface CheckModelsResult {
  /** Model aliases probed (models with `skip_health_check` are listed but not called). */
  modelAliases: string[];
  /** Tool aliases probed. */
  toolAliases: string[];
}

/**
 * The readiness checks `preview` and `create` run first, on their own (the original's
 * `check_models`): a tiny request per model alias the columns use and a connection to each MCP tool
 * they name. Runs even when `DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS` is set (asking is explicit).
 * Throws the typed model error of the first failing probe.
 */
export async function checkModels(options: CheckModelsOptions): Promise<CheckModelsResult> {
  const reader = options.config.seed_config
    ? await openSeedReader(options.config.seed_config as Parameters<typeof openSeedReader>[0], options.env ? { secrets: options.env } : {})
    : undefined;
  let compiled: ReturnType<typeof compileConfig>;
  try {
    compiled = compileConfig(options.config, { seedColumnNames: reader?.columnNames ?? [] });
  } finally {
    await reader?.close();
  }
  const aliases = usedModelAliases(compiled.config.columns);
  const toolAliases = [
    ...new Set(compiled.config.columns.map((column) => (column as { tool_alias?: string | null }).tool_alias).filter((alias): alias is string => !!alias)),
  ];
  const toolConfigs = compiled.config.tool_configs ?? [];
  const tools =
    toolAliases.length > 0 && toolConfigs.length > 0 ? new McpToolRegistry({ toolConfigs, providers: options.mcpProviders ?? loadMcpProviders() }) : undefined;
  const models = new ModelRegistry({
    modelConfigs: compiled.config.model_configs ?? [],
    providers: options.modelProviders ?? DEFAULT_MODEL_PROVIDERS.map((provider) => ModelProviderSchema.parse(provider)),
    admission: options.requestAdmission ?? new RequestAdmissionController(),
    ...(options.env ? { env: options.env } : {}),
  });
  try {
    if (aliases.length > 0) await checkModelHealth(models, aliases, options.signal, { ignoreSkipEnv: true });
    if (toolAliases.length > 0) {
      if (!tools)
        throw new MCPConfigurationError(`Columns use tool aliases (${toolAliases.join(', ')}), but the config has no tool_configs.`, {
          fix: 'Add tool_configs for them.',
        });
      await tools.probe(toolAliases);
    }
    return { modelAliases: aliases, toolAliases };
  } finally {
    await models.close();
    await tools?.close();
  }
}
