import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { describeWithRedis } from '../testing/describe-with-redis.js';
import { dataFactory } from '../factory/data-factory.js';
import { FACTORY_JOB_FILE, type JobFile, readFactoryJob } from '../factory/job-store.js';
import type { FactoryRecord } from '../factory/factory-types.js';
import { startFactoryWorker } from './factory-worker.js';
import { connectRedis } from './connect-redis.js';
import { deleteRedisKeys } from './delete-redis-keys.js';
import { factoryQueueName } from './factory-batch-job.js';
import { DEFAULT_QUEUE_NAME } from './redis-connection.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-queue-'));

interface SquareRecord extends FactoryRecord {
  id: string;
  n: number;
  square: number;
}
const fixture = (await import(path.join(here, '__fixtures__', 'queued-factory.mjs'))) as {
  squares: (n: number, context: { signal: AbortSignal; attempt: number }) => Promise<SquareRecord | SquareRecord[]>;
  squaresOptions: (queue?: { redis: string; prefix: string }) => Record<string, unknown>;
  squaresInputs: number[];
};

const folder = (name: string) => {
  const directory = path.join(root, name);
  mkdirSync(directory, { recursive: true });
  return directory;
};
const sortById = (records: readonly FactoryRecord[]) => [...records].sort((a, b) => String(a.id).localeCompare(String(b.id)));

/** What the same function gives in one process without Redis (the reference of every queued run). */
async function localRun(): Promise<{ records: FactoryRecord[]; deadLetters: number[]; filtered: FactoryRecord[] }> {
  const factory = dataFactory(fixture.squares, { ...fixture.squaresOptions(), artifactPath: folder(`local-${Math.random()}`), jobName: 'local' });
  const result = await factory.run(fixture.squaresInputs);
  return {
    records: sortById(result.records),
    deadLetters: result.deadLetters.map((letter) => letter.index),
    filtered: sortById(await factory.filteredRecords()),
  };
}

