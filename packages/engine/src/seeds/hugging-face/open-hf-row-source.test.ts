import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHubTestServer, type HubTestServer } from '../../testing/start-hub-test-server.js';
import { openSeedReader } from '../open-seed-reader.js';
import { SeedReaderError } from '../seed-reader-error.js';
import { openHfRowSource, parseHubDatasetPath } from './open-hf-row-source.js';

let server: HubTestServer;
let endpoint: string;
/** No token from the machine's `hf auth login` file: only what a test passes. */
const NO_TOKEN_FILE = { HF_TOKEN_PATH: '/nonexistent/hf-token' };

beforeAll(async () => {
  // `org/secret` needs the token `hf_good`.
  server = await startHubTestServer({
    repos: {
      'org/people': {
        files: {
          'README.md': '# people',
          'data/train-1.jsonl': '{"name":"Cy","age":29}\n',
          'data/train-0.jsonl': '{"name":"Ada","age":36}\n{"name":"Bob","age":41}\n',
          'other/x.jsonl': '{"name":"no"}\n',
        },
      },
      'org/secret': { private: true, files: { 'rows.csv': 'k\n1\n2\n' } },
    },
    tokens: { hf_good: { namespaces: ['org'] } },
  });
  endpoint = server.endpoint;
});
afterAll(() => server.close());

describe('hf seed sources against a Hub-compatible server on 127.0.0.1', () => {
  it('reads the files matching the glob, in path order, through openSeedReader', async () => {
    const reader = await openSeedReader({ source: { seed_type: 'hf', path: 'datasets/org/people/data/*.jsonl', endpoint } });
    try {
      expect(reader.columnNames).toEqual(['name', 'age']);
      expect(await reader.readRows(0, 3)).toEqual([
        { name: 'Ada', age: 36 },
        { name: 'Bob', age: 41 },
        { name: 'Cy', age: 29 },
      ]);
    } finally {
      await reader.close();
    }
  });

  it('uses HF_ENDPOINT when the source keeps the default endpoint, and sends the token named by an env var', async () => {
    const source = await openHfRowSource(
      { seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint: 'https://huggingface.co', token: 'MY_HF_TOKEN' },
      { HF_ENDPOINT: endpoint, MY_HF_TOKEN: 'hf_good', ...NO_TOKEN_FILE },
    );
    try {
      expect(source.rowCount).toBe(2);
      expect(server.requests.at(-1)?.authorization).toBe('Bearer hf_good');
    } finally {
      await source.close();
    }
  });

  it('falls back to HUGGING_FACE_HUB_TOKEN, then the token file of `hf auth login`, when the source has no token', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'dd-hf-token-'));
    try {
      writeFileSync(path.join(folder, 'token'), 'hf_good\n');
      for (const env of [{ HUGGING_FACE_HUB_TOKEN: 'hf_good', ...NO_TOKEN_FILE }, { HF_HOME: folder }]) {
        const source = await openHfRowSource({ seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint }, env);
        await source.close();
        expect(server.requests.at(-1)?.authorization).toBe('Bearer hf_good');
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names a dataset that does not exist, a revision that does not exist, and files that match nothing', async () => {
    const open = (path: string) => openHfRowSource({ seed_type: 'hf', path, endpoint }, NO_TOKEN_FILE);
    await expect(open('datasets/org/nope/*.jsonl')).rejects.toThrow("Dataset 'org/nope' does not exist on the Hugging Face Hub");
    await expect(open('datasets/org/people@v9/data/*.jsonl')).rejects.toThrow("Revision 'v9' of dataset 'org/people' does not exist");
    await expect(open('datasets/org/people/data/*.parquet')).rejects.toThrow(
      /No file of dataset 'org\/people' \(revision 'main'\) matches 'data\/\*\.parquet'/,
    );
  });

  it('says when a token is refused or missing, and never prints the token', async () => {
    const error = await openHfRowSource({ seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint, token: 'hf_wrong_secret_value' }, NO_TOKEN_FILE).catch(
      (caught: unknown) => caught,
    );
    expect(SeedReaderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("The Hugging Face Hub refused the token for dataset 'org/secret' (HTTP 401).");
    expect(JSON.stringify({ message: (error as Error).message, fix: (error as { fix?: string }).fix })).not.toContain('hf_wrong_secret_value');
    await expect(openHfRowSource({ seed_type: 'hf', path: 'datasets/org/secret/*.csv', endpoint }, NO_TOKEN_FILE)).rejects.toThrow(
      /needs a token \(HTTP 401\)/,
    );
  });

  it('parses dataset paths and refuses the ones that are not datasets/<owner>/<name>/<files>', () => {
    expect(parseHubDatasetPath('datasets/org/name@dev/data/**/*.parquet')).toEqual({ repoId: 'org/name', revision: 'dev', pattern: 'data/**/*.parquet' });
    expect(() => parseHubDatasetPath('org/name/data.csv')).toThrow(/not of the form 'datasets\/<owner>\/<dataset>\/<files>'/);
  });
});
