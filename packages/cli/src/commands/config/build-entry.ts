import { ExitError } from '../../errors/exit-error.js';
import { ENTRY_FIELDS, getPath, optionKey, parseFieldValue, setPath, type EntryField } from './entry-fields.js';

/** Subcommands whose entries can be built from flags. */
export type EntityCommand = keyof typeof ENTRY_FIELDS;

/** Builds an entry from commander flag values, starting from `base` (the current entry on update). */
export function buildEntryFromFlags(command: EntityCommand, flags: Record<string, unknown>, base?: Record<string, unknown>): Record<string, unknown> {
  const entry: Record<string, unknown> = structuredClone(base ?? {});
  const fields = ENTRY_FIELDS[command];
  // Discriminating fields first so `when` sees them.
  const ordered = [...fields].sort((a, b) => Number(isDiscriminator(b)) - Number(isDiscriminator(a)));
  for (const field of ordered) {
    const raw = flags[optionKey(field.flag)];
    if (raw === undefined) {
      if (!base && field.defaultValue !== undefined && applies(field, entry)) setPath(entry, field.path, parseOrExit(field, field.defaultValue));
      continue;
    }
    if (!applies(field, entry)) throw new ExitError(`--${field.flag} does not apply here.`, 1, { fix: `It is used with ${field.help}.` });
    const text = String(raw);
    setPath(entry, field.path, ['clear', 'none', 'default'].includes(text.toLowerCase()) && !field.required ? undefined : parseOrExit(field, text));
  }
  for (const field of fields) {
    if (field.required && applies(field, entry) && getPath(entry, field.path) === undefined) {
      throw new ExitError(`Missing --${field.flag} (${field.help}).`, 1);
    }
  }
  return entry;
}

function isDiscriminator(field: EntryField): boolean {
  return field.path === 'provider_type' || field.path.endsWith('generation_type');
}

function applies(field: EntryField, entry: Record<string, unknown>): boolean {
  return field.when === undefined || field.when(entry);
}

function parseOrExit(field: EntryField, text: string): unknown {
  try {
    return parseFieldValue(field, text);
  } catch (error) {
    throw new ExitError((error as Error).message, 1);
  }
}
