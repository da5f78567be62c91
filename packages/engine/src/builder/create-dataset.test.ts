import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@dd/config';
import * as engine from '../index.js';
import { createDataset } from './create-dataset.js';
import { openDatasetReader } from './open-dataset-reader.js';
import { previewDataset } from './preview-dataset.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-create-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fixtures = (await import(path.join(here, '__fixtures__', 'resume-config.mjs'))) as {
  resumeConfig: Record<string, unknown>;
  registerSlowCopy: (module: typeof engine) => void;
};
fixtures.registerSlowCopy(engine);

async function readAll(datasetPath: string): Promise<Array<Record<string, unknown>>> {
  const reader = await openDatasetReader(datasetPath);
  try {
    return await reader.readAll();
  } finally {
    await reader.close();
  }
}

describe('createDataset', () => {
  it('writes the original layout: parquet batches, metadata, builder config, dropped columns', async () => {
    const config = await loadConfig({
      columns: [
        { name: 'id', column_type: 'sampler', sampler_type: 'uuid', params: {} },
        { name: 'tier', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b'], weights: [1, 3] } },
        { name: 'n', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 4 }, drop: true },
        { name: 'label', column_type: 'expression', expr: '{{ tier | upper }}-{{ n }}' },
      ],
    });
    const result = await createDataset({ config, numRecords: 45, artifactPath: root, datasetName: 'layout', seed: 7, runConfig: { buffer_size: 20 } });
    const files = readdirSync(path.join(result.datasetPath, 'parquet-files')).sort();
    expect(files).toEqual(['batch_00000.parquet', 'batch_00001.parquet', 'batch_00002.parquet']);
    expect(existsSync(path.join(result.datasetPath, 'builder_config.json'))).toBe(true);
    expect(existsSync(path.join(result.datasetPath, 'dropped-columns-parquet-files', 'batch_00000.parquet'))).toBe(true);
    const metadata = JSON.parse(readFileSync(path.join(result.datasetPath, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata.actual_num_records).toBe(45);
    const rows = await readAll(result.datasetPath);
    expect(rows).toHaveLength(45);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'tier', 'label']);
    for (const row of rows) expect(row.label).toMatch(/^[AB]-\d+$/);
    expect(new Set(rows.map((row) => row.id)).size).toBe(45);
  });

  it('calls onDatasetComplete once, with every batch file written and the final metadata, before it returns', async () => {
    const config = await loadConfig({ columns: [{ name: 'n', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 4 } }] });
    const calls: Array<{ datasetPath: string; records: unknown; files: string[] }> = [];
    let returned = false;
    const result = await createDataset({
      config,
      numRecords: 30,
      artifactPath: root,
      datasetName: 'complete-hook',
      runConfig: { buffer_size: 10 },
      onDatasetComplete: (datasetPath, metadata) => {
        expect(returned).toBe(false);
        calls.push({ datasetPath, records: metadata.actual_num_records, files: readdirSync(path.join(datasetPath, 'parquet-files')).sort() });
      },
    });
    returned = true;
    expect(calls).toEqual([{ datasetPath: result.datasetPath, records: 30, files: ['batch_00000.parquet', 'batch_00001.parquet', 'batch_00002.parquet'] }]);
  });

  it('is reproducible with a seed', async () => {
    const config = await loadConfig({
      columns: [{ name: 'x', column_type: 'sampler', sampler_type: 'gaussian', params: { mean: 0, stddev: 1 } }],
    });
    const first = await previewDataset({ config, numRecords: 20, seed: 11 });
    const second = await previewDataset({ config, numRecords: 20, seed: 11 });
    expect(second.records).toEqual(first.records);
  });

  it('resumes after a SIGKILL to exactly the requested count, no row lost or duplicated', async () => {
    const artifactPath = path.join(root, 'killed');
    const child = path.join(here, '__fixtures__', 'kill-child.mjs');
    const numRecords = 200;
    // Kill the run a few times at different moments, then let one finish.
    for (const rowGroupsBeforeKill of [2, 3, 2]) {
      await new Promise<void>((resolve, reject) => {
        const proc = spawn(process.execPath, [child, artifactPath, String(numRecords), 'if_possible'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let seen = 0;
        let stderr = '';
        proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        proc.stdout.on('data', (chunk: Buffer) => {
          seen += chunk
            .toString()
            .split('\n')
            .filter((line) => line.startsWith('done')).length;
          if (seen >= rowGroupsBeforeKill) proc.kill('SIGKILL');
        });
        proc.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve() : reject(new Error(`child failed (${code}): ${stderr}`))));
      });
    }
    const config = await loadConfig(fixtures.resumeConfig);
    const result = await createDataset({
      config,
      numRecords,
      artifactPath,
      datasetName: 'killed',
      resume: 'always',
      runConfig: { buffer_size: 20, max_concurrent_row_groups: 2 },
    });
    // Every run resumed the same folder (no timestamped sibling was started).
    expect(readdirSync(artifactPath)).toEqual(['killed']);
    const rows = await readAll(result.datasetPath);
    expect(rows).toHaveLength(numRecords);
    expect(new Set(rows.map((row) => row.id)).size).toBe(numRecords);
    for (const row of rows) expect(row.slow).toBe(row.id);
  }, 60_000);
});

