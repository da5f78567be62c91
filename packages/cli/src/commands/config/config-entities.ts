import { MCPProviderConfigSchema, ModelConfigSchema, ModelProviderSchema, ToolConfigSchema } from '@dd/config';
import type { z } from 'zod';
import { HOME_FILES } from '../shared/home-paths.js';

/** One kind of entry a `config` subcommand manages: its home file, list key, id field and schema. */
export interface ConfigEntity {
  /** Subcommand name (`providers`, `models`, `mcp`, `tools`). */
  command: string;
  /** Human label, singular. */
  label: string;
  /** File name under the home folder. */
  file: string;
  /** Top-level list key of the file. */
  key: string;
  /** Field that identifies an entry (unique). */
  idField: string;
  /** Validates one entry. */
  schema: z.ZodType;
}

/** The four entry kinds, keyed by subcommand. */
export const CONFIG_ENTITIES: Record<'providers' | 'models' | 'mcp' | 'tools', ConfigEntity> = {
  providers: { command: 'providers', label: 'model provider', file: HOME_FILES.modelProviders, key: 'providers', idField: 'name', schema: ModelProviderSchema },
  models: { command: 'models', label: 'model config', file: HOME_FILES.modelConfigs, key: 'model_configs', idField: 'alias', schema: ModelConfigSchema },
  mcp: { command: 'mcp', label: 'MCP provider', file: HOME_FILES.mcpProviders, key: 'providers', idField: 'name', schema: MCPProviderConfigSchema },
  tools: { command: 'tools', label: 'tool config', file: HOME_FILES.toolConfigs, key: 'tool_configs', idField: 'tool_alias', schema: ToolConfigSchema },
};
