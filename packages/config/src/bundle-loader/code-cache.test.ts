import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeCacheDir, compileCached, contentKey, writeCodeCache } from './code-cache.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'dd-code-cache-'));

/** A function expression of its own (V8 keeps compiled scripts per process: a repeated text would not read the cache). */
const uniqueSource = (body: string): string => `(function () { ${body}; /* ${Math.random()} */ })`;

/** Whether V8 in a fresh process accepts `cacheFile` for `source` compiled as `file`. */
function acceptedInFreshProcess(file: string, source: string, cacheFile: string): boolean {
  const script = `const vm = require('node:vm');
const s = new vm.Script(${JSON.stringify(source)}, { filename: ${JSON.stringify(file)}, cachedData: require('node:fs').readFileSync(${JSON.stringify(cacheFile)}) });
process.stdout.write(String(s.cachedDataRejected === false && s.runInThisContext()() === 42));`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout === 'true';
}

/** Compiles a function expression returning a number, and calls it. */
function compileAndRun(file: string, source: string, cacheDir: string | undefined) {
  const compiled = compileCached(file, source, contentKey(source), { cacheDir, writeAtExit: false });
  return { ...compiled, value: (compiled.script.runInThisContext() as () => number)() };
}

describe('compileCached', () => {
  it('misses, writes a cache V8 accepts in the next process, in a folder only this user reads', () => {
    const cacheDir = path.join(scratch(), 'cache');
    const file = path.join(scratch(), 'bundle.cjs');
    const source = uniqueSource('return 41 + 1');
    const first = compileAndRun(file, source, cacheDir);
    expect(first).toMatchObject({ cache: 'miss', value: 42 });
    expect(writeCodeCache(first.script, first.cacheFile as string)).toBe(true);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(first.cacheFile as string).mode & 0o777).toBe(0o600);
    expect(acceptedInFreshProcess(file, source, first.cacheFile as string)).toBe(true);
    // The next compile of the same file and text looks in the same place.
    expect(compileCached(file, source, contentKey(source), { cacheDir, writeAtExit: false }).cacheFile).toBe(first.cacheFile);
  });

  it('never runs a cache made for other text of the same length, and keeps one cache per file', () => {
    const cacheDir = path.join(scratch(), 'cache');
    const file = path.join(scratch(), 'bundle.cjs');
    const first = compileAndRun(file, '(function () { return 41 + 1; })', cacheDir);
    writeCodeCache(first.script, first.cacheFile as string);
    // Same length, other content: V8 alone would accept the old cache (it checks the length only).
    const edited = compileAndRun(file, '(function () { return 40 + 3; })', cacheDir);
    expect(edited).toMatchObject({ cache: 'miss', value: 43 });
    writeCodeCache(edited.script, edited.cacheFile as string);
    expect(readdirSync(cacheDir)).toEqual([path.basename(edited.cacheFile as string)]);
  });

  it('reports a cache V8 rejects and still runs the code', () => {
    const cacheDir = path.join(scratch(), 'cache');
    const file = path.join(scratch(), 'bundle.cjs');
    const source = uniqueSource('return 7');
    // Where the cache of `source` goes (the path depends on the file and the content key, not on what compiles).
    const { cacheFile } = compileCached(file, uniqueSource('return 0'), contentKey(source), { cacheDir, writeAtExit: false });
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(cacheFile as string, Buffer.from('not a V8 code cache'));
    expect(compileAndRun(file, source, cacheDir)).toMatchObject({ cache: 'rejected', value: 7 });
  });

  it("keeps one cache per program variant, so one program never reads another program's functions", () => {
    const cacheDir = path.join(scratch(), 'cache');
    const file = path.join(scratch(), 'bundle.cjs');
    const source = uniqueSource('return 1');
    const where = (variant: string | undefined) =>
      compileCached(file, source, contentKey(source), { cacheDir, writeAtExit: false, ...(variant ? { variant } : {}) }).cacheFile;
    expect(where('cli/main.js')).not.toBe(where('engine/factory/index.js'));
    expect(where('cli/main.js')).toBe(where('cli/main.js'));
  });

  it('compiles without a cache when caching is off', () => {
    const result = compileAndRun(path.join(scratch(), 'bundle.cjs'), '(function () { return 5; })', undefined);
    expect(result).toMatchObject({ cache: 'off', value: 5 });
    expect(result.cacheFile).toBeUndefined();
  });
});

describe('codeCacheDir', () => {
  it('takes DATA_DESIGNER_CODE_CACHE, turns off with "off", else uses the XDG cache folder', () => {
    expect(codeCacheDir({ DATA_DESIGNER_CODE_CACHE: '/tmp/dd-cc' })).toBe('/tmp/dd-cc');
    expect(codeCacheDir({ DATA_DESIGNER_CODE_CACHE: 'off' })).toBeUndefined();
    expect(codeCacheDir({ DATA_DESIGNER_CODE_CACHE: '0' })).toBeUndefined();
    expect(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe(path.join('/var/cache/me', 'data-designer', 'code-cache'));
    expect(codeCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'data-designer', 'code-cache'));
  });
});

describe('contentKey', () => {
  it('uses the hash line the build writes, else hashes the text', () => {
    expect(contentKey('/* dd-content-hash: 0123456789abcdef0123 */\nmodule.exports = 1;')).toBe('0123456789abcdef0123');
    expect(contentKey('module.exports = 1;')).toMatch(/^[0-9a-f]{64}$/);
    expect(contentKey('module.exports = 1;')).not.toBe(contentKey('module.exports = 2;'));
  });
});
