import { ask } from '../shared/prompt.js';
import type { EntityCommand } from './build-entry.js';
import { prepareEntry } from './cross-references.js';
import { ENTRY_FIELDS, getPath, parseFieldValue, setPath } from './entry-fields.js';

/** Numbered menu on the terminal; returns the chosen option, or `undefined` on empty/invalid input or end of input. */
export async function promptMenu(options: readonly string[]): Promise<string | undefined> {
  options.forEach((option, index) => {
    process.stdout.write(`  ${index + 1}) ${option}\n`);
  });
  const answer = await ask('  Select a number (Enter to cancel): ');
  const index = Number(answer) - 1;
  return Number.isInteger(index) && index >= 0 && index < options.length ? options[index] : undefined;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
  return String(value);
}

/**
 * Asks for each field of an entry (current values shown; Enter keeps them; `clear|none|default`
 * clears optional ones; invalid input re-prompts). Returns `undefined` when input ends.
 */
export async function promptEntry(command: EntityCommand, current?: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const entry: Record<string, unknown> = structuredClone(current ?? {});
  const implied: Record<string, unknown> = {};
  prepareEntry(command, implied);
  for (const field of ENTRY_FIELDS[command]) {
    if (field.when && !field.when(entry)) continue;
    if (field.path === 'provider' && implied.provider !== undefined && entry.provider === undefined) {
      entry.provider = implied.provider;
      continue;
    }
    const existing = getPath(entry, field.path) ?? (current ? undefined : field.defaultValue);
    const hint = existing === undefined ? '' : ` (current value: ${show(existing)}${field.required ? '' : ", type 'clear' to remove"})`;
    for (;;) {
      if (!process.stdin.readable) return undefined;
      const answer = await ask(`  ${field.help}${hint}: `);
      if (answer === '') {
        if (existing !== undefined) {
          setPath(entry, field.path, typeof existing === 'string' && field.kind !== 'string' ? parseFieldValue(field, existing) : existing);
          break;
        }
        if (!field.required) break;
        process.stdout.write('  ❌  Error: a value is required\n');
        continue;
      }
      if (!field.required && ['clear', 'none', 'default'].includes(answer.toLowerCase())) {
        setPath(entry, field.path, undefined);
        break;
      }
      try {
        setPath(entry, field.path, parseFieldValue(field, answer));
        break;
      } catch (error) {
        process.stdout.write(`  ❌  Error: ${(error as Error).message}\n`);
      }
    }
  }
  return entry;
}
