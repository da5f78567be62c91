/** The command patterns `agent context` lists for coding agents. */
export const AGENT_COMMAND_PATTERNS: ReadonlyArray<{ command_pattern: string; description: string }> = [
  { command_pattern: 'data-designer validate <config>', description: 'Validate a config file (no model calls)' },
  { command_pattern: 'data-designer preview <config> [-n N]', description: 'Generate a few records in memory and print them' },
  {
    command_pattern: 'data-designer create <config> [-n N] [-d NAME] [-o DIR] [-c RUN_CONFIG.yaml] [-f jsonl|csv|parquet]',
    description: 'Generate a dataset to the artifact folder',
  },
  { command_pattern: 'data-designer schema', description: 'Print the config JSON Schema' },
  { command_pattern: 'data-designer config list', description: 'Show providers, models, MCP providers and tool configs' },
  { command_pattern: 'data-designer config providers add --name N --endpoint URL [--api-key ENV_VAR]', description: 'Add a model provider' },
  { command_pattern: 'data-designer config models add --alias A --model M --provider P', description: 'Add a model config' },
  { command_pattern: 'data-designer download personas --locale L', description: 'Download a Nemotron-Personas dataset' },
  { command_pattern: 'data-designer agent types [family]', description: 'List config types of a family with their fields' },
  { command_pattern: 'data-designer agent state model-aliases', description: 'Model aliases and whether they are usable' },
  { command_pattern: 'data-designer agent state persona-datasets', description: 'Persona datasets and whether they are installed' },
];
