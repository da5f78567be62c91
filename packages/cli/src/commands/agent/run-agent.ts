import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_VERSION } from '../../version.js';
import { personaDatasetStates } from '../shared/persona-locales.js';
import { personaDatasetsDir } from '../shared/home-paths.js';
import { AgentError, runAgentCommand } from './agent-error.js';
import { AGENT_COMMAND_PATTERNS } from './agent-commands.js';
import { loadTypeCatalogue } from './type-catalogue.js';
import { FAMILY_NAMES, resolveFamilyName } from './type-catalogue-types.js';

/** `agent types [family]`: one family's catalogue, or every family's. */
export async function runAgentTypes(family?: string): Promise<void> {
  await runAgentCommand(async () => {
    const name = family === undefined ? undefined : resolveFamilyName(family);
    if (family !== undefined && !name) throw new AgentError('unknown_family', `Unknown family '${family}'. Families: ${FAMILY_NAMES.join(', ')}.`);
    const { families } = await loadTypeCatalogue();
    return name === undefined ? { families } : families.find((entry) => entry.family === name);
  });
}

/** `agent state model-aliases`. */
export async function runAgentModelAliases(): Promise<void> {
  await runAgentCommand(async () => (await import('./model-alias-state.js')).modelAliasesReport());
}

/** `agent state persona-datasets`. */
export async function runAgentPersonaDatasets(): Promise<void> {
  await runAgentCommand(() => ({ datasets_directory: personaDatasetsDir(), datasets: personaDatasetStates() }));
}

function configModuleRoot(): string {
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.resolve('@dd/config'))), '..');
  } catch {
    return '@dd/config';
  }
}

/** `agent context`: versions, config module files, per-family type catalogues, model aliases, persona datasets, commands. */
export async function runAgentContext(): Promise<void> {
  await runAgentCommand(async () => {
    const { libraryVersion, families } = await loadTypeCatalogue();
    let modelAliases: unknown;
    try {
      modelAliases = (await import('./model-alias-state.js')).modelAliasesReport();
    } catch (error) {
      modelAliases = { error: { code: error instanceof AgentError ? error.code : 'internal_error', message: (error as Error).message } };
    }
    return {
      version: CLI_VERSION,
      library_version: libraryVersion,
      config_module: { root: configModuleRoot(), builder_file: 'src/builder/data-designer-config-builder.ts', base_config_file: 'src/data-designer-config.ts' },
      families: families.map((family) => ({ family: family.family, discriminator: family.discriminator, count: family.types.length })),
      types: Object.fromEntries(families.map((family) => [family.family, family.types.map(({ type, value, description }) => ({ type, value, description }))])),
      model_aliases: modelAliases,
      persona_datasets: personaDatasetStates(),
      commands: AGENT_COMMAND_PATTERNS,
    };
  });
}
