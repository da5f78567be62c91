import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalStdioMCPProviderSchema, MCPProviderSchema, type MCPProviderConfig } from '@dd/config';
import { parse as parseYaml } from 'yaml';
import { MCPConfigurationError } from './mcp-errors.js';

/** `<DATA_DESIGNER_HOME or ~/.data-designer>/mcp_providers.yaml`. */
export function mcpProvidersFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DATA_DESIGNER_HOME || path.join(os.homedir(), '.data-designer'), 'mcp_providers.yaml');
}

/** Parses the `providers:` list of an MCP providers YAML text (entries default to `provider_type: sse`). */
export function parseMcpProviders(text: string, source = 'mcp_providers.yaml'): MCPProviderConfig[] {
  const parsed = parseYaml(text) as { providers?: unknown } | null;
  if (parsed === null || parsed === undefined) return [];
  if (typeof parsed !== 'object' || (parsed.providers !== undefined && parsed.providers !== null && !Array.isArray(parsed.providers))) {
    throw new MCPConfigurationError(`${source}: expected a mapping with a 'providers:' list.`);
  }
  return ((parsed.providers as unknown[] | null | undefined) ?? []).map((entry, index) => {
    const stdio = typeof entry === 'object' && entry !== null && (entry as { provider_type?: unknown }).provider_type === 'stdio';
    const result = (stdio ? LocalStdioMCPProviderSchema : MCPProviderSchema).safeParse(entry);
    if (!result.success) {
      throw new MCPConfigurationError(`${source}: providers[${index}] is not a valid MCP provider: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`, {
        fix: "Use {provider_type: stdio, name, command, args?, env?} or {provider_type: sse|streamable_http, name, endpoint, api_key?}.",
      });
    }
    return result.data;
  });
}

/** MCP providers of the Data Designer home (`mcp_providers.yaml`), or none when the file is absent. */
export function loadMcpProviders(env: NodeJS.ProcessEnv = process.env): MCPProviderConfig[] {
  const file = mcpProvidersFile(env);
  return existsSync(file) ? parseMcpProviders(readFileSync(file, 'utf8'), file) : [];
}
