import type { Command } from 'commander';

/** Adds the `agent` group: context, types [family], state model-aliases | persona-datasets (JSON on stdout). */
export function registerAgentCommand(program: Command): void {
  const group = program.command('agent').description('Machine-readable (JSON) context for coding agents');
  const load = () => import('./run-agent.js');
  group
    .command('context')
    .description('Everything at once: versions, type catalogues, model aliases, persona datasets, commands')
    .action(async () => (await load()).runAgentContext());
  group
    .command('types')
    .description('Config types of a family (columns, constraints, processors, samplers, validators, seeds, models) with fields and defaults')
    .argument('[family]', 'family name (singular accepted); all when omitted')
    .action(async (family?: string) => (await load()).runAgentTypes(family));
  const state = group.command('state').description('Local state');
  state
    .command('model-aliases')
    .description('Model aliases, and whether each is usable')
    .action(async () => (await load()).runAgentModelAliases());
  state
    .command('persona-datasets')
    .description('Persona datasets, and whether each is installed')
    .action(async () => (await load()).runAgentPersonaDatasets());
}
