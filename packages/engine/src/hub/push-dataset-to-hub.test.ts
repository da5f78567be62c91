import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@dd/config';
import { createDataset } from '../builder/create-dataset.js';
import { startHubTestServer, type HubTestServer } from '../testing/start-hub-test-server.js';
import { TINY_PNG_BASE64 } from '../testing/tiny-png.js';
import { HubDatasetClient } from './hub-dataset-client.js';
import { HuggingFaceHubClientUploadError } from './hub-upload-error.js';
import { hubMetadata, pushDatasetToHub } from './push-dataset-to-hub.js';
import { hubTokenFilePath, resolveHubToken } from './resolve-hub-token.js';
import { validateHubRepoId } from './validate-hub-repo-id.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-hub-push-'));
const TOKEN = 'hf_engine_writer';
/** No token or endpoint from the machine. */
const ENV = { HF_TOKEN_PATH: '/nonexistent/hf-token' };
/** One quick retry, so tests of failures do not wait. */
const FAST_RETRY = { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 };
let server: HubTestServer;
let datasetPath: string;

/** A copy of the generated dataset folder that a test may change. */
function copyDataset(name: string): string {
  const copy = path.join(tmp, name);
  cpSync(datasetPath, copy, { recursive: true });
  return copy;
}

async function failureOf(promise: Promise<unknown>): Promise<InstanceType<typeof HuggingFaceHubClientUploadError>> {
  const error = await promise.catch((caught: unknown) => caught);
  if (!HuggingFaceHubClientUploadError.isInstance(error)) throw new Error(`expected an upload error, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  server = await startHubTestServer({ tokens: { [TOKEN]: { namespaces: ['acme'] } }, multipartChunkSize: 100 });
  const config = await loadConfig(`
columns:
  - name: word
    column_type: sampler
    sampler_type: category
    params: {values: [alpha, beta, gamma]}
`);
  const created = await createDataset({ config, numRecords: 6, seed: 3, artifactPath: tmp, datasetName: 'words' });
  datasetPath = created.datasetPath;
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('pushDatasetToHub', () => {
  it('uploads images under images/ with their column folders, and large files in parts (multipart)', async () => {
    const folder = copyDataset('with-images');
    const png = Buffer.from(TINY_PNG_BASE64, 'base64');
    mkdirSync(path.join(folder, 'images', 'photo'), { recursive: true });
    writeFileSync(path.join(folder, 'images', 'photo', 'a.png'), png);
    const lines: string[] = [];
    const result = await pushDatasetToHub(folder, 'acme/with-images', { token: TOKEN, endpoint: server.endpoint, env: ENV, log: (line) => lines.push(line) });
    expect(result.files).toEqual(['README.md', 'builder_config.json', 'data/batch_00000.parquet', 'images/photo/a.png', 'metadata.json']);
    expect(result.createdRepo).toBe(true);
    const repo = server.repos.get('acme/with-images')!;
    expect(repo.files.get('images/photo/a.png')?.equals(png)).toBe(true);
    const parquet = readFileSync(path.join(folder, 'parquet-files', 'batch_00000.parquet'));
    expect(parquet.length).toBeGreaterThan(100);
    expect(repo.files.get('data/batch_00000.parquet')?.equals(parquet)).toBe(true);
    expect(server.requests.some((request) => request.path.startsWith('/lfs-part/'))).toBe(true);
    expect(lines[0]).toBe('Uploading dataset to the Hugging Face Hub: acme/with-images');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('skips LFS objects the Hub already holds on a second push', async () => {
    const fresh = await startHubTestServer({ tokens: { [TOKEN]: { namespaces: ['acme'] } } });
    try {
      await pushDatasetToHub(datasetPath, 'acme/twice', { token: TOKEN, endpoint: fresh.endpoint, env: ENV });
      expect(fresh.requests.filter((request) => request.endpoint === 'lfs-upload')).toHaveLength(1);
      const second = fresh.requests.length;
      const result = await pushDatasetToHub(datasetPath, 'acme/twice', { token: TOKEN, endpoint: fresh.endpoint, env: ENV });
      expect(result.createdRepo).toBe(false);
      expect(fresh.requests.slice(second).map((request) => request.endpoint)).toEqual(['repo-info', 'preupload', 'lfs-batch', 'commit']);
      expect(fresh.repos.get('acme/twice')!.commits).toHaveLength(2);
    } finally {
      await fresh.close();
    }
  });

  it('refuses folders that are not datasets, naming the file and the fix', async () => {
    const noMetadata = copyDataset('no-metadata');
    rmSync(path.join(noMetadata, 'metadata.json'));
    expect((await failureOf(pushDatasetToHub(noMetadata, 'acme/x', { token: TOKEN, env: ENV }))).message).toBe(
      `Required file not found: ${path.join(noMetadata, 'metadata.json')}.`,
    );

    const badConfig = copyDataset('bad-config');
    writeFileSync(path.join(badConfig, 'builder_config.json'), '{ nope');
    expect((await failureOf(pushDatasetToHub(badConfig, 'acme/x', { token: TOKEN, env: ENV }))).message).toMatch(/^Invalid JSON in .*builder_config\.json: /);

    const noParquet = copyDataset('no-parquet');
    rmSync(path.join(noParquet, 'parquet-files'), { recursive: true });
    expect((await failureOf(pushDatasetToHub(noParquet, 'acme/x', { token: TOKEN, env: ENV }))).message).toBe(
      `No parquet files in ${path.join(noParquet, 'parquet-files')}.`,
    );

    const clash = copyDataset('clash');
    mkdirSync(path.join(clash, 'processors-files', 'data'), { recursive: true });
    expect((await failureOf(pushDatasetToHub(clash, 'acme/x', { token: TOKEN, env: ENV }))).message).toMatch(
      /Processor output 'data' would be pushed to the repo folder 'data\/'/,
    );

    expect((await failureOf(pushDatasetToHub(path.join(tmp, 'missing'), 'acme/x', { token: TOKEN, env: ENV }))).message).toMatch(
      /^Dataset path does not exist or is not a folder/,
    );
  });

  it('rewrites file_paths of metadata.json to the repo layout and keeps every other key', () => {
    expect(
      hubMetadata({
        actual_num_records: 3,
        file_paths: { 'parquet-files': ['parquet-files/batch_00000.parquet'], 'processor-files': { chat: ['processors-files/chat/batch_00000.parquet'] } },
      }),
    ).toEqual({ actual_num_records: 3, file_paths: { data: ['data/batch_00000.parquet'], 'processor-files': { chat: ['chat/batch_00000.parquet'] } } });
    expect(hubMetadata({ dataset_name: 'x' })).toEqual({ dataset_name: 'x' });
  });
});

describe('HubDatasetClient', () => {
  it('commits nothing when an LFS upload still fails after its retry, and names the file', async () => {
    const failing = await startHubTestServer({
      repos: { 'acme/r': { files: { 'keep.txt': 'old' } } },
      tokens: { [TOKEN]: { namespaces: ['acme'] } },
      failures: { 'lfs-upload': 503 },
    });
    try {
      const client = new HubDatasetClient({ endpoint: failing.endpoint, repoId: 'acme/r', token: TOKEN, retry: FAST_RETRY });
      const error = await failureOf(
        client.commit(
          [
            { pathInRepo: 'a.txt', content: new TextEncoder().encode('hello') },
            { pathInRepo: 'b.parquet', content: new Uint8Array([80, 65, 82, 49, 0, 1]) },
          ],
          { summary: 'two files' },
        ),
      );
      expect(error.message).toBe("The Hugging Face Hub answered HTTP 503 while uploading b.parquet for dataset repo 'acme/r': Injected failure of lfs-upload.");
      expect([...failing.repos.get('acme/r')!.files.keys()]).toEqual(['keep.txt']);
      expect(failing.requests.map((request) => request.endpoint)).toEqual(['preupload', 'lfs-batch', 'lfs-upload', 'lfs-upload']);
    } finally {
      await failing.close();
    }
  });

  it('retries rate limits everywhere and transient 5xx where a call is safe to repeat', async () => {
    const flaky = await startHubTestServer({
      tokens: { [TOKEN]: { namespaces: ['acme'] } },
      failures: {
        'repo-info': { status: 502, times: 1 },
        create: { status: 429, times: 1, retryAfterSeconds: 0 },
        preupload: { status: 503, times: 2 },
        'lfs-upload': { status: 500, times: 1 },
        commit: { status: 429, times: 1, retryAfterSeconds: 0 },
      },
    });
    try {
      const retry = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 };
      await pushDatasetToHub(datasetPath, 'acme/flaky', { token: TOKEN, endpoint: flaky.endpoint, env: ENV, retry });
      const calls = (endpoint: string) => flaky.requests.filter((request) => request.endpoint === endpoint).length;
      expect([calls('repo-info'), calls('create'), calls('preupload'), calls('lfs-upload'), calls('commit')]).toEqual([2, 2, 3, 2, 2]);
      expect(flaky.repos.get('acme/flaky')!.commits).toHaveLength(1);
    } finally {
      await flaky.close();
    }
    const broken = await startHubTestServer({
      repos: { 'acme/b': {} },
      tokens: { [TOKEN]: { namespaces: ['acme'] } },
      failures: { commit: { status: 503, times: 1 } },
    });
    try {
      const error = await failureOf(pushDatasetToHub(datasetPath, 'acme/b', { token: TOKEN, endpoint: broken.endpoint, env: ENV, retry: FAST_RETRY }));
      expect(error.message).toMatch(/HTTP 503 while committing the files/);
      expect(broken.requests.filter((request) => request.endpoint === 'commit')).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });

  it('sends text files inline and binary ones through LFS, as the preupload call says', async () => {
    const client = new HubDatasetClient({ endpoint: server.endpoint, repoId: 'acme/with-images', token: TOKEN });
    const result = await client.commit(
      [
        { pathInRepo: 'notes/readme.txt', content: new TextEncoder().encode('plain text') },
        { pathInRepo: 'blob.bin.txt', content: new Uint8Array([1, 0, 2]) },
      ],
      { summary: 'mixed' },
    );
    expect(result.commitOid).toMatch(/^[0-9a-f]{40}$/);
    const repo = server.repos.get('acme/with-images')!;
    expect(repo.files.get('notes/readme.txt')?.toString()).toBe('plain text');
    expect(repo.lfsPaths.has('notes/readme.txt')).toBe(false);
    expect(repo.lfsPaths.has('blob.bin.txt')).toBe(true);
    expect([...(repo.files.get('blob.bin.txt') ?? [])]).toEqual([1, 0, 2]);
  });

  it('says when the Hub cannot be reached, naming the endpoint and the repo', async () => {
    const client = new HubDatasetClient({ endpoint: 'http://127.0.0.1:9', repoId: 'acme/r', token: TOKEN, retry: FAST_RETRY });
    const error = await failureOf(client.repoExists());
    expect(error.message).toMatch(/^Cannot reach the Hugging Face Hub at http:\/\/127\.0\.0\.1:9 while looking up the repository for dataset repo 'acme\/r'/);
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('resolveHubToken and validateHubRepoId', () => {
  it('takes the option, then HF_TOKEN, then HUGGING_FACE_HUB_TOKEN, then the token file', () => {
    const home = mkdtempSync(path.join(tmp, 'hf-home-'));
    writeFileSync(path.join(home, 'token'), '  hf_from_file\n');
    const env = { HF_HOME: home, HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' };
    expect(resolveHubToken('hf_option', env)).toEqual({ token: 'hf_option', source: 'option' });
    expect(resolveHubToken(undefined, env)).toEqual({ token: 'hf_env', source: 'HF_TOKEN' });
    expect(resolveHubToken(undefined, { ...env, HF_TOKEN: '' })).toEqual({ token: 'hf_legacy', source: 'HUGGING_FACE_HUB_TOKEN' });
    expect(resolveHubToken(undefined, { HF_HOME: home })).toEqual({ token: 'hf_from_file', source: path.join(home, 'token') });
    expect(resolveHubToken(undefined, { HF_TOKEN_PATH: path.join(home, 'none') })).toEqual({ token: null, source: null });
    expect(hubTokenFilePath({ XDG_CACHE_HOME: '/cache' })).toBe(path.join('/cache', 'huggingface', 'token'));
  });

  it('accepts owner/name ids and refuses the ones the Hub refuses', () => {
    for (const id of ['acme/pets', 'A_b.c/d-e_f.2']) expect(() => validateHubRepoId(id)).not.toThrow();
    const refused: Array<[string, RegExp]> = [
      ['', /it is empty/],
      ['a/b/c', /exactly one '\/'/],
      ['acme/pets!', /must be 1 to 96 letters/],
      ['acme/-pets', /must not start or end with/],
      ['acme/pets..v2', /must not contain '--' or '\.\.'/],
      ['acme/pets.git', /must not end with '\.git'/],
      [`acme/${'x'.repeat(97)}`, /must be 1 to 96 letters/],
    ];
    for (const [id, reason] of refused) expect(() => validateHubRepoId(id)).toThrow(reason);
  });
});
