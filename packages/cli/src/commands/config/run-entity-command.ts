import { rmSync } from 'node:fs';
import { ExitError } from '../../errors/exit-error.js';
import { homeDir } from '../shared/home-paths.js';
import { confirm, isInteractive } from '../shared/prompt.js';
import { buildEntryFromFlags, type EntityCommand } from './build-entry.js';
import { CONFIG_ENTITIES } from './config-entities.js';
import { checkReferences, modelsUsingProvider, prepareEntry } from './cross-references.js';
import { EntryStore } from './entry-store.js';
import { formatEntries, header } from './print-entries.js';
import { promptEntry, promptMenu } from './prompt-entry.js';

const TITLES: Record<EntityCommand, string> = {
  providers: 'Model Provider Configuration',
  models: 'Model Configuration',
  mcp: 'MCP Provider Configuration',
  tools: 'Tool Configuration',
};

const out = (text: string) => process.stdout.write(text);

/** `config <kind> list`: prints the file (API keys masked). */
export function runEntityList(command: EntityCommand): void {
  const store = new EntryStore(CONFIG_ENTITIES[command]);
  out(header(TITLES[command]));
  out(`  💡  Configuration directory: ${homeDir()}\n\n`);
  out(formatEntries(store.entity, store.read()));
}

/** `config <kind> add …` / `update …`: builds the entry from flags, validates it and writes the file atomically. */
export function runEntityAdd(command: EntityCommand, flags: Record<string, unknown>, replace: boolean): void {
  const store = new EntryStore(CONFIG_ENTITIES[command]);
  prepareEntry(command, flags);
  const id = flags[store.entity.idField === 'tool_alias' || store.entity.idField === 'alias' ? 'alias' : 'name'];
  const base = replace && typeof id === 'string' ? store.find(id) : undefined;
  if (replace && base === undefined)
    throw new ExitError(`No ${store.entity.label} named '${String(id)}'.`, 1, { fix: `Run \`data-designer config ${command} list\`.` });
  const entry = buildEntryFromFlags(command, flags, base);
  checkReferences(command, entry);
  const saved = store.upsert(entry, replace);
  out(`  ✅  ${replace ? 'Updated' : 'Added'} ${store.entity.label} '${String(saved[store.entity.idField])}' in ${store.path}\n`);
}

/** `config <kind> remove ID…`: deletes entries; removing a provider warns about models using it. */
export function runEntityRemove(command: EntityCommand, ids: readonly string[], options: { removeModels?: boolean } = {}): void {
  const store = new EntryStore(CONFIG_ENTITIES[command]);
  store.remove(ids);
  out(`  ✅  Removed ${store.entity.label}(s): ${ids.join(', ')}\n`);
  if (command !== 'providers') return;
  const affected = ids.flatMap((name) => modelsUsingProvider(name));
  if (affected.length === 0) return;
  if (options.removeModels) {
    new EntryStore(CONFIG_ENTITIES.models).remove(affected);
    out(`  ✅  Removed model config(s) that used them: ${affected.join(', ')}\n`);
  } else {
    out(
      `  ⚠️  These model configs still use the removed provider(s): ${affected.join(', ')}\n  💡  Remove them with: data-designer config models remove ${affected.join(' ')}\n`,
    );
  }
}

/** `config <kind> clear --yes`: deletes the whole file. */
export async function runEntityClear(command: EntityCommand, yes: boolean): Promise<void> {
  const store = new EntryStore(CONFIG_ENTITIES[command]);
  if (!yes && !(isInteractive() && (await confirm(`Delete ${store.path}?`)))) {
    throw new ExitError(`Not deleting ${store.path}.`, 1, { fix: 'Pass --yes to confirm.' });
  }
  rmSync(store.path, { force: true });
  out(`  ✅  Deleted ${store.path}\n`);
}

/** `config <kind>` with no subcommand: the interactive menu on a terminal, else the listing plus a hint. */
export async function runEntityMenu(command: EntityCommand): Promise<void> {
  runEntityList(command);
  if (!isInteractive()) {
    out(`\n  💡  Not a terminal: use \`data-designer config ${command} add|update|remove|clear|list\` (see --help).\n`);
    return;
  }
  const store = new EntryStore(CONFIG_ENTITIES[command]);
  for (;;) {
    const entries = store.list();
    const ids = entries.map((entry) => String(entry[store.entity.idField]));
    const choice = entries.length === 0 ? 'add' : await promptMenu(['add', 'update', 'delete', 'delete all', 'exit']);
    try {
      if (choice === 'exit' || choice === undefined) return;
      if (choice === 'add' || choice === 'update') {
        const current = choice === 'update' ? store.find((await promptMenu(ids)) ?? '') : undefined;
        if (choice === 'update' && !current) continue;
        const entry = await promptEntry(command, current);
        if (!entry) return;
        checkReferences(command, entry);
        store.upsert(entry, choice === 'update');
        out(`  ✅  Saved ${store.entity.label} '${String(entry[store.entity.idField])}'\n`);
        if (choice === 'add' && (await promptMenu(['finish', `add another ${store.entity.label}`])) !== 'finish') continue;
        return;
      }
      if (choice === 'delete') {
        const id = await promptMenu(ids);
        if (id && (await confirm(`Delete '${id}'?`)))
          runEntityRemove(command, [id], { removeModels: command === 'providers' && (await confirm('Also delete model configs using it?')) });
      }
      if (choice === 'delete all' && (await confirm(`Delete all ${store.entity.label}s?`))) await runEntityClear(command, true);
    } catch (error) {
      out(`  ❌  Error: ${(error as Error).message}\n`);
    }
  }
}
