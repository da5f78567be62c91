import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { LocalArtifactStorage } from '../artifacts/local-artifact-storage.js';
import { dataFactory } from './data-factory.js';
import { FACTORY_JOB_FILE, type JobFile, listFactoryJobs } from './job-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fixture = (await import(path.join(here, '__fixtures__', 'factory-job.mjs'))) as {
  makeRecords: (n: number, context: { signal: AbortSignal }) => Promise<Record<string, unknown> | Array<Record<string, unknown>>>;
  onRecordComplete: (record: Record<string, unknown>) => 'filtered' | 'accepted';
  jobOptions: (artifactPath: string) => Record<string, unknown> & { targetCount: number; jobName: string };
  jobInputs: number[];
};

const folder = (name: string) => {
  const directory = path.join(root, name);
  mkdirSync(directory, { recursive: true });
  return directory;
};
const readJob = (directory: string): JobFile => JSON.parse(readFileSync(path.join(directory, FACTORY_JOB_FILE), 'utf8')) as JobFile;

describe('dataFactory persistence', () => {
  it('writes parquet batches and an atomic job ledger through the artifact layer', async () => {
    const artifactPath = folder('layout');
    const factory = dataFactory(async (n: number) => (n === 3 ? { bad: true, n } : { n, text: `t${n}` }), {
      artifactPath,
      jobName: 'job',
      batchSize: 4,
      onRecordComplete: (record) => (record.bad ? 'filtered' : 'accepted'),
    });
    const result = await factory.run([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.jobPath).toBe(path.join(artifactPath, 'job'));
    expect(readdirSync(path.join(artifactPath, 'job', 'parquet-files')).sort()).toEqual(['batch_00000.parquet', 'batch_00001.parquet', 'batch_00002.parquet']);
    const job = readJob(path.join(artifactPath, 'job'));
    expect(job.job_id).toBe(result.jobId);
    expect(job.status).toBe('complete');
    expect(job.inputs['3']).toMatchObject({ status: 'filtered', records: 0 });
    expect(job.inputs['0']).toMatchObject({ status: 'done', records: 1, hash: expect.stringMatching(/^sha256:/) });
    const metadata = JSON.parse(readFileSync(path.join(artifactPath, 'job', 'metadata.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata.actual_num_records).toBe(9);
    const records = await factory.records();
    expect(records.map((record) => record.n).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(Object.keys(records[0]!).sort()).toEqual(['n', 'text']);
  });

  it('resume re-runs only unfinished or changed inputs, and drops the records of changed ones', async () => {
    const artifactPath = folder('changed');
    const calls: string[] = [];
    const factory = dataFactory(
      async (input: { word: string }) => {
        calls.push(input.word);
        return { word: input.word, length: input.word.length };
      },
      { artifactPath, jobName: 'words', batchSize: 2 },
    );
    const first = await factory.run([{ word: 'a' }, { word: 'bb' }, { word: 'ccc' }]);
    calls.length = 0;
    const same = await factory.resume(first.jobId);
    expect(calls).toEqual([]);
    expect(same.records).toHaveLength(3);
    const changed = await factory.resume(first.jobId, [{ word: 'a' }, { word: 'BBBB' }, { word: 'ccc' }, { word: 'dd' }]);
    expect(calls).toEqual(['BBBB', 'dd']);
    expect(changed.warnings.join(' ')).toMatch(/1 input\(s\) changed/);
    expect(changed.records.map((record) => record.word).sort()).toEqual(['BBBB', 'a', 'ccc', 'dd']);
  });

  it('writes the job files while the first calls run, hashing each input before the function can change it', async () => {
    const artifactPath = folder('mutating');
    const factory = dataFactory(
      async (input: { word: string }) => {
        const word = input.word;
        input.word = 'changed by the function';
        return { word };
      },
      { artifactPath, jobName: 'job', maxConcurrency: 2 },
    );
    const inputs = [{ word: 'a' }, { word: 'b' }, { word: 'c' }];
    const first = await factory.run(inputs);
    expect(first.records.map((record) => record.word)).toEqual(['a', 'b', 'c']);
    const stored = JSON.parse(readFileSync(path.join(first.jobPath!, 'factory_inputs.json'), 'utf8')) as unknown;
    expect(stored).toEqual([{ word: 'a' }, { word: 'b' }, { word: 'c' }]);
    // The ledger's hashes are of the inputs as given, so a resume with the stored inputs re-runs nothing.
    const resumed = await factory.resume(first.jobId);
    expect(resumed.resumed).toEqual({ restoredInputs: 3, retriedDeadLetters: 0, changedInputs: 0, orphanBatches: 0 });
  });

  it('calls may start before the job files exist, but no hook, progress or job id shows the job before they do', async () => {
    const artifactPath = folder('slow-creation');
    const original = LocalArtifactStorage.prototype.writeTextFile;
    const spy = jest.spyOn(LocalArtifactStorage.prototype, 'writeTextFile').mockImplementation(async function (this: LocalArtifactStorage, ...args) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return original.apply(this, args);
    });
    const ledger = () => path.join(artifactPath, 'job', FACTORY_JOB_FILE);
    const seen: string[] = [];
    let calledBeforeLedger = 0;
    try {
      const factory = dataFactory(
        async (n: number) => {
          if (!existsSync(ledger())) calledBeforeLedger++;
          return { n };
        },
        {
          artifactPath,
          jobName: 'job',
          maxConcurrency: 2,
          onRecordComplete: () => {
            seen.push(existsSync(ledger()) ? 'hook after ledger' : 'hook before ledger');
          },
          onProgress: () => {
            seen.push(existsSync(ledger()) && factory.jobId !== undefined ? 'progress after ledger' : 'progress before ledger');
          },
        },
      );
      const result = await factory.run([0, 1, 2, 3]);
      expect(factory.jobId).toBe(result.jobId);
    } finally {
      spy.mockRestore();
    }
    expect(calledBeforeLedger).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['hook after ledger', 'progress after ledger']));
    expect(seen).toHaveLength(8);
  });

  it('a job whose files cannot be written stops its run with that error and commits nothing', async () => {
    const artifactPath = folder('unwritable');
    const failure = new Error('disk full');
    const spy = jest.spyOn(LocalArtifactStorage.prototype, 'writeTextFile').mockImplementation(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw failure;
    });
    let calls = 0;
    try {
      const factory = dataFactory(
        async (n: number) => {
          calls++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { n };
        },
        { artifactPath, jobName: 'job', maxConcurrency: 2, batchSize: 1 },
      );
      await expect(factory.run(Array.from({ length: 200 }, (_, index) => index))).rejects.toBe(failure);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeLessThan(200);
    const job = path.join(artifactPath, 'job');
    expect(existsSync(path.join(job, 'parquet-files'))).toBe(false);
    expect(existsSync(path.join(job, 'factory_ledger.jsonl'))).toBe(false);
    expect(existsSync(path.join(job, FACTORY_JOB_FILE))).toBe(false);
    expect(existsSync(path.join(job, '.data_designer.lock'))).toBe(false);
  });

  it('deletes a batch file written after the last ledger commit (crash between the two writes)', async () => {
    const artifactPath = folder('orphan');
    const factory = dataFactory(async (n: number) => ({ n }), { artifactPath, jobName: 'orphan', batchSize: 2 });
    const first = await factory.run([1, 2, 3, 4]);
    const batches = path.join(artifactPath, 'orphan', 'parquet-files');
    copyFileSync(path.join(batches, 'batch_00000.parquet'), path.join(batches, 'batch_00007.parquet'));
    const resumed = await factory.resume(first.jobId);
    expect(resumed.warnings.join(' ')).toMatch(/Removed 1 batch file/);
    expect(resumed.records.map((record) => record.n).sort()).toEqual([1, 2, 3, 4]);
    expect(readdirSync(batches)).not.toContain('batch_00007.parquet');
  });

  it('two resumes of one job at once: one runs, the other is refused with DatasetLockedError; no duplicate record', async () => {
    const artifactPath = folder('double-resume');
    const slow = async (n: number) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { n };
    };
    const inputs = Array.from({ length: 40 }, (_, index) => index);
    const first = await dataFactory(slow, { artifactPath, jobName: 'job', targetCount: 10, batchSize: 5 }).run(inputs);
    const resumers = [0, 1].map(() => dataFactory(slow, { artifactPath, jobName: 'job', targetCount: 40, batchSize: 5 }));
    const outcomes = await Promise.allSettled(resumers.map((factory) => factory.resume(first.jobId)));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/is in use by process \d+ on host/);
    const done = outcomes.find((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<{ records: Array<{ n: number }> }>;
    expect(done.value.records).toHaveLength(40);
    expect(new Set(done.value.records.map((record) => record.n)).size).toBe(40);
    expect(existsSync(path.join(artifactPath, 'job', '.data_designer.lock'))).toBe(false);
  });

  it('listFactoryJobs summarises the job folders under an artifactPath and skips folders without a ledger', async () => {
    const artifactPath = folder('listing');
    mkdirSync(path.join(artifactPath, 'not-a-job'));
    writeFileSync(path.join(artifactPath, 'not-a-job', FACTORY_JOB_FILE), '{ broken');
    const factory = dataFactory(async (n: number) => (n === 2 ? null : { n }), { artifactPath, jobName: 'listed' });
    const first = await factory.run([0, 1, 2]);
    const jobs = await listFactoryJobs(artifactPath);
    expect(jobs).toEqual([
      {
        jobId: first.jobId,
        path: path.join(artifactPath, 'listed'),
        status: 'complete',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        inputCount: 3,
        finished: { done: 2, filtered: 1, duplicate: 0, 'dead-lettered': 0 },
        acceptedRecords: 2,
      },
    ]);
    expect(await factory.listJobs()).toEqual(jobs);
  });

  it('a second run never overwrites a job: it gets a sibling folder, and resume finds either by id', async () => {
    const artifactPath = folder('siblings');
    const factory = dataFactory(async (n: number) => ({ n }), { artifactPath, jobName: 'same' });
    const first = await factory.run([1]);
    const second = await factory.run([2, 3]);
    expect(second.jobPath).not.toBe(first.jobPath);
    expect((await factory.resume(first.jobId)).records).toEqual([{ n: 1 }]);
    await expect(factory.resume('no-such-job')).rejects.toThrow(/No data factory job with id 'no-such-job'/);
  });

  it('resumes after SIGKILLs to exactly the target count with no duplicate record', async () => {
    const artifactPath = folder('killed');
    const child = path.join(here, '__fixtures__', 'kill-child.mjs');
    let jobId = '-';
    // Kill the child at different moments, each resuming the same job, then finish in process.
    for (const acceptedBeforeKill of [25, 60, 100]) {
      await new Promise<void>((resolve, reject) => {
        const proc = spawn(process.execPath, [child, artifactPath, jobId], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        let pending = '';
        proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        proc.stdout.on('data', (chunk: Buffer) => {
          pending += chunk.toString();
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            const [word, id, accepted] = line.split(' ');
            if (word !== 'progress') continue;
            jobId = id ?? '';
            if (Number(accepted) >= acceptedBeforeKill) proc.kill('SIGKILL');
          }
        });
        proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child was not killed (${code}): ${stderr}`))));
      });
    }
    expect(jobId).not.toBe('-');
    const options = fixture.jobOptions(artifactPath);
    const factory = dataFactory(fixture.makeRecords, { ...options, onRecordComplete: fixture.onRecordComplete });
    const result = await factory.resume(jobId, fixture.jobInputs);
    expect(readdirSync(artifactPath)).toEqual([options.jobName]);
    expect(result.records).toHaveLength(options.targetCount);
    expect(new Set(result.records.map((record) => record.id)).size).toBe(options.targetCount);
    for (const record of result.records) expect(Number(record.n) % 5).not.toBe(0);
    const job = readJob(path.join(artifactPath, options.jobName));
    expect(job.status).toBe('complete');
    const ledgerRecords = Object.values(job.inputs).reduce((sum, entry) => sum + entry.records, 0);
    expect(ledgerRecords).toBe(options.targetCount);
    expect(job.batches.reduce((sum, batch) => sum + batch.rows, 0)).toBe(options.targetCount);
    const partial = path.join(artifactPath, options.jobName, 'tmp-partial-parquet-files');
    expect(existsSync(partial) ? readdirSync(partial) : []).toEqual([]);
    // The records of every input are stored whole (the 2-record inputs were not split by the kills).
    const byInput = new Map<number, number>();
    for (const record of result.records) byInput.set(Number(record.n), (byInput.get(Number(record.n)) ?? 0) + 1);
    for (const [n, count] of byInput) if (n % 7 === 0 && job.inputs[String(n)]?.records === 2) expect(count).toBe(2);
    // The filtered records were kept exactly once too, across the kills: one per filtered record the ledger counts.
    const filtered = await factory.filteredRecords();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((record) => Number(record.n) % 5 === 0)).toBe(true);
    expect(new Set(filtered.map((record) => record.id)).size).toBe(filtered.length);
    expect(filtered).toHaveLength(Object.values(job.inputs).reduce((sum, entry) => sum + (entry.rejected ?? 0), 0));
    expect(job.batches.reduce((sum, batch) => sum + (batch.rejected_rows ?? 0), 0)).toBe(filtered.length);
  }, 60_000);
});
