import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigFileError } from '../errors/index.js';
import { configTextLimits, CONFIG_TEXT_LIMIT_ENV, parseConfigText } from './parse-config-text.js';
import { readConfigSource } from './read-config-source.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Billion laughs: `levels` anchors, each a list of ten aliases of the one before (10^levels leaves). */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let level = 1; level <= levels; level += 1) {
    lines.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
  }
  lines.push(`columns: *a${levels}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the built loader on `file` in a child process; kills it after `budgetMs` so a regression cannot hang the suite. */
function loadInChild(file: string, budgetMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ output: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=512', path.join(here, '__fixtures__', 'load-config-child.mjs'), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), budgetMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ output, killed: signal === 'SIGKILL' });
    });
  });
}

describe('config text limits', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'dd-config-limits-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('stops a 9-level alias bomb (10^9 values) with an error naming the limit, in a child process', async () => {
    const file = path.join(folder, 'bomb.yaml');
    writeFileSync(file, aliasBomb(9));
    const { output, killed } = await loadInChild(file, 45_000);
    expect(killed).toBe(false);
    expect(output).toContain('ConfigFileError');
    expect(output).toContain('bomb.yaml');
    expect(output).toContain('expand to more than 1,000,000 values');
    expect(output).toContain(CONFIG_TEXT_LIMIT_ENV.maxAliasValues);
  });

  it('honours a raised alias limit from the environment', async () => {
    const file = path.join(folder, 'small-bomb.yaml');
    writeFileSync(file, aliasBomb(5)); // 10^5 leaves, about 111,111 values
    const env = { ...process.env, [CONFIG_TEXT_LIMIT_ENV.maxAliasValues]: '1000' };
    expect((await loadInChild(file, 45_000, env)).output).toContain('more than 1,000 values');
  });

  it('counts only values that aliases produce, so ordinary anchors still work', () => {
    const text = 'base: &p {temperature: 0.5, max_tokens: 10}\nmodels:\n  - {alias: a, params: *p}\n  - {alias: b, params: *p}\n';
    expect(parseConfigText(text, 'config', { maxBytes: 10_000, maxAliasValues: 6 })).toEqual({
      base: { temperature: 0.5, max_tokens: 10 },
      models: [
        { alias: 'a', params: { temperature: 0.5, max_tokens: 10 } },
        { alias: 'b', params: { temperature: 0.5, max_tokens: 10 } },
      ],
    });
    expect(() => parseConfigText(text, 'config', { maxBytes: 10_000, maxAliasValues: 5 })).toThrow(/expand to more than 5 values/);
  });

  it('refuses text and files above the size limit, naming the file and the variable', async () => {
    expect(() => parseConfigText('a: 1234567890', 'inline', { maxBytes: 8, maxAliasValues: 10 })).toThrow(/inline: it is 13 bytes, more than the 8-byte limit/);
    const file = path.join(folder, 'big.yaml');
    writeFileSync(file, `columns: []\n# ${'x'.repeat(200)}\n`);
    const previous = process.env[CONFIG_TEXT_LIMIT_ENV.maxBytes];
    process.env[CONFIG_TEXT_LIMIT_ENV.maxBytes] = '100';
    try {
      const error = await readConfigSource(file).catch((caught: unknown) => caught);
      expect(ConfigFileError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(file);
      expect((error as InstanceType<typeof ConfigFileError>).fix).toContain(CONFIG_TEXT_LIMIT_ENV.maxBytes);
    } finally {
      if (previous === undefined) delete process.env[CONFIG_TEXT_LIMIT_ENV.maxBytes];
      else process.env[CONFIG_TEXT_LIMIT_ENV.maxBytes] = previous;
    }
  });

  it('reads the limits from the environment and rejects values that are not positive integers', () => {
    expect(configTextLimits({})).toEqual({ maxBytes: 16 * 1024 * 1024, maxAliasValues: 1_000_000 });
    expect(configTextLimits({ [CONFIG_TEXT_LIMIT_ENV.maxBytes]: '1_000' }).maxBytes).toBe(1000);
    expect(() => configTextLimits({ [CONFIG_TEXT_LIMIT_ENV.maxAliasValues]: '-3' })).toThrow(
      /DATA_DESIGNER_CONFIG_MAX_ALIAS_VALUES="-3" is not a positive whole number/,
    );
  });
});