interface ChildHandle {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnChild(script: string, args: string[], env: Record<string, string> = {}): ChildHandle {
  const child = spawn(process.execPath, [path.join(here, '__fixtures__', script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(children: ChildHandle[]): Promise<void> {
  for (const handle of children) if (handle.child.exitCode === null && handle.child.signalCode === null) handle.child.kill('SIGTERM');
  await Promise.all(children.map((handle) => handle.exited));
}

/** The `squares` factory's BullMQ queue; `firstWaiting()` polls (20 s at most) until jobs wait there and says how many. */
async function openSquaresQueue(url: string, prefix: string): Promise<{ firstWaiting(): Promise<number>; close(): Promise<void> }> {
  const connection = await connectRedis(url, { role: 'test' });
  const queue = new Queue(factoryQueueName(DEFAULT_QUEUE_NAME, 'squares'), { connection, prefix });
  return {
    async firstWaiting() {
      let waiting = 0;
      for (const until = Date.now() + 20_000; waiting === 0 && Date.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        waiting = (await queue.getJobCounts('waiting')).waiting ?? 0;
      }
      return waiting;
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

const workerReady = (handle: ChildHandle) => handle.output().includes('serves squares');

await describeWithRedis('queued data factory', { markerDir: packageDir, scratchDir: root }, (redis) => {
  const url = redis.url;
  it('rejects inputs that are not JSON before creating a job, naming the input and the path', async () => {
    const factory = dataFactory(async (input: unknown) => ({ input: String(input) }), {
      name: 'json-check',
      queue: { redis: url },
      artifactPath: folder('json'),
      jobName: 'json',
    });
    await expect(factory.run([{ a: 1 }, { when: new Date(0) }])).rejects.toThrow(/Input 1 of queued data factory 'json-check' is not JSON: at when, a Date/);
    await expect(factory.run([1, { big: 1n }])).rejects.toThrow(/at big, bigint/);
    await expect(factory.run([[1, undefined]])).rejects.toThrow(/at \[1\], undefined/);
    expect(factory.jobId).toBeUndefined();
  });

  it('refuses a second factory of the same name with another function', () => {
    dataFactory(async () => ({ a: 1 }), { name: 'twice', queue: { redis: url } });
    expect(() => dataFactory(async () => ({ b: 2 }), { name: 'twice', queue: { redis: url } })).toThrow(/Two queued data factories are named 'twice'/);
    expect(() => dataFactory(async () => ({ b: 2 }), { name: 'no:colons', queue: { redis: url } })).toThrow(/name 'no:colons' is not valid/);
  });

  it('in-process workers give the records of a local run, with the same dead letters', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const factory = dataFactory(fixture.squares, {
      ...fixture.squaresOptions({ redis: url, prefix }),
      artifactPath: folder('in-process'),
      jobName: 'queued',
    });
    const workers = await Promise.all(['a', 'b'].map((workerId) => startFactoryWorker({ redis: url, prefix, workerId, factories: ['squares'] })));
    try {
      const result = await factory.run(fixture.squaresInputs);
      expect(sortById(result.records)).toEqual(reference.records);
      expect(result.deadLetters.map((letter) => letter.index)).toEqual(reference.deadLetters);
      expect(result.deadLetters[0]).toMatchObject({ index: 29, cause: 'input 29 failed on attempt 2', attempts: 2 });
      expect(workers.reduce((sum, worker) => sum + worker.completed, 0)).toBe(6);
      const job = JSON.parse(readFileSync(path.join(result.jobPath ?? '', FACTORY_JOB_FILE), 'utf8')) as JobFile;
      expect(job.status).toBe('complete');
      expect(Object.keys(job.inputs)).toHaveLength(60);
      expect(job.batches.reduce((sum, batch) => sum + batch.rows, 0)).toBe(reference.records.length);
      expect((await factory.records()).length).toBe(reference.records.length);
      // The hook ran on the workers; its filtered records are stored apart, as locally.
      expect(reference.filtered.length).toBeGreaterThan(0);
      expect(sortById(await factory.filteredRecords())).toEqual(reference.filtered);
      expect(result.progress.filteredRecords).toBe(reference.filtered.length);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);

  it('resume enqueues only the batches with unfinished inputs (a job started locally, finished on workers)', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const artifactPath = folder('mixed');
    const partial = await dataFactory(fixture.squares, { ...fixture.squaresOptions(), artifactPath, jobName: 'queued', targetCount: 25 }).run(
      fixture.squaresInputs,
    );
    // Dead letters run again on resume, like unfinished inputs.
    const finished = new Set([...partial.indices.done, ...partial.indices.filtered, ...partial.indices.duplicate]);
    const unfinished = fixture.squaresInputs.filter((index) => !finished.has(index));
    expect(unfinished.length).toBeGreaterThan(0);
    const factory = dataFactory(fixture.squares, { ...fixture.squaresOptions({ redis: url, prefix }), artifactPath, jobName: 'queued', targetCount: 1_000 });
    const worker = await startFactoryWorker({ redis: url, prefix, factories: ['squares'] });
    try {
      const result = await factory.resume(partial.jobId);
      expect(worker.completed).toBe(new Set(unfinished.map((index) => Math.floor(index / 10))).size);
      expect(worker.completed).toBeLessThan(6);
      expect(sortById(result.records)).toEqual(reference.records);
    } finally {
      await worker.close();
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);

  it('with a target, only the batches the yield so far calls for are queued, topped up as results come back', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const factory = dataFactory(fixture.squares, {
      ...fixture.squaresOptions({ redis: url, prefix }),
      artifactPath: folder('target'),
      jobName: 'queued',
      targetCount: 20,
    });
    const running = factory.run(fixture.squaresInputs);
    const squaresQueue = await openSquaresQueue(url, prefix);
    let worker: Awaited<ReturnType<typeof startFactoryWorker>> | undefined;
    try {
      const waiting = await squaresQueue.firstWaiting();
      // 20 records wanted, 1 per input assumed before any result, 25 % more: 3 batches of 10, not 6.
      expect(waiting).toBe(3);
      worker = await startFactoryWorker({ redis: url, prefix, factories: ['squares'] });
      const result = await running;
      expect(result.records).toHaveLength(20);
      expect(new Set(result.records.map((record) => record.id)).size).toBe(20);
      const expected = new Set(reference.records.map((record) => JSON.stringify(record)));
      for (const record of result.records) expect(expected.has(JSON.stringify(record))).toBe(true);
      expect(worker.completed).toBeLessThan(6);
    } finally {
      await worker?.close();
      await squaresQueue.close();
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);

  it('maxQueuedBatches bounds the batches in Redis; the caller adds the rest as results come back', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const options = fixture.squaresOptions({ redis: url, prefix });
    const factory = dataFactory(fixture.squares, {
      ...options,
      queue: { ...(options.queue as Record<string, unknown>), maxQueuedBatches: 2 },
      artifactPath: folder('bounded'),
      jobName: 'queued',
    });
    const running = factory.run(fixture.squaresInputs);
    const squaresQueue = await openSquaresQueue(url, prefix);
    let worker: Awaited<ReturnType<typeof startFactoryWorker>> | undefined;
    try {
      const waiting = await squaresQueue.firstWaiting();
      expect(waiting).toBe(2);
      worker = await startFactoryWorker({ redis: url, prefix, factories: ['squares'] });
      const result = await running;
      expect(sortById(result.records)).toEqual(reference.records);
      expect(worker.completed).toBe(6);
    } finally {
      await worker?.close();
      await squaresQueue.close();
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);

  it('two worker processes and the caller produce exactly the records of a local run', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const workers = ['p1', 'p2'].map((id) => spawnChild('factory-worker-child.mjs', [url, prefix, id], { FACTORY_DELAY_MS: '40' }));
    try {
      await waitFor('both workers', () => workers.every(workerReady));
      const factory = dataFactory(fixture.squares, {
        ...fixture.squaresOptions({ redis: url, prefix }),
        artifactPath: folder('two-processes'),
        jobName: 'queued',
      });
      const result = await factory.run(fixture.squaresInputs);
      expect(sortById(result.records)).toEqual(reference.records);
      expect(new Set(result.records.map((record) => record.id)).size).toBe(result.records.length);
      expect(result.deadLetters.map((letter) => letter.index)).toEqual(reference.deadLetters);
      const batchesRun = workers.map((handle) => (handle.output().match(/✅ batch/g) ?? []).length);
      expect(batchesRun.reduce((sum, count) => sum + count, 0)).toBe(6);
    } finally {
      await stop(workers);
      await deleteRedisKeys(url, prefix);
    }
    expect(workers.map((handle) => handle.child.exitCode)).toEqual([0, 0]);
  }, 60_000);

  it('a worker SIGKILLed mid-batch: another takes the batch over, exact count, no duplicates', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const env = { FACTORY_DELAY_MS: '150' };
    const victim = spawnChild('factory-worker-child.mjs', [url, prefix, 'victim'], env);
    const survivor = spawnChild('factory-worker-child.mjs', [url, prefix, 'survivor'], env);
    try {
      await waitFor('both workers', () => workerReady(victim) && workerReady(survivor));
      const factory = dataFactory(fixture.squares, { ...fixture.squaresOptions({ redis: url, prefix }), artifactPath: folder('sigkill'), jobName: 'queued' });
      const running = factory.run(fixture.squaresInputs);
      await waitFor('the victim to start a batch', () => victim.output().includes('▶ batch'));
      const held = /▶ batch (\d+)/.exec(victim.output())?.[1];
      victim.child.kill('SIGKILL');
      const result = await running;
      expect((await victim.exited).signal).toBe('SIGKILL');
      expect(victim.output()).not.toMatch(new RegExp(`✅ batch ${held} `));
      expect(survivor.output()).toMatch(new RegExp(`✅ batch ${held} `));
      expect(result.records).toHaveLength(reference.records.length);
      expect(new Set(result.records.map((record) => record.id)).size).toBe(result.records.length);
      expect(sortById(result.records)).toEqual(reference.records);
      const job = JSON.parse(readFileSync(path.join(result.jobPath ?? '', FACTORY_JOB_FILE), 'utf8')) as JobFile;
      expect(job.batches.reduce((sum, batch) => sum + batch.rows, 0)).toBe(reference.records.length);
    } finally {
      await stop([victim, survivor]);
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);

  it('a worker running another version of the function fails its batches at once; the caller names them, resume reruns them', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const artifactPath = folder('old-version');
    const options = { ...fixture.squaresOptions({ redis: url, prefix }), artifactPath, jobName: 'queued' };
    const old = spawnChild('factory-worker-child.mjs', [url, prefix, 'old'], { FACTORY_OLD_VERSION: '1' });
    let jobId = '';
    try {
      await waitFor('the old worker', () => workerReady(old));
      const factory = dataFactory(fixture.squares, options);
      await expect(factory.run(fixture.squaresInputs)).rejects.toThrow(
        /6 batch\(es\) of queued data factory 'squares' .* failed on the workers: batch 0 \(10 inputs\): Worker old runs another version/,
      );
      jobId = factory.jobId ?? '';
      expect((old.output().match(/failed on old/g) ?? []).length).toBe(6); // Once each: no retry of a version mismatch.
    } finally {
      await stop([old]);
    }
    const worker = await startFactoryWorker({ redis: url, prefix, factories: ['squares'] });
    try {
      const result = await dataFactory(fixture.squares, options).resume(jobId);
      expect(sortById(result.records)).toEqual(reference.records);
      expect(worker.completed).toBe(6);
    } finally {
      await worker.close();
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);

  it('resume by job id after the caller is killed: finished batches are committed from Redis, nothing runs twice', async () => {
    const prefix = redis.uniquePrefix();
    const reference = await localRun();
    const artifactPath = folder('caller-killed');
    const callsLog = path.join(artifactPath, 'calls.log');
    const worker = spawnChild('factory-worker-child.mjs', [url, prefix, 'w'], { FACTORY_DELAY_MS: '60', FACTORY_CALLS_LOG: callsLog });
    try {
      await waitFor('the worker', () => workerReady(worker));
      const caller = spawnChild('factory-caller-child.mjs', [url, prefix, artifactPath]);
      await waitFor('a first committed batch', () => /^progress /m.test(caller.output()));
      caller.child.kill('SIGKILL');
      expect((await caller.exited).signal).toBe('SIGKILL');
      const jobId = /^progress (\S+) /m.exec(caller.output())?.[1] ?? '';
      const committed = Object.keys((await readFactoryJob(path.join(artifactPath, 'queued'))).inputs).length;
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThan(60);

      const factory = dataFactory(fixture.squares, { ...fixture.squaresOptions({ redis: url, prefix }), artifactPath, jobName: 'queued' });
      const result = await factory.resume(jobId);
      expect(result.jobPath).toBe(path.join(artifactPath, 'queued'));
      expect(sortById(result.records)).toEqual(reference.records);
      expect(result.deadLetters.map((letter) => letter.index)).toEqual(reference.deadLetters);
      const calls = readFileSync(callsLog, 'utf8').trim().split('\n');
      expect(new Set(calls).size).toBe(calls.length); // No (input, attempt) ran twice: no batch was redone.
      expect(new Set(calls.map((call) => call.split(':')[0])).size).toBe(60);
      expect((worker.output().match(/✅ batch/g) ?? []).length).toBe(6);
    } finally {
      await stop([worker]);
      await deleteRedisKeys(url, prefix);
    }
  }, 60_000);
});
