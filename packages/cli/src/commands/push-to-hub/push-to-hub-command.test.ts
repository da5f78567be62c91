import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@dd/config';
import { createDataset } from '@dd/engine';
import { type HubTestServer, startHubTestServer } from '@dd/engine/testing';
import { runCliAsync, tempDir } from '../test-run-cli.js';

const home = tempDir('dd-push-cli-');
const TOKEN = 'hf_cli_writer_secret';
/** No token from the machine: only what a test passes. */
const ENV = { HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '', HF_ENDPOINT: '', HF_TOKEN_PATH: path.join(home, 'no-token') };
let server: HubTestServer;
let datasetPath: string;

beforeAll(async () => {
  server = await startHubTestServer({ tokens: { [TOKEN]: { namespaces: ['acme'] } } });
  const config = await loadConfig('columns:\n  - {name: n, column_type: sampler, sampler_type: uniform, params: {low: 0, high: 9}, convert_to: int}\n');
  datasetPath = (await createDataset({ config, numRecords: 5, seed: 1, artifactPath: home, datasetName: 'numbers' })).datasetPath;
});

afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe('data-designer push-to-hub', () => {
  it('uploads a dataset folder with the token of HF_TOKEN, prints the URL on stdout and progress on stderr', async () => {
    const result = await runCliAsync(
      [
        'push-to-hub',
        datasetPath,
        'acme/numbers',
        '--endpoint',
        server.endpoint,
        '-d',
        'Five numbers.',
        '-t',
        'math',
        '-t',
        'tiny',
        '--private',
        '--license',
        'mit',
        '-m',
        'First upload',
      ],
      home,
      { ...ENV, HF_TOKEN: TOKEN },
    );
    expect(result.stderr).toContain('Uploading dataset to the Hugging Face Hub: acme/numbers');
    expect(result.stdout).toBe(`${server.endpoint}/datasets/acme/numbers\n`);
    expect(result.code).toBe(0);
    const repo = server.repos.get('acme/numbers')!;
    expect(repo.private).toBe(true);
    expect(repo.commits.map((commit) => commit.summary)).toEqual(['First upload']);
    const card = repo.files.get('README.md')!.toString();
    expect(card).toContain('license: mit\n');
    expect(card).toContain('  - math\n  - tiny\n');
    expect(card).toContain('Five numbers.');
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  });

  it('exits 1 with the error and its fix when there is no token', async () => {
    const result = await runCliAsync(['push-to-hub', datasetPath, 'acme/other', '--endpoint', server.endpoint], home, ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No Hugging Face token to push dataset repo 'acme/other'.");
    expect(result.stderr).toContain('hf auth login');
    expect(server.repos.has('acme/other')).toBe(false);
  });
});
