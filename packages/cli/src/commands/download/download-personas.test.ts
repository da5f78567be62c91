import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MANAGED_PERSON_LOCALES } from '@dd/engine';
import { PERSONA_LOCALES } from '../shared/persona-locales.js';
import { runCli, runCliAsync, tempDir } from '../test-run-cli.js';
import { pickShards } from './fetch-shard-list.js';

const engineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../engine');
const work = tempDir('dd-download-');
let server: http.Server;
let base = '';
const requests: string[] = [];

/** Runs SQL with DuckDB (from the engine package) in a child process; returns stdout. */
function duckdb(sql: string): string {
  const script = `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(path.join(engineDir, 'package.json'))});
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(${JSON.stringify(sql)});
console.log(JSON.stringify(reader.getRowObjectsJson()));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

beforeAll(async () => {
  duckdb(`COPY (SELECT range AS id, 'first_' || range AS first_name FROM range(0, 5)) TO '${path.join(work, 'part-0.parquet')}' (FORMAT parquet)`);
  duckdb(`COPY (SELECT range AS id, 'first_' || range AS first_name FROM range(5, 8)) TO '${path.join(work, 'part-1.parquet')}' (FORMAT parquet)`);
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(`${url} ${req.headers.authorization ?? ''}`);
    if (url === '/api/datasets/nvidia/Nemotron-Personas-USA/parquet') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ default: { train: [`${base}/redirect/part-0.parquet`, `${base}/files/part-1.parquet`] } }));
    } else if (url === '/api/datasets/nvidia/Nemotron-Personas-Japan/parquet') {
      res.end(JSON.stringify({ default: { train: [`${base}/files/part-1.parquet`] } }));
    } else if (url.startsWith('/redirect/')) {
      res.writeHead(302, { location: `/files/${url.slice('/redirect/'.length)}` });
      res.end();
    } else if (url.startsWith('/files/')) {
      const data = readFileSync(path.join(work, path.basename(url)));
      res.setHeader('content-length', data.length);
      res.end(data);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('download personas', () => {
  it('downloads every shard (following redirects), merges them into <managed-assets>/datasets/<locale>.parquet', async () => {
    const home = tempDir('dd-download-home-');
    const result = await runCliAsync(['download', 'personas', '--locale', 'en_us', '--url-base', base], home, { HF_TOKEN: 'hf_test' });
    expect(result.code).toBe(0);
    const target = path.join(home, 'managed-assets', 'datasets', 'en_US.parquet');
    expect(result.stdout).toContain(`en_US: saved ${target}`);
    expect(result.stderr).toMatch(/en_US \[2\/2\]: 0\.0 MB 100%/);
    expect(JSON.parse(duckdb(`SELECT count(*)::INT AS n, min(id)::INT AS lo, max(id)::INT AS hi FROM read_parquet('${target}')`))).toEqual([
      { n: 8, lo: 0, hi: 7 },
    ]);
    expect(readdirSync(path.dirname(target))).toEqual(['en_US.parquet']);
    expect(requests.some((line) => line.endsWith('Bearer hf_test'))).toBe(true);
    const list = runCli(['download', 'personas', '--list'], home);
    expect(list.stdout).toContain('• en_US: 1.24 GB (downloaded)');
    expect(list.stdout).toContain('• ja_JP: 1.69 GB\n');
    rmSync(home, { recursive: true, force: true });
  });

  it('honours DATA_DESIGNER_MANAGED_ASSETS_PATH; a single shard is moved into place', async () => {
    const home = tempDir('dd-download-home-');
    const assets = path.join(home, 'assets');
    const result = await runCliAsync(['download', 'personas', '-l', 'ja_JP', '--url-base', base], home, { DATA_DESIGNER_MANAGED_ASSETS_PATH: assets });
    expect(result.code).toBe(0);
    expect(existsSync(path.join(assets, 'datasets', 'ja_JP.parquet'))).toBe(true);
    rmSync(home, { recursive: true, force: true });
  });

  it('a failed download leaves nothing behind and exits 1', async () => {
    const home = tempDir('dd-download-home-');
    const result = await runCliAsync(['download', 'personas', '-l', 'ko_KR', '--url-base', base], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ko_KR: GET');
    expect(result.stderr).toContain('HTTP 404');
    expect(readdirSync(path.join(home, 'managed-assets', 'datasets'))).toEqual([]);
    rmSync(home, { recursive: true, force: true });
  });

  it('invalid locale lists the valid ones; --dry-run downloads nothing; no locale off a terminal is an error', () => {
    const home = tempDir('dd-download-home-');
    const invalid = runCli(['download', 'personas', '-l', 'xx_YY'], home);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('Invalid locale(s): xx_YY.');
    expect(invalid.stderr).toContain('en_US, en_IN, en_SG');
    const dry = runCli(['download', 'personas', '--all', '--dry-run', '--url-base', 'http://127.0.0.1:9'], home);
    expect(dry.code).toBe(0);
    expect(dry.stdout.match(/Would download/g)).toHaveLength(9);
    expect(existsSync(path.join(home, 'managed-assets'))).toBe(false);
    expect(runCli(['download', 'personas'], home).stderr).toContain('No locale selected.');
    rmSync(home, { recursive: true, force: true });
  });
});

describe('persona locales', () => {
  it('match the engine’s managed locales', () => {
    expect(PERSONA_LOCALES.map((entry) => entry.locale)).toEqual(MANAGED_PERSON_LOCALES);
  });

  it('pickShards prefers a config/split named after the locale, else train', () => {
    const listing = { en_IN: { train: ['b', 'a'] }, hi_Deva_IN: { train: ['c'] } };
    expect(pickShards(listing, 'en_IN')).toEqual(['a', 'b']);
    expect(pickShards({ default: { train: ['x'], test: ['y'] } }, 'en_US')).toEqual(['x']);
    expect(() => pickShards({}, 'en_US')).toThrow('no parquet files');
  });
});
