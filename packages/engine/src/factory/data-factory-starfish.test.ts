// Starfish's data factory details through the public API: keyword input binding, lists of hooks, dead
// letters retried on resume, filtered/duplicate records kept and readable, the default job location.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  broadcast,
  DataFactoryError,
  dataFactory,
  defaultFactoryRoot,
  FACTORY_JOB_FILE,
  FACTORY_REJECTED_OUTPUT,
  FactoryHookError,
  type FactoryRecord,
  type JobFile,
} from '../index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dd-factory-starfish-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let home = '';
beforeEach(() => {
  // A fresh Data Designer home per test: the default location is never the real home.
  home = mkdtempSync(path.join(root, 'home-'));
  process.env.DATA_DESIGNER_HOME = home;
});

const fast = { retryBaseDelayMs: 1, retryMaxDelayMs: 2 };
const folder = (name: string) => {
  const directory = path.join(root, name);
  mkdirSync(directory, { recursive: true });
  return directory;
};
const readJob = (directory: string): JobFile => JSON.parse(readFileSync(path.join(directory, FACTORY_JOB_FILE), 'utf8')) as JobFile;
const byN = (a: FactoryRecord, b: FactoryRecord) => Number(a.n) - Number(b.n);

describe('input binding (Starfish run(data, **kwargs))', () => {
  it('zips keyword lists by position and gives scalars to every input', async () => {
    const seen: unknown[] = [];
    const factory = dataFactory(
      async (input: { topic: string; n: number }) => {
        seen.push(input);
        return { line: `${input.topic}×${input.n}` };
      },
      { storage: 'memory', maxConcurrency: 1 },
    );
    const result = await factory.run({ topic: ['cats', 'dogs', 'owls'], n: 3 });
    expect(seen).toEqual([
      { topic: 'cats', n: 3 },
      { topic: 'dogs', n: 3 },
      { topic: 'owls', n: 3 },
    ]);
    expect(result.records).toEqual([{ line: 'cats×3' }, { line: 'dogs×3' }, { line: 'owls×3' }]);
    expect(result.progress.inputsTotal).toBe(3);
  });

  it('merges data items with zipped and broadcast keywords (a keyword wins over a data field); broadcast() gives an array whole', async () => {
    const seen: unknown[] = [];
    const factory = dataFactory(
      async (input: { id: number; lang: string; tags: string[]; style: string }) => {
        seen.push(input);
        return { id: input.id };
      },
      { storage: 'memory', maxConcurrency: 1 },
    );
    await factory.run([{ id: 1, style: 'plain' }, { id: 2 }], { lang: ['en', 'fr'], tags: broadcast(['a', 'b']), style: 'formal' });
    expect(seen).toEqual([
      { id: 1, style: 'formal', lang: 'en', tags: ['a', 'b'] },
      { id: 2, lang: 'fr', tags: ['a', 'b'], style: 'formal' },
    ]);
  });

  it('scalars alone make one input; the bound inputs are stored, so resume(jobId) needs no inputs', async () => {
    const calls: unknown[] = [];
    const make = async (input: { city: string; n: number }) => {
      calls.push(input);
      return { city: input.city, n: input.n };
    };
    const one = await dataFactory(make, { storage: 'memory' }).run({ city: 'SF', n: 3 });
    expect(one.records).toEqual([{ city: 'SF', n: 3 }]);
    const factory = dataFactory(make, { targetCount: 1, maxConcurrency: 1 });
    const first = await factory.run({ city: ['SF', 'NYC'], n: 2 });
    expect(first.records).toEqual([{ city: 'SF', n: 2 }]);
    calls.length = 0;
    const resumed = await dataFactory(make, { targetCount: 2 }).resume(first.jobId);
    expect(calls).toEqual([{ city: 'NYC', n: 2 }]);
    expect(resumed.records.map((record) => record.city).sort()).toEqual(['NYC', 'SF']);
  });

  it('bad bindings are clear errors naming the lists and their lengths, and start no job', async () => {
    const factory = dataFactory(async (input: { topic: string; lang: string }) => ({ ...input }));
    await expect(factory.run({ topic: ['a', 'b'], lang: ['en'] })).rejects.toThrow(
      /Input lists must have the same length \(they are zipped by position\): topic has 2, lang has 1\./,
    );
    await expect(factory.run([{ topic: 'a' }, { topic: 'b' }, { topic: 'c' }], { lang: ['en', 'fr'] })).rejects.toThrow(/data has 3, lang has 2/);
    const notObjects = dataFactory(async (input: { n: number }) => ({ ...input }));
    const mixed: Array<{ n: number }> = JSON.parse('[{ "n": 1 }, 2]'); // A caller without types.
    await expect(notObjects.run(mixed, { n: 1 })).rejects.toThrow(/data\[1\] is a number; with keyword bindings every data item must be an object/);
    const caught = await factory.run(JSON.parse('42')).catch((error: unknown) => error);
    expect(DataFactoryError.isInstance(caught)).toBe(true);
    expect(String(caught)).toMatch(/run\(\) takes an array of inputs or an object of keyword bindings, got number/);
    expect(await factory.listJobs()).toEqual([]);
  });
});

