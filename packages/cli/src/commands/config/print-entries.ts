import { stringify as stringifyYaml } from 'yaml';
import { maskApiKey, maskEndpointUrl } from '../shared/mask-api-key.js';
import type { ConfigEntity } from './config-entities.js';

/** Entries with API keys and endpoint credentials masked (env-var names stay visible). */
export function maskEntries(entries: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return entries.map((entry) => {
    const masked: Record<string, unknown> = { ...entry };
    if ('api_key' in entry && entry.api_key !== null) masked.api_key = maskApiKey(entry.api_key);
    if (typeof entry.endpoint === 'string') masked.endpoint = maskEndpointUrl(entry.endpoint);
    return masked;
  });
}

/** The current file as YAML (keys masked), or a line saying nothing is configured. */
export function formatEntries(entity: ConfigEntity, entries: ReadonlyArray<Record<string, unknown>> | undefined): string {
  if (entries === undefined || entries.length === 0) return `  ⚠️  No ${entity.label}s configured. Run \`data-designer config ${entity.command} add --help\`.\n`;
  return stringifyYaml({ [entity.key]: maskEntries(entries) }, { indent: 2, lineWidth: 0 })
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

/** `─── Title ───` header line. */
export function header(title: string): string {
  return `\n─── ${title} ───\n`;
}
