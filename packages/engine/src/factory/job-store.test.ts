import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { LocalArtifactStorage } from '../artifacts/local-artifact-storage.js';
import { dataFactory } from './data-factory.js';
import { DataFactoryError } from './factory-errors.js';
import { hashInput } from './hash-input.js';
import {
  FACTORY_INPUTS_FILE,
  FACTORY_JOB_FILE,
  FACTORY_JOB_FORMAT,
  INPUT_INDEX_COLUMN,
  type JobFile,
  JobStore,
  LEDGER_COMPACTION_MIN_BYTES,
  type LedgerEntry,
  readFactoryJob,
} from './job-store.js';
import { FACTORY_LEDGER_JOURNAL_FILE } from './ledger-journal.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dd-ledger-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const folder = (name: string) => {
  const directory = path.join(root, name);
  mkdirSync(directory, { recursive: true });
  return directory;
};

/** The header of a new job, as `run` writes it. */
const header = (jobId: string, inputCount: number): Omit<JobFile, 'job_name'> => ({
  format: FACTORY_JOB_FORMAT,
  job_id: jobId,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  status: 'running',
  target_count: null,
  input_count: inputCount,
  fn_fingerprint: 'not-the-function',
  batches: [],
  state: {},
  inputs: {},
});

const done = (input: number, batch: number): LedgerEntry => ({ hash: hashInput(input), status: 'done', records: 1, batch, attempts: 1 });

/** Commits inputs `from..to-1` as batch `batch`, one record `{ n }` each. */
const commitRange = (store: JobStore, from: number, to: number, batch: number, state: unknown = {}) => {
  const indices = Array.from({ length: to - from }, (_, offset) => from + offset);
  return store.commit(
    indices.map((index) => [index, done(index, batch)]),
    indices.map((index) => ({ n: index, [INPUT_INDEX_COLUMN]: index })),
    batch,
    state,
  );
};

/** The ledger fields that must survive any compaction (times move on). */
const durable = (job: JobFile) => ({ inputs: job.inputs, batches: job.batches, state: job.state, input_count: job.input_count, job_id: job.job_id });

