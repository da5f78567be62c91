import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** Environment variable naming the code cache folder; `off` (or `0`, `false`) turns the cache off. */
export const CODE_CACHE_ENV = 'DATA_DESIGNER_CODE_CACHE';

const OFF = new Set(['off', '0', 'false', 'no']);

/**
 * The folder holding V8 code caches of the bundles, or `undefined` when caching is off:
 * `$DATA_DESIGNER_CODE_CACHE`, else `$XDG_CACHE_HOME/data-designer/code-cache` (`~/.cache/...`).
 */
export function codeCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const chosen = env[CODE_CACHE_ENV]?.trim();
  if (chosen !== undefined && chosen !== '') return OFF.has(chosen.toLowerCase()) ? undefined : path.resolve(chosen);
  const base = env.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), '.cache');
  return path.join(base, 'data-designer', 'code-cache');
}

/** The parts of a compiled `vm.Script` the loader uses (declared here so the types need no @types/node). */
export interface CompiledScript {
  runInThisContext(): unknown;
  createCachedData(): Uint8Array;
  readonly cachedDataRejected?: boolean | undefined;
}

/** A compiled bundle and what its cache did: `hit` (accepted), `miss` (none yet) or `rejected` (stale). */
export interface CachedScript {
  script: CompiledScript;
  cache: 'hit' | 'miss' | 'rejected' | 'off';
  /** Where its cache is (or is written at exit); absent when caching is off. */
  cacheFile?: string;
}

/** Options of `compileCached`. */
export interface CompileCachedOptions {
  /** Cache folder; `undefined` compiles without a cache. @default codeCacheDir() */
  cacheDir?: string | undefined;
  /** Write a missing or stale cache when the process exits (`false`: the caller calls `writeCodeCache`). @default true */
  writeAtExit?: boolean;
  /**
   * What kind of program runs (the loader passes the name given to `nameProgram`, e.g. the CLI's command,
   * else the first entry the process loaded): programs keep caches of their own, each holding the
   * functions that program ran.
   */
  variant?: string;
}

/** The first line the build writes into bundles: a hash of the rest of the file. */
const CONTENT_HASH_LINE = /^\/\* dd-content-hash: ([0-9a-f]{16,64}) \*\/\n/;

/**
 * A key of `text`'s content: the hash the build wrote on its first line, else a hash of the text. V8 checks
 * only the length of a cached script's source, and npm installs every file with the same modification
 * time: the content decides whether a cache belongs to a file.
 */
export function contentKey(text: string): string {
  return CONTENT_HASH_LINE.exec(text)?.[1] ?? createHash('sha256').update(text).digest('hex');
}

/**
 * The cache file of `file` with content `key`: `<where>-<what>.v8`, where `<where>` hashes the file's path,
 * the Node version and architecture, the process's Node flags (V8 rejects a cache made under other
 * flags; keying on them keeps runs with `--cpu-prof` from rewriting the cache of plain runs) and the
 * program's `variant` (a data factory script should not read the CLI's functions), and `<what>`
 * is the content key. Writing a new content's cache removes the file's older ones.
 */
function cacheFileOf(cacheDir: string, file: string, key: string, variant = ''): string {
  const where = createHash('sha256')
    .update([file, process.version, process.arch, process.execArgv.join(' '), variant].join('\0'))
    .digest('hex')
    .slice(0, 24);
  return path.join(cacheDir, `${where}-${key.slice(0, 32)}.v8`);
}

/** The cache folder is used only when it belongs to this user (a cache holds code this process runs). */
function ownedByMe(dir: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  try {
    return statSync(dir).uid === process.getuid();
  } catch {
    return false;
  }
}

function readCache(cacheFile: string): Buffer | undefined {
  try {
    return ownedByMe(path.dirname(cacheFile)) ? readFileSync(cacheFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Scripts whose cache is written at exit (one listener for all). */
const pendingWrites = new Map<string, CompiledScript>();

function writePendingAtExit(): void {
  for (const [cacheFile, script] of pendingWrites) writeCodeCache(script, cacheFile);
  pendingWrites.clear();
}

/**
 * Writes the code V8 compiled for `script` so far (at exit: every function the run called) to
 * `cacheFile`, atomically, in a folder only this user can read. Never throws: a cache is an optimization.
 */
export function writeCodeCache(script: CompiledScript, cacheFile: string): boolean {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    if (!ownedByMe(path.dirname(cacheFile))) return false;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
    const prefix = `${path.basename(cacheFile).split('-')[0]}-`;
    for (const name of readdirSync(path.dirname(cacheFile))) {
      if (name.startsWith(prefix) && name.endsWith('.v8') && name !== path.basename(cacheFile))
        rmSync(path.join(path.dirname(cacheFile), name), { force: true });
    }
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

/**
 * Compiles `source` (`file`'s code wrapped as a function expression; `key` its `contentKey`) as a script,
 * with the V8 code cache of an earlier run when there is one. Node 20 keeps no compile cache for ES
 * modules, and compiling our bundles is a good part of every command's start-up; with the cache V8 skips
 * parsing and compiling what the earlier run compiled. A missing or stale cache is written at exit.
 */
export function compileCached(file: string, source: string, key: string, options: CompileCachedOptions = {}): CachedScript {
  const cacheDir = 'cacheDir' in options ? options.cacheDir : codeCacheDir();
  // No `import()` in the script: on Node 20 a script compiled from a cache cannot call it (the bundles
  // get an import function instead, see load-bundle.ts).
  const compile = (cachedData?: Buffer): vm.Script => new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheDir === undefined) return { script: compile(), cache: 'off' };
  const cacheFile = cacheFileOf(cacheDir, file, key, options.variant);
  const cachedData = readCache(cacheFile);
  const script = compile(cachedData);
  const cache = cachedData === undefined ? 'miss' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  if (cache !== 'hit' && options.writeAtExit !== false) {
    if (pendingWrites.size === 0) process.once('exit', writePendingAtExit);
    pendingWrites.set(cacheFile, script);
  }
  return { script, cache, cacheFile };
}
