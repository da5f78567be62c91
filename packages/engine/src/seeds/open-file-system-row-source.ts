import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import { definedOrThrow } from '@dd/config';
import { fnmatchToRegExp } from './fnmatch-to-regexp.js';
import type { DirectorySeedSourceInput, FileContentsSeedSourceInput } from './seed-config-input.js';
import { SeedReaderError } from './seed-reader-error.js';
import type { SeedRowSource } from './seed-row-source.js';

const DIRECTORY_COLUMNS = ['source_kind', 'source_path', 'relative_path', 'file_name'] as const;

/** Relative POSIX paths of every file under `root` (recursively, or direct children only). */
export function listFiles(root: string, recursive: boolean): string[] {
  const out: string[] = [];
  const walk = (directory: string, prefix: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (recursive) walk(full, relative);
      } else if (entry.isFile() || (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())) {
        out.push(relative);
      }
    }
  };
  walk(root, '');
  return out;
}

/** Decodes bytes to text (a `TextDecoder`, typed structurally so published types need no Node or DOM types). */
export interface BytesDecoder {
  /** The text of `bytes`; throws on bytes invalid in the encoding. */
  decode(bytes: Uint8Array): string;
}

/**
 * Python codec name → WHATWG label for `TextDecoder` (`utf_8` → `utf-8`, `latin_1` → `latin1`, …).
 * Decoding is strict, like Python's default `errors="strict"`; a UTF-8 BOM is kept, as Python's `utf-8` does.
 */
export function createTextDecoder(encoding: string): BytesDecoder {
  const normalized = encoding.trim().toLowerCase().replaceAll('_', '-');
  const candidates = [normalized, normalized.replaceAll('-', ''), normalized.replace(/^latin-?/, 'latin')];
  for (const label of candidates) {
    try {
      return new TextDecoder(label, { fatal: true, ignoreBOM: true });
    } catch {
      // try the next spelling
    }
  }
  throw new SeedReaderError(`Unknown encoding '${encoding}' in seed_config.source.encoding.`, {
    fix: 'Use a standard encoding name such as utf-8, latin-1, utf-16 or cp1252.',
  });
}

/**
 * Opens a `directory` or `file_contents` source: the manifest (sorted relative paths of the files whose
 * basename matches `file_pattern`) is built once; rows are hydrated only for the indices asked for, so a
 * `file_contents` run reads each file when its row is needed.
 */
export async function openFileSystemRowSource(
  source: DirectorySeedSourceInput | FileContentsSeedSourceInput,
  cwd: string = process.cwd(),
): Promise<SeedRowSource> {
  if (source.path.trim() === '') {
    throw new SeedReaderError('seed_config.source.path must be a non-empty directory path.', { fix: 'Set path to the folder holding the seed files.' });
  }
  const expanded = source.path === '~' || source.path.startsWith('~/') ? path.join(os.homedir(), source.path.slice(1)) : source.path;
  const root = path.resolve(cwd, expanded);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SeedReaderError(`Seed source directory '${root}' does not exist.`, {
      fix: `Check seed_config.source.path ('${source.path}'); relative paths are resolved from the working directory (${cwd}).`,
    });
  }
  const pattern = source.file_pattern ?? '*';
  const recursive = source.recursive ?? true;
  const matcher = fnmatchToRegExp(pattern);
  const files = listFiles(root, recursive)
    .filter((relative) => matcher.test(relative.slice(relative.lastIndexOf('/') + 1)))
    .sort();
  if (files.length === 0) {
    throw new SeedReaderError(`No files matched file_pattern '${pattern}' ${recursive ? 'under' : 'directly under'} ${root}.`, {
      fix: 'Check file_pattern (it matches file names only, case-sensitively) and recursive.',
    });
  }
  const withContent = source.seed_type === 'file_contents';
  const decoder = withContent ? createTextDecoder((source as FileContentsSeedSourceInput).encoding ?? 'utf-8') : undefined;
  const encoding = withContent ? ((source as FileContentsSeedSourceInput).encoding ?? 'utf-8') : '';
  const manifestRow = (relative: string): Record<string, unknown> => ({
    source_kind: withContent ? 'file_contents' : 'directory_file',
    source_path: path.join(root, ...relative.split('/')),
    relative_path: relative,
    file_name: relative.slice(relative.lastIndexOf('/') + 1),
  });
  return {
    description: root,
    columnNames: withContent ? [...DIRECTORY_COLUMNS, 'content'] : [...DIRECTORY_COLUMNS],
    rowCount: files.length,
    async fetchRows(indices) {
      const out = new Map<number, Record<string, unknown>>();
      for (const index of indices) {
        const row = manifestRow(definedOrThrow(files[index], `seed file ${index}`));
        if (decoder) {
          const absolute = row.source_path as string;
          let bytes: Buffer;
          try {
            bytes = await readFile(absolute);
          } catch (cause) {
            throw new SeedReaderError(`Failed to read file ${absolute}: ${(cause as Error).message}`, { cause, fix: 'Check the file permissions.' });
          }
          try {
            // Python text mode translates \r\n and \r to \n.
            row.content = decoder.decode(bytes).replace(/\r\n?/g, '\n');
          } catch (cause) {
            throw new SeedReaderError(`Failed to decode file ${absolute} using encoding '${encoding}'.`, {
              cause,
              fix: 'Set seed_config.source.encoding to the encoding of the files, or narrow file_pattern.',
            });
          }
        }
        out.set(index, row);
      }
      return out;
    },
    async close() {},
  };
}
