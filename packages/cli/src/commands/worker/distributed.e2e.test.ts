import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { describeWithRedis } from '@dd/engine/testing';
import { deleteRedisKeys, openDatasetReader } from '@dd/engine';
import { DataDesigner } from '../../data-designer.js';

// Real worker processes (the built `data-designer worker`) against a real Redis.
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(packageDir, 'bin', 'data-designer.js');
const slowModule = path.join(packageDir, 'src', 'commands', 'worker', '__fixtures__', 'slow-column.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-dist-cli-'));

const offlineConfig = {
  columns: [
    { name: 'tier', column_type: 'sampler', sampler_type: 'category', params: { values: ['a', 'b', 'c'], weights: [1, 2, 3] } },
    { name: 'n', column_type: 'sampler', sampler_type: 'poisson', params: { mean: 4 } },
    { name: 'score', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 1 } },
    { name: 'label', column_type: 'expression', expr: '{{ tier | upper }}-{{ n }}' },
  ],
};

interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(url: string, queue: string, extra: string[] = []): WorkerProcess {
  const child = spawn(process.execPath, [bin, 'worker', '--redis', url, '--queue', queue, ...extra], {
    cwd: tmp,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function readAll(datasetPath: string): Promise<Array<Record<string, unknown>>> {
  const reader = await openDatasetReader(datasetPath);
  try {
    return await reader.readAll();
  } finally {
    await reader.close();
  }
}

async function stopWorkers(workers: WorkerProcess[]): Promise<Array<number | null>> {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  return (await Promise.all(workers.map((worker) => worker.exited))).map((exit) => exit.code);
}

await describeWithRedis('distributed create with worker processes', { markerDir: packageDir, scratchDir: tmp }, (redis) => {
  const url = redis.url;
  it('three worker processes and a coordinator write the rows of a local run with the same seed', async () => {
    // Workers use the default prefix 'dd'; a unique queue name keeps this test apart from others.
    const queue = redis.uniquePrefix().replace(/:/g, '-');
    const workers = [0, 1, 2].map(() => startWorker(url, queue));
    try {
      await waitFor(() => workers.every((worker) => worker.stderr().includes('👷 worker')));
      const runConfig = { buffer_size: 40 };
      const local = new DataDesigner(tmp);
      local.setRunConfig(runConfig);
      const expected = await local.create(offlineConfig, { numRecords: 400, seed: 42, datasetName: 'local', analyze: false });
      const distributed = new DataDesigner(tmp, { queue: { redis: url, name: queue } });
      distributed.setRunConfig(runConfig);
      const result = await distributed.create(offlineConfig, { numRecords: 400, seed: 42, datasetName: 'distributed' });
      expect(await readAll(result.datasetPath)).toEqual(await readAll(expected.datasetPath));
      // The profile and report are written as after a local run.
      expect(readdirSync(path.join(result.datasetPath, 'analysis')).sort()).toEqual(['profile.json', 'report.html']);
      const worked = workers.filter((worker) => /✅ row group/.test(worker.stderr())).length;
      expect(worked).toBeGreaterThanOrEqual(2);
      expect(await stopWorkers(workers)).toEqual([0, 0, 0]);
    } finally {
      await stopWorkers(workers);
      await deleteRedisKeys(url, `dd:${queue}`);
    }
  }, 120_000);

  it('a worker SIGKILLed mid-row-group: its job is recovered, exact count, no duplicates', async () => {
    const queue = redis.uniquePrefix().replace(/:/g, '-');
    const configFile = path.join(tmp, 'slow.json');
    writeFileSync(configFile, JSON.stringify({ columns: [...offlineConfig.columns, { name: 'tag', column_type: 'custom', generator_function: 'slow_tag' }] }));
    const victim = startWorker(url, queue, ['-i', slowModule]);
    const survivor = startWorker(url, queue, ['-i', slowModule]);
    try {
      await waitFor(() => [victim, survivor].every((worker) => worker.stderr().includes('👷 worker')));
      writeFileSync(path.join(tmp, 'run.yaml'), 'buffer_size: 10\n');
      const coordinator = spawn(
        process.execPath,
        [
          bin,
          'create',
          configFile,
          '-n',
          '120',
          '-d',
          'killed',
          '-o',
          tmp,
          '--redis',
          url,
          '--queue',
          queue,
          '-i',
          slowModule,
          '-c',
          path.join(tmp, 'run.yaml'),
          '--no-progress',
        ],
        { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
      );
      let out = '';
      coordinator.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      coordinator.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      const finished = new Promise<number | null>((resolve) => coordinator.on('exit', (code) => resolve(code)));
      await waitFor(() => victim.stderr().includes('▶ row group'));
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      expect(await finished).toBe(0);
      expect(out).toContain('120 record(s) generated');
      const datasetPath = path.join(tmp, 'killed');
      const rows = await readAll(datasetPath);
      expect(rows).toHaveLength(120);
      expect(readdirSync(path.join(datasetPath, 'parquet-files')).filter((file) => file.endsWith('.parquet'))).toHaveLength(12);
      // Every row group's rows exactly once: the (tier, n, score) triples of 120 rows are distinct.
      expect(new Set(rows.map((row) => `${String(row.tier)}|${String(row.n)}|${String(row.score)}`)).size).toBe(120);
      expect(await stopWorkers([survivor])).toEqual([0]);
    } finally {
      await stopWorkers([victim, survivor]);
      await deleteRedisKeys(url, `dd:${queue}`);
    }
  }, 120_000);
});
