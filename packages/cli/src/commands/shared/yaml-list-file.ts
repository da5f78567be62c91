import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { writeFileAtomic } from './atomic-write.js';

/** Reads the list under `key` of a home YAML file; `undefined` when the file does not exist. */
export function readYamlList(file: string, key: string): Array<Record<string, unknown>> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${(error as Error).message.split('\n')[0]} (fix the YAML or delete the file)`);
  }
  if (parsed === null || parsed === undefined) return [];
  const list = (parsed as Record<string, unknown>)[key];
  if (typeof parsed !== 'object' || Array.isArray(parsed) || (list !== undefined && list !== null && !Array.isArray(list))) {
    throw new Error(`${file} must be a mapping with a '${key}:' list.`);
  }
  return ((list ?? []) as unknown[]).filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/** Drops null/undefined fields, also in nested mappings (CLI edits omit nulls, as the original does). */
export function omitNulls(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => [key, value && typeof value === 'object' && !Array.isArray(value) ? omitNulls(value as Record<string, unknown>) : value]),
  );
}

/** Writes `{<key>: entries}` as block-style YAML (2-space indent), atomically. */
export function writeYamlList(file: string, key: string, entries: ReadonlyArray<Record<string, unknown>>): void {
  writeFileAtomic(file, stringifyYaml({ [key]: entries }, { indent: 2, lineWidth: 0 }));
}
