import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { HuggingFaceHubClientUploadError } from '@dd/engine';
import { startHubTestServer, type HubTestServer } from '@dd/engine/testing';
import { DataDesigner } from '../data-designer.js';
import type { DatasetCreationResults } from './dataset-creation-results.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-push-hub-'));
const WRITER = 'hf_writer_token_value';
const OUTSIDER = 'hf_outsider_token_value';
let server: HubTestServer;
let designer: DataDesigner;
let results: DatasetCreationResults;

const CONFIG = `
columns:
  - name: kind
    column_type: sampler
    sampler_type: category
    params: {values: [cat, dog, bird]}
  - name: age
    column_type: sampler
    sampler_type: uniform
    params: {low: 1, high: 15}
    convert_to: int
  - name: label
    column_type: expression
    expr: "{{ kind }} aged {{ age }}"
processors:
  - name: chat_export
    processor_type: schema_transform
    template:
      prompt: "Describe a {{ kind }}"
      answer: "{{ label }}"
`;

/** Every file of a folder with its SHA-256 and mtime: equal before and after means untouched. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(folder, full)] = `${createHash('sha256').update(readFileSync(full)).digest('hex')}@${statSync(full).mtimeMs}`;
    }
  };
  walk(folder);
  return out;
}

/** Runs `task` with environment variables set, restoring them after. */
async function withEnv<T>(values: Record<string, string | undefined>, task: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (next: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(values);
  try {
    return await task();
  } finally {
    apply(saved);
  }
}

/** No token or endpoint from the machine: only what a test passes. */
const CLEAN_ENV = { HF_TOKEN: undefined, HUGGING_FACE_HUB_TOKEN: undefined, HF_ENDPOINT: undefined, HF_TOKEN_PATH: '/nonexistent/hf-token' };

beforeAll(async () => {
  server = await startHubTestServer({
    repos: { 'acme/existing': { files: { 'README.md': '# old card', 'notes.txt': 'kept' } }, 'rival/theirs': {} },
    tokens: { [WRITER]: { namespaces: ['acme'] }, [OUTSIDER]: { namespaces: ['someone-else'] } },
  });
  designer = new DataDesigner(tmp, { runConfig: { buffer_size: 4, otel_metrics_port: null } });
  results = await designer.create(CONFIG, { numRecords: 10, seed: 7, datasetName: 'pets' });
});

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('DatasetCreationResults.pushToHub against a Hub-compatible server on 127.0.0.1', () => {
  it('creates the repo and uploads the dataset, processor outputs, config, metadata and card in one commit', async () => {
    const before = snapshot(results.datasetPath);
    const url = await withEnv(CLEAN_ENV, () =>
      results.pushToHub('acme/pets', 'Ten synthetic pets for the tests.', {
        token: WRITER,
        endpoint: server.endpoint,
        private: true,
        tags: ['pets'],
        license: 'cc-by-4.0',
      }),
    );
    expect(url).toBe(`${server.endpoint}/datasets/acme/pets`);
    const repo = server.repos.get('acme/pets')!;
    expect(repo.private).toBe(true);

    const local = (relative: string) => readFileSync(path.join(results.datasetPath, relative));
    const batches = readdirSync(path.join(results.datasetPath, 'parquet-files')).sort();
    const processorFiles = readdirSync(path.join(results.datasetPath, 'processors-files', 'chat_export')).sort();
    expect(batches).toEqual(['batch_00000.parquet', 'batch_00001.parquet', 'batch_00002.parquet']);
    expect([...repo.files.keys()].sort()).toEqual(
      [
        '.gitattributes',
        'README.md',
        'builder_config.json',
        'metadata.json',
        ...batches.map((file) => `data/${file}`),
        ...processorFiles.map((file) => `chat_export/${file}`),
      ].sort(),
    );
    for (const file of batches) {
      expect(repo.files.get(`data/${file}`)!.equals(local(`parquet-files/${file}`))).toBe(true);
      expect(repo.lfsPaths.has(`data/${file}`)).toBe(true);
    }
    for (const file of processorFiles) expect(repo.files.get(`chat_export/${file}`)!.equals(local(`processors-files/chat_export/${file}`))).toBe(true);
    expect(repo.files.get('builder_config.json')!.equals(local('builder_config.json'))).toBe(true);
    expect(repo.lfsPaths.has('README.md')).toBe(false);

    const localMetadata = JSON.parse(local('metadata.json').toString('utf8')) as Record<string, unknown>;
    const pushedMetadata = JSON.parse(repo.files.get('metadata.json')!.toString('utf8')) as Record<string, unknown>;
    expect(pushedMetadata).toEqual({
      ...localMetadata,
      file_paths: { data: batches.map((file) => `data/${file}`), 'processor-files': { chat_export: processorFiles.map((file) => `chat_export/${file}`) } },
    });

    expect(repo.commits).toHaveLength(1);
    expect(repo.commits[0]!.summary).toBe('Upload dataset generated with Data Designer');
    const writes = server.requests.filter((request) => ['repo-info', 'create', 'preupload', 'lfs-batch', 'commit'].includes(request.endpoint));
    expect(writes.map((request) => request.endpoint)).toEqual(['repo-info', 'create', 'preupload', 'lfs-batch', 'commit']);
    expect(writes.every((request) => request.authorization === `Bearer ${WRITER}`)).toBe(true);
    expect(server.requests.filter((request) => request.endpoint === 'lfs-upload').every((request) => request.authorization === undefined)).toBe(true);
    expect(snapshot(results.datasetPath)).toEqual(before);
  });

  it('writes a dataset card with the front matter the Hub reads and the sections of the original', () => {
    const card = server.repos.get('acme/pets')!.files.get('README.md')!.toString('utf8');
    const [, frontMatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(card) ?? [];
    expect(parseYaml(frontMatter!)).toEqual({
      license: 'cc-by-4.0',
      size_categories: 'n<1K',
      tags: ['synthetic', 'datadesigner', 'pets'],
      configs: [
        { config_name: 'data', data_files: 'data/*.parquet', default: true },
        { config_name: 'chat_export', data_files: 'chat_export/*.parquet' },
      ],
    });
    const headings = body!.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual(['# Pets', '## Quick start', '## Summary', '## Columns', '## How it was generated', '## Citation', '## About Data Designer']);
    expect(body).toContain('Ten synthetic pets for the tests.');
    expect(body).toContain('load_dataset("acme/pets", "data", split="train")');
    expect(body).toContain('load_dataset("acme/pets", "chat_export", split="train")');
    expect(body).toContain('path: datasets/acme/pets/data/*.parquet');
    expect(body).toContain('- **Records**: 10\n- **Columns**: 3\n');
    expect(body).not.toContain('Completion');
    expect(body).toMatch(/\| `kind` \| `string` \| sampler \| \d \(\d+\.\d%\) \| 0 \(0\.0%\) \| category \|/);
    expect(body).toMatch(/\| `age` \| `int` \| sampler \| .* \| uniform \|/);
    expect(body).toContain('- **expression**: 1\n- **sampler**: 2');
    expect(body).toContain('[`builder_config.json`](builder_config.json)');
  });

  it('reads the pushed dataset back as an hf seed source: the same rows (round trip)', async () => {
    const original = await results.loadDataset();
    const seeded = await designer.create(
      {
        seed_config: {
          source: { seed_type: 'hf', path: 'datasets/acme/pets/data/*.parquet', endpoint: server.endpoint, token: WRITER },
          sampling_strategy: 'ordered',
        },
        columns: [{ name: 'echo', column_type: 'expression', expr: '{{ label }}' }],
      },
      { numRecords: 10, datasetName: 'round-trip', analyze: false },
    );
    const rows = await seeded.loadDataset();
    expect(rows.map((row) => row.echo)).toEqual(original.map((row) => row.label));
    expect(rows.map(({ echo: _echo, ...row }) => row)).toEqual(original);
  });

  it('updates an existing repo with the token and endpoint of HF_TOKEN and HF_ENDPOINT, keeping its visibility and other files', async () => {
    const requestsBefore = server.requests.length;
    const url = await withEnv({ ...CLEAN_ENV, HF_TOKEN: WRITER, HF_ENDPOINT: server.endpoint }, () =>
      results.pushToHub('acme/existing', { description: 'Updated.', private: true, commitMessage: 'Refresh the pets' }),
    );
    expect(url).toBe(`${server.endpoint}/datasets/acme/existing`);
    const repo = server.repos.get('acme/existing')!;
    expect(repo.private).toBe(false);
    expect(repo.files.get('notes.txt')!.toString()).toBe('kept');
    expect(repo.files.get('README.md')!.toString()).toContain('Updated.');
    expect(repo.files.has('data/batch_00000.parquet')).toBe(true);
    expect(repo.commits.map((commit) => commit.summary)).toEqual(['Refresh the pets']);
    expect(server.requests.slice(requestsBefore).map((request) => request.endpoint)).not.toContain('create');
  });

  it('names the repo and the fix when the token is refused, never shows the token, and leaves both sides unchanged', async () => {
    const before = snapshot(results.datasetPath);
    const requestsBefore = server.requests.length;
    const error = await withEnv(CLEAN_ENV, () => results.pushToHub('acme/refused', { token: 'hf_wrong_secret_value', endpoint: server.endpoint })).catch(
      (caught: unknown) => caught,
    );
    expect(HuggingFaceHubClientUploadError.isInstance(error)).toBe(true);
    const { message, fix } = error as InstanceType<typeof HuggingFaceHubClientUploadError>;
    expect(message).toBe(
      "The Hugging Face Hub refused the token (from the token option) while looking up the repository for dataset repo 'acme/refused' (HTTP 401).",
    );
    expect(fix).toMatch(/HF_TOKEN.*hf auth login/);
    expect(JSON.stringify({ message, fix, stack: (error as Error).stack })).not.toContain('hf_wrong_secret_value');
    expect(server.repos.has('acme/refused')).toBe(false);
    expect(server.requests.slice(requestsBefore).map((request) => request.endpoint)).toEqual(['repo-info']);
    expect(snapshot(results.datasetPath)).toEqual(before);
  });

  it('says when the token may not create the repo in that namespace, naming the repo and the fix', async () => {
    const error = await withEnv(CLEAN_ENV, () => results.pushToHub('rival/pets', { token: OUTSIDER, endpoint: server.endpoint })).catch(
      (caught: unknown) => caught,
    );
    expect(HuggingFaceHubClientUploadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^The token \(from the token option\) has no permission while creating the repository for dataset repo 'rival\/pets' \(HTTP 403\)/,
    );
    expect((error as { fix?: string }).fix).toBe("Use a token with write access to 'rival', or push to a namespace you own.");
    expect(JSON.stringify({ message: (error as Error).message, fix: (error as { fix?: string }).fix })).not.toContain(OUTSIDER);
    const commitError = await withEnv(CLEAN_ENV, () => results.pushToHub('rival/theirs', { token: OUTSIDER, endpoint: server.endpoint })).catch(
      (caught: unknown) => caught,
    );
    expect((commitError as Error).message).toMatch(/has no permission while preparing the upload for dataset repo 'rival\/theirs' \(HTTP 403\)/);
    expect(server.repos.get('rival/theirs')!.files.size).toBe(0);
  });

  it('pushes the final stage of a workflow', async () => {
    const workflow = await designer
      .composeWorkflow('pets-flow')
      .addStage('first', CONFIG, { numRecords: 3 })
      .addStage('second', { columns: [{ name: 'shout', column_type: 'expression', expr: '{{ label | upper }}' }] })
      .run();
    const url = await withEnv(CLEAN_ENV, () => workflow.pushToHub('acme/pets-flow', 'Two stages.', { token: WRITER, endpoint: server.endpoint }));
    expect(url).toBe(`${server.endpoint}/datasets/acme/pets-flow`);
    const pushed = server.repos.get('acme/pets-flow')!.files.get('data/batch_00000.parquet')!;
    expect(pushed.equals(readFileSync(path.join(workflow.finalResult.datasetPath, 'parquet-files', 'batch_00000.parquet')))).toBe(true);
    expect(server.repos.get('acme/pets-flow')!.files.get('README.md')!.toString()).toContain('Two stages.');
  });

  it('refuses a bad repo id or a missing token before any request', async () => {
    const requestsBefore = server.requests.length;
    await expect(results.pushToHub('just-a-name', { token: WRITER, endpoint: server.endpoint })).rejects.toThrow(
      "Invalid Hugging Face repo id 'just-a-name': expected exactly one '/' between owner and dataset name.",
    );
    await expect(results.pushToHub('acme/bad--name', { token: WRITER, endpoint: server.endpoint })).rejects.toThrow(/must not contain '--' or '\.\.'/);
    const missing = await withEnv(CLEAN_ENV, () => results.pushToHub('acme/no-token', { endpoint: server.endpoint })).catch((caught: unknown) => caught);
    expect((missing as Error).message).toBe("No Hugging Face token to push dataset repo 'acme/no-token'.");
    expect((missing as { fix?: string }).fix).toMatch(/HF_TOKEN.*hf auth login/);
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('keeps the repo as it was and the local dataset untouched when the commit fails', async () => {
    const failing = await startHubTestServer({
      repos: { 'acme/pets': { files: { 'README.md': '# before' } } },
      tokens: { [WRITER]: { namespaces: ['acme'] } },
      failures: { commit: 500 },
    });
    try {
      const before = snapshot(results.datasetPath);
      const error = await withEnv(CLEAN_ENV, () => results.pushToHub('acme/pets', { token: WRITER, endpoint: failing.endpoint })).catch(
        (caught: unknown) => caught,
      );
      expect((error as Error).message).toBe(
        "The Hugging Face Hub answered HTTP 500 while committing the files for dataset repo 'acme/pets': Injected failure of commit.",
      );
      expect((error as { fix?: string }).fix).toBe('Try again later; the local dataset is unchanged.');
      expect([...failing.repos.get('acme/pets')!.files.keys()]).toEqual(['README.md']);
      expect(snapshot(results.datasetPath)).toEqual(before);
    } finally {
      await failing.close();
    }
  });
});