describe('lists of hooks', () => {
  it('calls every onRecordComplete hook in order; duplicate wins over filtered; rejected records are counted', async () => {
    const calls: string[] = [];
    const factory = dataFactory(async (n: number) => ({ n }), {
      storage: 'memory',
      maxConcurrency: 1,
      onRecordComplete: [
        (record) => {
          calls.push(`first ${record.n}`);
          return record.n % 2 === 1 ? 'filtered' : undefined;
        },
        async (record, { inputIndex }) => {
          calls.push(`second ${record.n}@${inputIndex}`);
          return record.n === 3 ? 'duplicate' : 'accepted';
        },
      ],
    });
    const result = await factory.run([0, 1, 2, 3]);
    expect(calls).toEqual(['first 0', 'second 0@0', 'first 1', 'second 1@1', 'first 2', 'second 2@2', 'first 3', 'second 3@3']);
    expect(result.records).toEqual([{ n: 0 }, { n: 2 }]);
    expect(result.indices).toMatchObject({ done: [0, 2], filtered: [1], duplicate: [3] });
    expect(result.progress).toMatchObject({ filteredRecords: 1, duplicateRecords: 1 });
  });

  it('calls every onRecordError hook in order; a verdict of a later hook closes the input', async () => {
    const calls: string[] = [];
    let attempts = 0;
    const factory = dataFactory(
      async () => {
        attempts++;
        throw new Error('refused by policy');
      },
      {
        ...fast,
        storage: 'memory',
        onRecordError: [
          (error, input) => void calls.push(`log ${String(input)}: ${error.message}`),
          (error) => (error.message.includes('policy') ? 'filtered' : undefined),
        ],
      },
    );
    const result = await factory.run(['q']);
    expect(attempts).toBe(1);
    expect(calls).toEqual(['log q: refused by policy']);
    expect(result.indices.filtered).toEqual([0]);
  });

  it('a throwing hook is reported, not swallowed: FactoryHookError naming the hook and the input, dead-lettered after retries', async () => {
    const factory = dataFactory(async (n: number) => ({ n }), {
      ...fast,
      storage: 'memory',
      maxRetries: 1,
      onRecordComplete: [
        () => undefined,
        (record) => {
          if (record.n === 2) throw new Error('dedup index offline');
        },
      ],
    });
    const result = await factory.run([1, 2, 3]);
    expect(result.records.sort(byN)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(result.deadLetters).toEqual([
      { index: 1, input: 2, kind: 'FactoryHookError', attempts: 2, cause: 'Hook onRecordComplete[1] threw on input 1: dedup index offline' },
    ]);
    expect(result.warnings.join('\n')).toMatch(/2 hook error\(s\) failed attempts; the first: Hook onRecordComplete\[1\] threw on input 1/);
  });

  it('a hook returning something other than a verdict, or a throwing error hook, fails the attempt with a named error', async () => {
    const badVerdict = dataFactory(async (n: number) => ({ n }), {
      ...fast,
      storage: 'memory',
      maxRetries: 0,
      onRecordComplete: () => JSON.parse('"rejected"'), // A caller without types.
    });
    const first = await badVerdict.run([5]);
    expect(first.deadLetters[0]).toMatchObject({ kind: 'FactoryHookError', cause: 'Hook onRecordComplete returned "rejected" on input 0.' });
    const throwingErrorHook = dataFactory(
      async () => {
        throw new Error('model down');
      },
      {
        ...fast,
        storage: 'memory',
        maxRetries: 0,
        onRecordError: () => {
          throw new Error('logger broke');
        },
      },
    );
    const second = await throwingErrorHook.run(['x']);
    expect(second.deadLetters[0]).toMatchObject({ kind: 'FactoryHookError', cause: 'Hook onRecordError threw on input 0: logger broke' });
  });

  it('a throwing onProgress stops the run with FactoryHookError; the finished inputs are kept and resume does not redo them', async () => {
    const artifactPath = folder('progress-throws');
    const calls: number[] = [];
    let finished = 0;
    const make = async (n: number) => {
      calls.push(n);
      return { n };
    };
    const factory = dataFactory(make, {
      artifactPath,
      maxConcurrency: 1,
      onProgress: (progress) => {
        finished = progress.inputsFinished;
        if (progress.inputsFinished === 3) throw new Error('progress bar crashed');
      },
    });
    const failure = await factory.run([0, 1, 2, 3, 4, 5]).catch((error: unknown) => error);
    expect(FactoryHookError.isInstance(failure)).toBe(true);
    expect(String(failure)).toMatch(/Hook onProgress threw: progress bar crashed/);
    expect(finished).toBe(3);
    const jobId = factory.jobId!;
    expect(Object.keys(readJob(path.join(artifactPath, 'data-factory')).inputs).sort()).toEqual(['0', '1', '2']);
    calls.length = 0;
    const resumed = await dataFactory(make, { artifactPath }).resume(jobId);
    expect(calls).toEqual([3, 4, 5]);
    expect(resumed.records.sort(byN).map((record) => record.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(resumed.resumed).toEqual({ restoredInputs: 3, retriedDeadLetters: 0, changedInputs: 0, orphanBatches: 0 });
  });
});

describe('dead letters on resume', () => {
  it('resume retries dead-lettered inputs (Starfish re-runs every unfinished input) and counts them', async () => {
    const artifactPath = folder('dead-retry');
    let broken = true;
    const calls: number[] = [];
    const make = async (n: number) => {
      calls.push(n);
      if (broken && n % 2 === 1) throw new Error(`upstream 503 for ${n}`);
      return { n };
    };
    const options = { ...fast, artifactPath, maxRetries: 1, batchSize: 2 };
    const first = await dataFactory(make, options).run([0, 1, 2, 3, 4]);
    expect(first.deadLetters.map((letter) => letter.index)).toEqual([1, 3]);
    expect(first.records).toHaveLength(3);
    broken = false;
    calls.length = 0;
    const resumed = await dataFactory(make, options).resume(first.jobId);
    expect(calls.sort()).toEqual([1, 3]);
    expect(resumed.resumed).toEqual({ restoredInputs: 3, retriedDeadLetters: 2, changedInputs: 0, orphanBatches: 0 });
    expect(resumed.warnings).toContain('Retrying 2 dead-lettered input(s).');
    expect(resumed.deadLetters).toEqual([]);
    expect(resumed.progress.deadLettered).toBe(0);
    expect(resumed.records.sort(byN).map((record) => record.n)).toEqual([0, 1, 2, 3, 4]);
    expect(readJob(path.join(artifactPath, 'data-factory')).inputs['1']).toMatchObject({ status: 'done', records: 1 });
  });

  it('retryDeadLetters: false keeps them dead; a dead letter that fails again is dead-lettered again', async () => {
    const artifactPath = folder('dead-keep');
    const calls: number[] = [];
    const make = async (n: number) => {
      calls.push(n);
      if (n === 1) throw new Error('always broken');
      return { n };
    };
    const options = { ...fast, artifactPath, maxRetries: 0 };
    const first = await dataFactory(make, options).run([0, 1, 2]);
    calls.length = 0;
    const kept = await dataFactory(make, options).resume(first.jobId, { retryDeadLetters: false });
    expect(calls).toEqual([]);
    expect(kept.resumed?.retriedDeadLetters).toBe(0);
    expect(kept.deadLetters.map((letter) => letter.index)).toEqual([1]);
    const again = await dataFactory(make, options).resume(first.jobId);
    expect(calls).toEqual([1]);
    expect(again.resumed?.retriedDeadLetters).toBe(1);
    expect(again.deadLetters).toEqual([{ index: 1, input: 1, cause: 'always broken', kind: 'Error', attempts: 1 }]);
  });
});

describe('filtered and duplicate records are kept and readable', () => {
  const classify = (record: FactoryRecord) => (Number(record.n) % 3 === 0 ? 'duplicate' : Number(record.n) % 3 === 1 ? 'filtered' : 'accepted');

  it('in memory: filteredRecords(), duplicateRecords() and recordIndices() of the latest job', async () => {
    const factory = dataFactory(async (n: number) => [{ n }, { n: n + 100 }], { storage: 'memory', maxConcurrency: 1, onRecordComplete: classify });
    await factory.run([0, 1, 2]);
    expect(await factory.records()).toEqual([{ n: 101 }, { n: 2 }]);
    expect(await factory.recordIndices('accepted')).toEqual([1, 2]);
    expect(await factory.filteredRecords()).toEqual([{ n: 100 }, { n: 1 }]);
    expect(await factory.recordIndices('filtered')).toEqual([0, 1]);
    expect(await factory.duplicateRecords()).toEqual([{ n: 0 }, { n: 102 }]);
    expect(await factory.recordIndices('duplicate')).toEqual([0, 2]);
  });

  it('persisted: written beside the dataset, read back, and still there (with the new ones) after a resume', async () => {
    const artifactPath = folder('rejected');
    const make = async (n: number) => ({ n, text: `t${n}` });
    const options = { artifactPath, jobName: 'job', maxConcurrency: 1, batchSize: 2, onRecordComplete: classify };
    const first = await dataFactory(make, { ...options, targetCount: 2 }).run([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(first.records.sort(byN)).toEqual([
      { n: 2, text: 't2' },
      { n: 5, text: 't5' },
    ]);
    const jobPath = path.join(artifactPath, 'job');
    expect(readdirSync(path.join(jobPath, 'processors-files', FACTORY_REJECTED_OUTPUT)).length).toBeGreaterThan(0);
    const job = readJob(jobPath);
    expect(job.inputs['1']).toMatchObject({ status: 'filtered', records: 0, rejected: 1 });
    expect(job.batches.reduce((sum, batch) => sum + (batch.rejected_rows ?? 0), 0)).toBe(4);

    const reader = dataFactory(make, { ...options, targetCount: 3 });
    const resumed = await reader.resume(first.jobId, { inputs: [0, 1, 2, 3, 4, 5, 6, 7, 8] });
    expect(resumed.records).toHaveLength(3);
    expect((await reader.filteredRecords()).sort(byN)).toEqual([1, 4, 7].map((n) => ({ n, text: `t${n}` })));
    expect((await reader.duplicateRecords()).sort(byN)).toEqual([0, 3, 6].map((n) => ({ n, text: `t${n}` })));
    expect((await reader.recordIndices('duplicate')).sort()).toEqual([0, 3, 6]);
    // The accepted dataset holds none of them.
    expect((await reader.records()).map((record) => record.n).sort()).toEqual([2, 5, 8]);
  });

  it('a changed input drops its rejected records; a rejected batch written after the last commit is an orphan', async () => {
    const artifactPath = folder('rejected-changed');
    const make = async (input: { n: number }) => ({ n: input.n });
    const options = { artifactPath, jobName: 'job', maxConcurrency: 1, onRecordComplete: classify };
    const first = await dataFactory(make, options).run([{ n: 0 }, { n: 1 }, { n: 2 }]);
    const rejectedFolder = path.join(artifactPath, 'job', 'processors-files', FACTORY_REJECTED_OUTPUT);
    copyFileSync(path.join(rejectedFolder, 'batch_00000.parquet'), path.join(rejectedFolder, 'batch_00004.parquet'));
    const factory = dataFactory(make, options);
    const resumed = await factory.resume(first.jobId, [{ n: 0 }, { n: 5 }, { n: 2 }]);
    expect(resumed.resumed).toMatchObject({ changedInputs: 1, orphanBatches: 1 });
    expect(existsSync(path.join(rejectedFolder, 'batch_00004.parquet'))).toBe(false);
    expect(await factory.filteredRecords()).toEqual([]);
    expect(await factory.duplicateRecords()).toEqual([{ n: 0 }]);
    expect((await factory.records()).map((record) => record.n).sort()).toEqual([2, 5]);
  });
});

describe('default persisted location', () => {
  it('without artifactPath a job lives in <DATA_DESIGNER_HOME>/factory/<job id> and any factory resumes it by id', async () => {
    const make = async (n: number) => ({ n });
    const first = await dataFactory(make, { targetCount: 2, maxConcurrency: 1 }).run([0, 1, 2, 3]);
    expect(defaultFactoryRoot()).toBe(path.join(home, 'factory'));
    expect(first.jobPath).toBe(path.join(home, 'factory', first.jobId));
    expect(readJob(first.jobPath!).job_id).toBe(first.jobId);
    const other = dataFactory(make, { targetCount: 4 });
    const jobs = await other.listJobs();
    expect(jobs).toEqual([
      expect.objectContaining({
        jobId: first.jobId,
        path: first.jobPath,
        status: 'complete',
        inputCount: 4,
        acceptedRecords: 2,
        finished: { done: 2, filtered: 0, duplicate: 0, 'dead-lettered': 0 },
      }),
    ]);
    const resumed = await other.resume(first.jobId);
    expect(resumed.records.sort(byN)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(resumed.jobPath).toBe(first.jobPath);
  });

  it('any factory reads a stored job by id without running it (read-only: dead letters stay for the next resume)', async () => {
    const first = await dataFactory(async (n: number) => (n === 1 ? Promise.reject(new Error('down')) : { n }), {
      ...fast,
      maxRetries: 0,
      onRecordComplete: (record) => (record.n === 2 ? 'filtered' : 'accepted'),
    }).run([0, 1, 2, 3]);
    const calls: number[] = [];
    const reader = dataFactory(async (n: number) => {
      calls.push(n);
      return { n };
    });
    expect((await reader.records(first.jobId)).sort(byN)).toEqual([{ n: 0 }, { n: 3 }]);
    expect((await reader.recordIndices('accepted', first.jobId)).sort()).toEqual([0, 3]);
    expect(await reader.filteredRecords(first.jobId)).toEqual([{ n: 2 }]);
    expect(await reader.duplicateRecords(first.jobId)).toEqual([]);
    expect(calls).toEqual([]);
    expect(reader.jobId).toBeUndefined();
    const resumed = await reader.resume(first.jobId);
    expect(calls).toEqual([1]);
    expect(resumed.resumed?.retriedDeadLetters).toBe(1);
    await expect(reader.records('no-such-job')).rejects.toThrow(/No data factory job with id 'no-such-job'/);
    await expect(dataFactory(async (n: number) => ({ n }), { storage: 'memory' }).filteredRecords(first.jobId)).rejects.toThrow(
      /a factory with storage: 'memory' keeps no job/,
    );
  });

  it('bad jobs and options are clear errors naming what and where', async () => {
    const make = async (n: number) => ({ n });
    await expect(dataFactory(make).resume('no-such-job')).rejects.toThrow(`No data factory job with id 'no-such-job' under ${path.join(home, 'factory')}.`);
    await expect(dataFactory(make, { storage: 'memory' }).resume('any')).rejects.toThrow(/a factory with storage: 'memory' keeps no job to resume/);
    expect(() => dataFactory(make, { storage: 'memory', artifactPath: root })).toThrow(/storage: 'memory' and artifactPath \(.*\) exclude each other/);
    expect(() => dataFactory(make, { storage: JSON.parse('"disk"') })).toThrow(/storage must be 'local' or 'memory', got "disk"/);
    await expect(dataFactory(make).resume('any', JSON.parse('"inputs"'))).rejects.toThrow(
      /the second argument must be the inputs \(an array\) or \{ inputs\?, retryDeadLetters\? \}/,
    );
    const job = await dataFactory(make).run([1, 2]);
    const inputsFile = path.join(job.jobPath!, 'factory_inputs.json');
    writeFileSync(inputsFile, '[1, 2');
    // Named file, and the lock is released: the same error again, not "in use".
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(dataFactory(make).resume(job.jobId)).rejects.toThrow(`${inputsFile} is corrupt`);
    }
    expect((await dataFactory(make).resume(job.jobId, [1, 2])).records).toHaveLength(2);
    rmSync(path.join(home, 'factory'), { recursive: true });
    const memory = await dataFactory(make, { storage: 'memory' }).run([1]);
    expect(memory.jobPath).toBeUndefined();
    expect(existsSync(path.join(home, 'factory'))).toBe(false);
  });
});
