import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { definedOrThrow } from '@dd/config';
import { ExitError } from '../../errors/exit-error.js';
import { loadDuckDB, loadUndici, sqlString } from '../shared/engine-peer-modules.js';
import { personaDatasetsDir } from '../shared/home-paths.js';
import { findPersonaLocale, PERSONA_LOCALES, personaDatasetFile, type PersonaLocale } from '../shared/persona-locales.js';
import { ask, confirm, isInteractive } from '../shared/prompt.js';
import { downloadFile, type DownloadProgress } from './download-file.js';
import { fetchShardList } from './fetch-shard-list.js';

/** Flags of `download personas`. */
export interface DownloadPersonasOptions {
  locale: string[];
  all?: boolean;
  dryRun?: boolean;
  list?: boolean;
  yes?: boolean;
  /** Base URL of the Hugging Face Hub (tests point it at a local server). */
  urlBase: string;
}

const out = (text: string) => process.stdout.write(text);

function printList(): void {
  out('\n  Nemotron-Personas datasets:\n');
  let total = 0;
  for (const { locale, size } of PERSONA_LOCALES) {
    total += Number.parseFloat(size);
    out(`  • ${locale}: ${size}${existsSync(personaDatasetFile(locale)) ? ' (downloaded)' : ''}\n`);
  }
  out(`  Total: ${total.toFixed(2)} GB\n`);
}

async function selectLocales(options: DownloadPersonasOptions): Promise<PersonaLocale[]> {
  if (options.all) return [...PERSONA_LOCALES];
  if (options.locale.length > 0) {
    const invalid = options.locale.filter((code) => !findPersonaLocale(code));
    if (invalid.length > 0) {
      throw new ExitError(`Invalid locale(s): ${invalid.join(', ')}.`, 1, {
        fix: `Available locales: ${PERSONA_LOCALES.map((entry) => entry.locale).join(', ')}.`,
      });
    }
    return [...new Set(options.locale.map((code) => findPersonaLocale(code) as PersonaLocale))];
  }
  if (!isInteractive()) throw new ExitError('No locale selected.', 1, { fix: 'Pass --locale <code> (repeatable) or --all; --list shows the locales.' });
  PERSONA_LOCALES.forEach((entry, index) => {
    out(`  ${index + 1}) ${entry.locale} (${entry.size})\n`);
  });
  const answer = await ask('  Locales to download (numbers, comma-separated): ');
  return answer
    .split(',')
    .map((item) => PERSONA_LOCALES[Number(item.trim()) - 1])
    .filter((entry): entry is PersonaLocale => entry !== undefined);
}

function progressPrinter(label: string): (progress: DownloadProgress) => void {
  let last = 0;
  return ({ received, total }) => {
    const now = Date.now();
    if (now - last < 250 && received !== total) return;
    last = now;
    const mb = (received / 1_048_576).toFixed(1);
    const percent = total ? ` ${((received / total) * 100).toFixed(0)}%` : '';
    process.stderr.write(`  ⬇️  ${label}: ${mb} MB${percent}${process.stderr.isTTY ? '\r' : '\n'}`);
  };
}

/** Downloads one locale's shards to a temp folder beside the target, merges them, and renames into place. */
async function downloadLocale(entry: PersonaLocale, urlBase: string): Promise<string> {
  const undici = await loadUndici();
  const dispatcher = new undici.Agent().compose(undici.interceptors.redirect({ maxRedirections: 5 }));
  const headers: Record<string, string> = { 'user-agent': 'data-designer-ts' };
  if (process.env.HF_TOKEN) headers.authorization = `Bearer ${process.env.HF_TOKEN}`;
  const target = personaDatasetFile(entry.locale);
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = mkdtempSync(path.join(path.dirname(target), `.${entry.locale}.download-`));
  try {
    const urls = await fetchShardList(undici, dispatcher, urlBase, entry.repo, entry.locale, headers);
    const shards: string[] = [];
    for (const [index, url] of urls.entries()) {
      const shard = path.join(temp, `shard-${String(index).padStart(5, '0')}.parquet`);
      await downloadFile(undici, dispatcher, url, shard, headers, progressPrinter(`${entry.locale} [${index + 1}/${urls.length}]`));
      shards.push(shard);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    let merged = definedOrThrow(shards[0], 'the first downloaded shard');
    if (shards.length > 1) {
      merged = path.join(temp, 'merged.parquet');
      const { DuckDBInstance } = await loadDuckDB();
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run(`COPY (SELECT * FROM read_parquet([${shards.map(sqlString).join(', ')}])) TO ${sqlString(merged)} (FORMAT parquet)`);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    }
    renameSync(merged, target);
    return target;
  } finally {
    rmSync(temp, { recursive: true, force: true });
    await (dispatcher as { close?: () => Promise<void> }).close?.();
  }
}

/** `download personas`: fetches Nemotron-Personas parquet files into `<managed assets>/datasets/<locale>.parquet`. */
export async function runDownloadPersonas(options: DownloadPersonasOptions): Promise<void> {
  out('\n─── Download Nemotron-Personas Datasets ───\n');
  if (options.list) return printList();
  const locales = await selectLocales(options);
  if (locales.length === 0) {
    out('  ⚠️  No locales selected.\n');
    return;
  }
  out(`  💡  Datasets will be saved to: ${personaDatasetsDir()}\n`);
  for (const entry of locales) {
    const exists = existsSync(personaDatasetFile(entry.locale));
    out(
      `  • ${options.dryRun ? 'Would download' : 'Will download'} ${entry.locale} (${entry.size}) from ${entry.repo}${exists ? ' — already exists, will update' : ''}\n`,
    );
  }
  if (options.dryRun) return;
  if (!options.yes && isInteractive() && !(await confirm('  Proceed?', true))) {
    out('  Download cancelled.\n');
    return;
  }
  const failures: string[] = [];
  for (const entry of locales) {
    try {
      const file = await downloadLocale(entry, options.urlBase);
      out(`  ✅  ${entry.locale}: saved ${file}\n`);
    } catch (error) {
      failures.push(entry.locale);
      process.stderr.write(`  ❌  ${entry.locale}: ${(error as Error).message}\n`);
    }
  }
  out(`\n  Downloaded ${locales.length - failures.length} of ${locales.length} dataset(s).\n`);
  if (failures.length > 0)
    throw new ExitError(`Download failed for: ${failures.join(', ')}.`, 1, { fix: 'Check the network (or --url-base) and HF_TOKEN, then retry.' });
}