describe('concurrent runs on one dataset name (issue 14.1)', () => {
  const child = path.join(here, '__fixtures__', 'concurrent-create-child.mjs');
  const runChild = (artifactPath: string, tag: string, numRecords: number, resume: string) =>
    new Promise<{ code: number | null; result: { datasetPath?: string; error?: string; name?: string } }>((resolve, reject) => {
      const proc = spawn(process.execPath, [child, artifactPath, 'same', tag, String(numRecords), resume], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => proc.kill('SIGKILL'), 50_000);
      proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      proc.on('exit', (code) => {
        clearTimeout(timer);
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ code, result: JSON.parse(line) as { datasetPath?: string } });
        } catch {
          reject(new Error(`child printed no result (${code}): ${stdout}\n${stderr}`));
        }
      });
    });

  it('two creates started together with the same name both complete, each in its own intact folder', async () => {
    const artifactPath = path.join(root, 'concurrent');
    // The configured folder already holds something, so both runs go to timestamped siblings (same second).
    const existing = path.join(artifactPath, 'same');
    await import('node:fs/promises').then((fs) => fs.mkdir(existing, { recursive: true }).then(() => fs.writeFile(path.join(existing, 'x'), '')));
    const numRecords = 300;
    const [a, b] = await Promise.all([runChild(artifactPath, 'A', numRecords, 'never'), runChild(artifactPath, 'B', numRecords, 'never')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.result.datasetPath).toBeDefined();
    expect(a.result.datasetPath).not.toBe(b.result.datasetPath);
    for (const [run, tag] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      const rows = await readAll(run.result.datasetPath!);
      expect(rows).toHaveLength(numRecords);
      expect(new Set(rows.map((row) => row.id)).size).toBe(numRecords);
      expect(rows.every((row) => row.tag === tag)).toBe(true);
      expect(existsSync(path.join(run.result.datasetPath!, '.data_designer.lock'))).toBe(false);
    }
    expect(readdirSync(existing)).toEqual(['x']);
  }, 60_000);

  it('two resumes of one folder at once: one writes, the other is refused with a clear error; the dataset stays intact', async () => {
    const artifactPath = path.join(root, 'concurrent-resume');
    const numRecords = 300;
    const [a, b] = await Promise.all([runChild(artifactPath, 'A', numRecords, 'if_possible'), runChild(artifactPath, 'A', numRecords, 'if_possible')]);
    const outcomes = [a, b].map((run) => (run.code === 0 ? 'ok' : run.result.name));
    // Either both ran one after the other into the same folder (the second found it complete), or one was refused.
    expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(1);
    for (const run of [a, b]) if (run.code !== 0) expect(run.result.error).toMatch(/is in use by process \d+ on host/);
    const rows = await readAll(path.join(artifactPath, 'same'));
    expect(rows).toHaveLength(numRecords);
    expect(new Set(rows.map((row) => row.id)).size).toBe(numRecords);
  }, 60_000);
});

describe('sizes that cannot work are refused before anything starts (issue 14.6)', () => {
  it('createDataset rejects -n 50000000 with buffer_size 1 and creates no folder', async () => {
    const artifactPath = path.join(root, 'too-big');
    const config = await loadConfig(fixtures.resumeConfig);
    await expect(createDataset({ config, numRecords: 50_000_000, artifactPath, datasetName: 'big', runConfig: { buffer_size: 1 } })).rejects.toThrow(
      /makes 50000000 row groups/,
    );
    expect(existsSync(artifactPath)).toBe(false);
  });
});