describe('JobStore ledger: snapshot + append-only journal', () => {
  it('appends one line per commit to the journal and leaves the snapshot alone until it compacts', async () => {
    const artifactPath = folder('append');
    const store = await JobStore.create(artifactPath, 'job', header('append-job', 6), [0, 1, 2, 3, 4, 5]);
    const snapshot = readFileSync(path.join(store.location(), FACTORY_JOB_FILE), 'utf8');
    await commitRange(store, 0, 3, 0, { seen: 3 });
    await commitRange(store, 3, 6, 1, { seen: 3 });
    const journal = readFileSync(path.join(store.location(), FACTORY_LEDGER_JOURNAL_FILE), 'utf8').trimEnd().split('\n');
    expect(journal).toHaveLength(2);
    expect(Object.keys(JSON.parse(journal[0]!).inputs)).toEqual(['0', '1', '2']);
    // The second commit left the state as it was: the line does not repeat it.
    expect('state' in JSON.parse(journal[1]!)).toBe(false);
    expect(readFileSync(path.join(store.location(), FACTORY_JOB_FILE), 'utf8')).toBe(snapshot);
    const replayed = await readFactoryJob(store.location());
    expect(Object.keys(replayed.inputs)).toHaveLength(6);
    expect(replayed.batches).toEqual([
      { index: 0, rows: 3 },
      { index: 1, rows: 3 },
    ]);
    expect(replayed.state).toEqual({ seen: 3 });
    await store.close();
  });

  it("a run's final commit is written by finish's snapshot: before it, the commit is not in the ledger (its batch is an orphan)", async () => {
    const artifactPath = folder('final');
    const store = await JobStore.create(artifactPath, 'job', header('final-job', 4), [0, 1, 2, 3]);
    await commitRange(store, 0, 2, 0);
    await store.commit(
      [2, 3].map((index) => [index, done(index, 1)]),
      [2, 3].map((index) => ({ n: index, [INPUT_INDEX_COLUMN]: index })),
      1,
      { last: true },
      [],
      { final: true },
    );
    const journal = readFileSync(path.join(store.location(), FACTORY_LEDGER_JOURNAL_FILE), 'utf8').trimEnd().split('\n');
    expect(journal).toHaveLength(1);
    // A crash here: the ledger on disk lacks the final commit, so its batch is an orphan and inputs 2 and 3 re-run.
    const beforeFinish = await readFactoryJob(store.location());
    expect(Object.keys(beforeFinish.inputs)).toEqual(['0', '1']);
    expect(beforeFinish.batches).toEqual([{ index: 0, rows: 2 }]);
    await store.finish(Number.POSITIVE_INFINITY, 2, true);
    expect(existsSync(path.join(store.location(), FACTORY_LEDGER_JOURNAL_FILE))).toBe(false);
    const finished = await readFactoryJob(store.location());
    expect(Object.keys(finished.inputs)).toEqual(['0', '1', '2', '3']);
    expect(finished.batches).toEqual([
      { index: 0, rows: 2 },
      { index: 1, rows: 2 },
    ]);
    expect(finished.state).toEqual({ last: true });
    expect(finished.status).toBe('complete');
    const metadata = JSON.parse(readFileSync(path.join(store.location(), 'metadata.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata).toMatchObject({ actual_num_records: 4, total_num_batches: 2, data_factory_job_id: 'final-job' });
    await store.close();
  });

  it('compaction keeps the same ledger, and replaying a journal the snapshot already holds changes nothing', async () => {
    const artifactPath = folder('compact');
    const inputs = Array.from({ length: 40 }, (_, index) => index);
    const store = await JobStore.create(artifactPath, 'job', header('compact-job', inputs.length), inputs);
    for (let batch = 0; batch < 8; batch++) await commitRange(store, batch * 5, batch * 5 + 5, batch, { seen: batch * 5 + 5 });
    await store.dropEntries([7]);
    const location = store.location();
    const journalFile = path.join(location, FACTORY_LEDGER_JOURNAL_FILE);
    const before = await readFactoryJob(location);
    const savedJournal = path.join(root, 'saved-journal.jsonl');
    copyFileSync(journalFile, savedJournal);

    await store.finish(Number.POSITIVE_INFINITY, 5, false);
    expect(existsSync(journalFile)).toBe(false);
    const after = await readFactoryJob(location);
    expect(durable(after)).toEqual(durable(before));
    expect(after.inputs['7']).toBeUndefined();
    expect(after.batches.find((batch) => batch.index === 1)).toEqual({ index: 1, rows: 4 });

    // Killed after the snapshot was written but before the journal was emptied: the same ledger.
    copyFileSync(savedJournal, journalFile);
    expect(durable(await readFactoryJob(location))).toEqual(durable(before));
    await store.close();
  });

  it('compacts by itself once the journal outgrows the snapshot', async () => {
    const artifactPath = folder('auto-compact');
    const count = 12_000;
    const store = await JobStore.create(artifactPath, 'job', header('auto-job', count), []);
    const journalFile = path.join(store.location(), FACTORY_LEDGER_JOURNAL_FILE);
    let appended = 0;
    let size = 0;
    for (let start = 0; start < count; start += 1000) {
      const entries = Array.from({ length: 1000 }, (_, offset): [number, LedgerEntry] => [start + offset, done(start + offset, start / 1000)]);
      await store.commit(entries, [], start / 1000, { last: start });
      const now = existsSync(journalFile) ? statSync(journalFile).size : 0;
      appended += now >= size ? now - size : now;
      size = now;
    }
    // More was appended than the journal holds now: it was folded into the snapshot at least once.
    expect(appended).toBeGreaterThan(LEDGER_COMPACTION_MIN_BYTES);
    expect(size).toBeLessThan(appended);
    const job = await readFactoryJob(store.location());
    expect(Object.keys(job.inputs)).toHaveLength(count);
    expect(job.inputs['11999']).toEqual(done(11_999, 11));
    expect(job.state).toEqual({ last: 11_000 });
    await store.close();
  });

  it('resume ignores a torn last journal line: its batch is an orphan and its inputs run again', async () => {
    const artifactPath = folder('torn');
    const inputs = [0, 1, 2, 3, 4, 5, 6, 7];
    const store = await JobStore.create(artifactPath, 'job', header('torn-job', inputs.length), inputs);
    await commitRange(store, 0, 3, 0);
    await commitRange(store, 3, 6, 1);
    const location = store.location();
    await store.close();
    // A third commit whose batch reached the disk but whose journal line was cut by a crash.
    const storage = LocalArtifactStorage.openExisting(location);
    await storage.writeRowGroup(2, [
      { n: 6, [INPUT_INDEX_COLUMN]: 6 },
      { n: 7, [INPUT_INDEX_COLUMN]: 7 },
    ]);
    await storage.close();
    const line = JSON.stringify({ updated_at: new Date().toISOString(), inputs: { 6: done(6, 2), 7: done(7, 2) }, batches: [{ index: 2, rows: 2 }] });
    appendFileSync(path.join(location, FACTORY_LEDGER_JOURNAL_FILE), line.slice(0, Math.floor(line.length / 2)));

    expect(Object.keys((await readFactoryJob(location)).inputs)).toHaveLength(6);
    const calls: number[] = [];
    const factory = dataFactory(
      async (n: number) => {
        calls.push(n);
        return { n };
      },
      { artifactPath, jobName: 'job', batchSize: 2 },
    );
    const result = await factory.resume('torn-job');
    expect(calls.sort()).toEqual([6, 7]);
    expect(result.warnings.some((warning) => /Removed 1 batch file/.test(warning))).toBe(true);
    expect(result.records.map((record) => record.n).sort()).toEqual(inputs);
    const job = JSON.parse(readFileSync(path.join(location, FACTORY_JOB_FILE), 'utf8')) as JobFile;
    expect(Object.keys(job.inputs)).toHaveLength(8);
    expect(job.batches.reduce((sum, batch) => sum + batch.rows, 0)).toBe(8);
    expect(existsSync(path.join(location, FACTORY_LEDGER_JOURNAL_FILE))).toBe(false);
  });

  it('a bad line before the last one is a corrupt ledger, named by its line number', async () => {
    const artifactPath = folder('corrupt');
    const store = await JobStore.create(artifactPath, 'job', header('corrupt-job', 6), [0, 1, 2, 3, 4, 5]);
    await commitRange(store, 0, 3, 0);
    const location = store.location();
    await store.close();
    const journalFile = path.join(location, FACTORY_LEDGER_JOURNAL_FILE);
    const good = readFileSync(journalFile, 'utf8');
    writeFileSync(journalFile, `{"updated_at": "cut\n${good}`);
    await expect(readFactoryJob(location)).rejects.toThrow(/corrupt at line 1/);
    await expect(dataFactory(async (n: number) => ({ n }), { artifactPath, jobName: 'job' }).resume('corrupt-job')).rejects.toThrow(DataFactoryError);
  });

  it('resumes a job written in the one-file layout (format /1) and writes the new layout from then on', async () => {
    const artifactPath = folder('old-layout');
    const location = path.join(artifactPath, 'legacy');
    mkdirSync(location, { recursive: true });
    const inputs = [10, 11, 12, 13, 14];
    // A job folder as the one-file ledger left it: inputs 0 and 1 done in batch 0, no journal.
    writeFileSync(path.join(location, FACTORY_INPUTS_FILE), JSON.stringify(inputs));
    const storage = LocalArtifactStorage.openExisting(location);
    await storage.writeRowGroup(0, [
      { n: 10, [INPUT_INDEX_COLUMN]: 0 },
      { n: 11, [INPUT_INDEX_COLUMN]: 1 },
    ]);
    await storage.close();
    const old = {
      ...header('legacy-job', inputs.length),
      format: 'dd-data-factory/1',
      job_name: 'legacy',
      batches: [{ index: 0, rows: 2 }],
      state: { count: 2 },
      inputs: {
        0: { hash: hashInput(10), status: 'done', records: 1, batch: 0, attempts: 1 },
        1: { hash: hashInput(11), status: 'done', records: 1, batch: 0, attempts: 1 },
      },
    };
    writeFileSync(path.join(location, FACTORY_JOB_FILE), JSON.stringify(old));

    const calls: number[] = [];
    const seenState: unknown[] = [];
    const factory = dataFactory(
      async (n: number, context) => {
        calls.push(n);
        seenState.push(context.state.get('count'));
        return { n };
      },
      { artifactPath, jobName: 'legacy', batchSize: 1, initialState: { count: 0 } },
    );
    const result = await factory.resume('legacy-job');
    expect(calls.sort()).toEqual([12, 13, 14]);
    expect(seenState).toContain(2);
    expect(result.records.map((record) => record.n).sort()).toEqual(inputs);
    const job = JSON.parse(readFileSync(path.join(location, FACTORY_JOB_FILE), 'utf8')) as JobFile;
    expect(job.format).toBe(FACTORY_JOB_FORMAT);
    expect(job.status).toBe('complete');
    expect(Object.keys(job.inputs).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(job.inputs['0']).toEqual(old.inputs[0]);

    // The next resume reads the new layout: nothing runs again.
    calls.length = 0;
    const again = await factory.resume('legacy-job');
    expect(calls).toEqual([]);
    expect(again.records).toHaveLength(inputs.length);
  });
});
