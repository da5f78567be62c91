import type { Command } from 'commander';
import { unknownCommandMessage } from '../shared/suggest-command.js';
import { ENTRY_FIELDS } from './entry-fields.js';

type EntityCommand = keyof typeof ENTRY_FIELDS;

const SUMMARIES: Record<EntityCommand, string> = {
  providers: 'Model providers (model_providers.yaml)',
  models: 'Model configs (model_configs.yaml)',
  mcp: 'MCP providers (mcp_providers.yaml)',
  tools: 'Tool configs (tool_configs.yaml)',
};

const ID_FLAG: Record<EntityCommand, string> = { providers: 'name', models: 'alias', mcp: 'name', tools: 'alias' };

function addEntityCommand(group: Command, command: EntityCommand): void {
  const load = () => import('./run-entity-command.js');
  const entity = group
    .command(command)
    .description(`${SUMMARIES[command]}: interactive on a terminal, or use the subcommands`)
    .argument('[subcommand]')
    .action(async (word?: string) => {
      if (word !== undefined)
        entity.error(
          unknownCommandMessage(
            word,
            entity.commands.map((sub) => sub.name()),
          ),
          { code: 'commander.unknownCommand' },
        );
      await (await load()).runEntityMenu(command);
    });
  entity
    .command('list')
    .description('Print the file (API keys masked)')
    .action(async () => (await load()).runEntityList(command));
  for (const verb of ['add', 'update'] as const) {
    const sub = entity.command(verb).description(verb === 'add' ? 'Add an entry from flags' : 'Change fields of an existing entry');
    for (const field of ENTRY_FIELDS[command]) {
      const required = verb === 'add' && field.required ? ' (required)' : '';
      sub.option(`--${field.flag} <value>`, `${field.help}${required}${field.defaultValue && verb === 'add' ? ` [default: ${field.defaultValue}]` : ''}`);
    }
    sub.action(async (flags: Record<string, unknown>) => {
      if (verb === 'update' && flags[ID_FLAG[command]] === undefined) sub.error(`error: required option '--${ID_FLAG[command]} <value>' not specified`);
      (await load()).runEntityAdd(command, { ...flags }, verb === 'update');
    });
  }
  const remove = entity.command('remove').description('Remove entries by name/alias').argument('<ids...>', `${ID_FLAG[command]}(s) to remove`);
  if (command === 'providers') remove.option('--remove-models', 'also remove the model configs that use them');
  remove.action(async (ids: string[], flags: { removeModels?: boolean }) => (await load()).runEntityRemove(command, ids, flags));
  entity
    .command('clear')
    .description('Delete the whole file')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (flags: { yes?: boolean }) => (await load()).runEntityClear(command, flags.yes === true));
}

/** Adds the `config` group: providers, models, mcp, tools, list, reset. */
export function registerConfigCommand(program: Command): void {
  const group = program.command('config').description('Configure model providers, models, MCP providers and tools (writes DATA_DESIGNER_HOME)');
  for (const command of ['providers', 'models', 'mcp', 'tools'] as const) addEntityCommand(group, command);
  group
    .command('list')
    .description('Show every configuration file as tables')
    .action(async () => (await import('./run-config-list.js')).runConfigList());
  group
    .command('reset')
    .description('Delete model_providers.yaml / model_configs.yaml and restore the built-in defaults')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (flags: { yes?: boolean }) => (await import('./run-config-reset.js')).runConfigReset({ yes: flags.yes === true }));
}
