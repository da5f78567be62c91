import { maskApiKey, maskEndpointUrl } from '../shared/mask-api-key.js';
import { homeDir } from '../shared/home-paths.js';
import { CONFIG_ENTITIES, type ConfigEntity } from './config-entities.js';
import { EntryStore } from './entry-store.js';
import { header } from './print-entries.js';
import { formatTable } from '../shared/format-table.js';

type Row = Record<string, string>;

const params = (entry: Record<string, unknown>) =>
  Object.entries((entry.inference_parameters as Record<string, unknown> | undefined) ?? {})
    .filter(([key, value]) => value !== null && key !== 'max_parallel_requests')
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');

const TABLES: Array<{ title: string; entity: ConfigEntity; row: (entry: Record<string, unknown>) => Row }> = [
  {
    title: 'Model Providers',
    entity: CONFIG_ENTITIES.providers,
    row: (e) => ({ Name: String(e.name), Endpoint: maskEndpointUrl(e.endpoint), Type: String(e.provider_type ?? 'openai'), 'API Key': maskApiKey(e.api_key) }),
  },
  {
    title: 'Model Configurations',
    entity: CONFIG_ENTITIES.models,
    row: (e) => ({ Alias: String(e.alias), Model: String(e.model), Provider: String(e.provider ?? ''), 'Inference Parameters': params(e) }),
  },
  {
    title: 'MCP Providers',
    entity: CONFIG_ENTITIES.mcp,
    row: (e) => ({
      Name: String(e.name),
      'Endpoint/Command': e.provider_type === 'stdio' ? [e.command, ...((e.args as string[] | undefined) ?? [])].join(' ') : maskEndpointUrl(e.endpoint),
      Type: String(e.provider_type ?? 'sse'),
      'API Key': e.provider_type === 'stdio' ? `${Object.keys((e.env as object | undefined) ?? {}).length} env vars` : maskApiKey(e.api_key),
    }),
  },
  {
    title: 'Tool Configurations',
    entity: CONFIG_ENTITIES.tools,
    row: (e) => ({
      Alias: String(e.tool_alias),
      Providers: ((e.providers as string[] | undefined) ?? []).join(', '),
      'Allowed Tools': Array.isArray(e.allow_tools) ? e.allow_tools.join(', ') : '(all)',
      'Max Turns': String(e.max_tool_call_turns ?? 5),
      Timeout: e.timeout_sec === undefined || e.timeout_sec === null ? '(none)' : `${String(e.timeout_sec)}s`,
    }),
  },
];

/** `config list`: four tables (providers, models, MCP providers, tool configs); missing files name the command to run. */
export function runConfigList(): void {
  process.stdout.write(header('Data Designer Configurations'));
  process.stdout.write(`  💡  Configuration directory: ${homeDir()}\n`);
  for (const table of TABLES) {
    const entries = new EntryStore(table.entity).read();
    process.stdout.write(`\n  ${table.title}\n`);
    if (entries === undefined) {
      process.stdout.write(`  ⚠️  ${table.entity.file} not found. Run \`data-designer config ${table.entity.command}\` to configure.\n`);
      continue;
    }
    process.stdout.write(formatTable(entries.map(table.row), '  '));
  }
}
