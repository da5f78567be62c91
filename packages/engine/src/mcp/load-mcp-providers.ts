import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  dataDesignerHome,
  DataDesignerError,
  LocalStdioMCPProviderSchema,
  MCPProviderSchema,
  parseEntryListText,
  type EntryParseResult,
  type EnvironmentVariables,
  type MCPProviderConfig,
} from '@dd/config';
import { MCPConfigurationError } from './mcp-errors.js';

/** `<DATA_DESIGNER_HOME or ~/.data-designer>/mcp_providers.yaml`. */
export function mcpProvidersFile(env: EnvironmentVariables = process.env): string {
  return path.join(dataDesignerHome(env), 'mcp_providers.yaml');
}

/**
 * Parses the `providers:` list of an MCP providers YAML text (entries default to `provider_type: sse`).
 * Any problem is an `MCPConfigurationError` naming the file, with one sentence per invalid field.
 */
export function parseMcpProviders(text: string, source = 'mcp_providers.yaml'): MCPProviderConfig[] {
  try {
    return parseEntryListText(text, {
      source,
      listKey: 'providers',
      parseEntry: (entry) => {
        const stdio = typeof entry === 'object' && entry !== null && (entry as { provider_type?: unknown }).provider_type === 'stdio';
        return (stdio ? LocalStdioMCPProviderSchema : MCPProviderSchema).safeParse(entry) as EntryParseResult<MCPProviderConfig>;
      },
      fix: 'Use {provider_type: stdio, name, command, args?, env?} or {provider_type: sse|streamable_http, name, endpoint, api_key?}.',
    });
  } catch (error) {
    if (!DataDesignerError.isInstance(error)) throw error;
    throw new MCPConfigurationError(error.message, { fix: error.fix, cause: error });
  }
}

/** MCP providers of the Data Designer home (`mcp_providers.yaml`), or none when the file is absent. */
export function loadMcpProviders(env: EnvironmentVariables = process.env): MCPProviderConfig[] {
  const file = mcpProvidersFile(env);
  return existsSync(file) ? parseMcpProviders(readFileSync(file, 'utf8'), file) : [];
}
