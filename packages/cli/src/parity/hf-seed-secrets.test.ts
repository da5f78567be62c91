import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHubTestServer, type HubTestServer } from '@dd/engine/testing';
import { DataDesigner } from '../data-designer.js';
import { CompositeResolver, EnvironmentResolver, PlaintextResolver, SecretsFileResolver } from '../secrets/index.js';

// An `hf` seed source's `token` is resolved through the DataDesigner's secret resolver (the
// original's `secret_resolver.resolve(source.token)`): a name found in a secrets file works; without
// a token the Hub's own order applies (HF_TOKEN, HUGGING_FACE_HUB_TOKEN, the token file).
const TOKEN = 'hf_private_reader_value';
const HUB_ENV = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_TOKEN_PATH', 'HF_ENDPOINT', 'MY_HF_SECRET'] as const;
let server: HubTestServer;
let dir: string;
const saved: Partial<Record<(typeof HUB_ENV)[number], string>> = {};

beforeAll(async () => {
  server = await startHubTestServer({
    repos: { 'org/private-pets': { private: true, files: { 'rows.csv': 'name\nrex\nfelix\n' } } },
    tokens: { [TOKEN]: { namespaces: ['org'] } },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-hf-secrets-'));
  for (const name of HUB_ENV) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  // No token from this machine's `hf auth login`.
  process.env.HF_TOKEN_PATH = path.join(dir, 'no-token-file');
});
afterEach(() => {
  for (const name of HUB_ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const config = (token?: string) => ({
  seed_config: {
    source: { seed_type: 'hf', path: 'datasets/org/private-pets/*.csv', endpoint: server.endpoint, ...(token ? { token } : {}) },
    sampling_strategy: 'ordered',
  },
  columns: [{ name: 'shout', column_type: 'expression', expr: '{{ name | upper }}' }],
});

function designerWithSecretsFile(secrets: Record<string, string>): DataDesigner {
  const file = path.join(dir, 'secrets.json');
  writeFileSync(file, JSON.stringify(secrets));
  const resolver = new CompositeResolver([new SecretsFileResolver(file), new EnvironmentResolver(), new PlaintextResolver()]);
  return new DataDesigner(dir, { secretResolver: resolver });
}

describe('hf seed token through the secret resolver', () => {
  it('a token name found in the secrets file reads a private dataset (validate and create)', async () => {
    const designer = designerWithSecretsFile({ MY_HF_SECRET: TOKEN });
    await expect(designer.validate(config('MY_HF_SECRET'))).resolves.toEqual([]);
    const results = await designer.create(config('MY_HF_SECRET'), { numRecords: 2, analyze: false });
    expect((await results.loadDataset()).map((row) => row.shout)).toEqual(['REX', 'FELIX']);
    const tree = server.requests.filter((request) => request.endpoint === 'tree');
    expect(tree.length).toBeGreaterThan(0);
    expect(tree.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('without the secrets file the name resolves to nothing: the dataset needs a token, and the name is not sent', async () => {
    const before = server.requests.length;
    await expect(new DataDesigner(dir).preview(config('MY_HF_SECRET'), { numRecords: 1 })).rejects.toThrow(/needs a token \(HTTP 401\)/);
    expect(server.requests.slice(before).every((request) => request.authorization === undefined)).toBe(true);
  });

  it('a refused token from the secrets file is reported without its value', async () => {
    const error = await designerWithSecretsFile({ MY_HF_SECRET: 'hf_wrong_secret_value' })
      .preview(config('MY_HF_SECRET'), { numRecords: 1 })
      .catch((caught: unknown) => caught);
    expect(String((error as Error).message)).toMatch(/refused the token for dataset 'org\/private-pets' \(HTTP 401\)/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('hf_wrong_secret_value');
  });

  it('without a token in the config, HF_TOKEN is used as before', async () => {
    process.env.HF_TOKEN = TOKEN;
    const preview = await new DataDesigner(dir).preview(config(), { numRecords: 2 });
    expect(preview.records.map((row) => row.shout)).toEqual(['REX', 'FELIX']);
  });
});
