import { ExitError } from '../../errors/exit-error.js';
import { CONFIG_ENTITIES } from './config-entities.js';
import { EntryStore } from './entry-store.js';
import type { EntityCommand } from './build-entry.js';

/** Names of the configured model providers (from `model_providers.yaml`). */
export function providerNames(): string[] {
  return new EntryStore(CONFIG_ENTITIES.providers).list().map((entry) => String(entry.name));
}

/** Names of the configured MCP providers (from `mcp_providers.yaml`). */
export function mcpProviderNames(): string[] {
  return new EntryStore(CONFIG_ENTITIES.mcp).list().map((entry) => String(entry.name));
}

/** Fills implied fields (a model's only provider) before validation; fails when prerequisites are missing. */
export function prepareEntry(command: EntityCommand, flags: Record<string, unknown>): void {
  if (command === 'models') {
    const providers = providerNames();
    if (providers.length === 0) {
      throw new ExitError('No providers available!', 1, {
        fix: 'Add one first: data-designer config providers add --name NAME --endpoint URL [--api-key ENV_VAR].',
      });
    }
    if (flags.provider === undefined && providers.length === 1) flags.provider = providers[0];
  }
  if (command === 'tools' && mcpProviderNames().length === 0) {
    throw new ExitError('No MCP providers available!', 1, {
      fix: 'Add one first: data-designer config mcp add --name NAME --endpoint URL (or --type stdio --command CMD).',
    });
  }
}

/** Checks that names an entry refers to exist (a model's provider, a tool config's MCP providers). */
export function checkReferences(command: EntityCommand, entry: Record<string, unknown>): void {
  if (command === 'models') {
    const providers = providerNames();
    if (!providers.includes(String(entry.provider))) {
      throw new ExitError(`Provider '${String(entry.provider)}' is not configured.`, 1, { fix: `Use one of: ${providers.join(', ')}.` });
    }
  }
  if (command === 'tools') {
    const known = mcpProviderNames();
    const missing = ((entry.providers as string[] | undefined) ?? []).filter((name) => !known.includes(name));
    if (missing.length > 0) throw new ExitError(`MCP provider(s) not configured: ${missing.join(', ')}.`, 1, { fix: `Use some of: ${known.join(', ')}.` });
    if (((entry.providers as string[] | undefined) ?? []).length === 0) throw new ExitError('Select at least one MCP provider.', 1);
  }
}

/** Aliases of model configs that use provider `name`. */
export function modelsUsingProvider(name: string): string[] {
  return new EntryStore(CONFIG_ENTITIES.models)
    .list()
    .filter((entry) => entry.provider === name)
    .map((entry) => String(entry.alias));
}
