import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { dataDesignerHome, type EnvironmentVariables } from '@dd/config/core';
import { batchFileName, parseBatchFileName } from '../artifacts/artifact-layout.js';
import { duckdbApiFile } from '../artifacts/duckdb-api.js';
import { LocalArtifactStorage } from '../artifacts/local-artifact-storage.js';
import { preloadInSlices } from '../optional-packages/preload-in-slices.js';
import { DataFactoryError } from './factory-errors.js';
import type { FactoryRecord, InputStatus } from './factory-types.js';
import {
  appendJournalRecord,
  applyJournalRecord,
  FACTORY_LEDGER_JOURNAL_FILE,
  readJournal,
  type JournalContents,
  type JournalRecord,
} from './ledger-journal.js';

/**
 * Snapshot of the job ledger in the job folder (written atomically at creation, at each compaction and at
 * the end of a run); the commits since are lines of `factory_ledger.jsonl`.
 */
export const FACTORY_JOB_FILE = 'factory_job.json';
/** Snapshot format written since the ledger became snapshot + journal (`/1`: one file rewritten at every commit). */
export const FACTORY_JOB_FORMAT = 'dd-data-factory/2';
/** The journal is folded into a new snapshot once it outgrows the snapshot and this many bytes. */
export const LEDGER_COMPACTION_MIN_BYTES = 1 << 20;
/** The inputs of the job, written once so `resume(jobId)` works without them. */
export const FACTORY_INPUTS_FILE = 'factory_inputs.json';
/** Column added to every stored record: index of the input that produced it. */
export const INPUT_INDEX_COLUMN = '_dd_input_index';
/** Column of the rejected-records output: `filtered` or `duplicate`. */
export const RECORD_STATUS_COLUMN = '_dd_record_status';
/**
 * Processor-output name of the records a hook rejected (`processors-files/data_factory_rejected/batch_NNNNN.parquet`,
 * the same batch number as the accepted records of the commit): kept so they stay readable.
 */
export const FACTORY_REJECTED_OUTPUT = 'data_factory_rejected';
/** Folder under the Data Designer home where jobs without an `artifactPath` live (`<home>/factory/<job id>`). */
export const FACTORY_HOME_FOLDER = 'factory';

/** A record stored with its input index and, for rejected records, its status. */
export type StoredRow = Record<string, unknown>;

/** Summary of one job folder, as `listFactoryJobs` reports it. */
export interface FactoryJobSummary {
  /** Id given by `run`. */
  jobId: string;
  /** Job folder. */
  path: string;
  /** `complete` once the target or every input was reached. */
  status: JobFile['status'];
  /** ISO time of creation. */
  createdAt: string;
  /** ISO time of the last ledger commit. */
  updatedAt: string;
  /** Inputs of the job. */
  inputCount: number;
  /** Inputs finished, by status. */
  finished: Record<InputStatus, number>;
  /** Accepted records stored. */
  acceptedRecords: number;
}

/** Ledger line of one finished input. */
export interface LedgerEntry {
  /** `hashInput(input)` when it ran. */
  hash: string;
  /** Final status. */
  status: InputStatus;
  /** Accepted records stored for it. */
  records: number;
  /** Filtered and duplicate records stored for it (in the rejected output); absent = 0. */
  rejected?: number;
  /** Batch number holding its accepted and rejected records (absent when it has none). */
  batch?: number;
  /** Last error message (dead-lettered inputs). */
  cause?: string;
  /** Last error kind (dead-lettered inputs). */
  kind?: string;
  /** Attempts made. */
  attempts: number;
}

/** Contents of `factory_job.json`. */
export interface JobFile {
  /** `/1` jobs (written before the journal) resume and are rewritten as `/2` when opened for writing. */
  format: 'dd-data-factory/1' | typeof FACTORY_JOB_FORMAT;
  job_id: string;
  job_name: string;
  created_at: string;
  updated_at: string;
  status: 'running' | 'complete';
  /** Accepted records wanted; null = every input. */
  target_count: number | null;
  input_count: number;
  /** sha256 of the function source: resume warns when it changed (functions are never serialized). */
  fn_fingerprint: string;
  /**
   * Batches the ledger refers to (`rows` accepted records in `parquet-files/`, `rejected_rows` in the rejected
   * output); any other batch file is an orphan of a crash and is deleted.
   */
  batches: Array<{ index: number; rows: number; rejected_rows?: number }>;
  /** Shared state at the last commit. */
  state: unknown;
  /** Input index → ledger entry. */
  inputs: Record<string, LedgerEntry>;
}

/**
 * Persists a factory job through the artifact layer: parquet batches + a ledger kept as a snapshot
 * (`factory_job.json`) and an append-only journal (`factory_ledger.jsonl`, one fsync'd line per commit).
 */
export class JobStore {
  private queue: Promise<unknown> = Promise.resolve();
  /** Bytes of the snapshot last written (or read). */
  private snapshotBytes = 0;
  /** Bytes appended to the journal since the snapshot. */
  private journalBytes = 0;
  /** JSON of the state last persisted: a commit whose state did not change does not repeat it. */
  private persistedState: string | undefined;
  /** Settles when the job's files exist on disk (at once for an opened job; see `start`). */
  ready: Promise<void> = Promise.resolve();

  private constructor(
    /** The artifact storage of the job folder. */
    readonly storage: LocalArtifactStorage,
    /** The ledger as last committed. */
    readonly job: JobFile,
    sizes: { snapshotBytes: number; journalBytes: number } = { snapshotBytes: 0, journalBytes: 0 },
  ) {
    this.snapshotBytes = sizes.snapshotBytes;
    this.journalBytes = sizes.journalBytes;
    this.persistedState = JSON.stringify(job.state);
  }

  /**
   * Creates a new job folder (`jobName`, or a timestamped sibling when it holds something), claimed
   * exclusively and locked for the life of the run, and waits for its inputs file and first ledger snapshot.
   */
  static async create(artifactPath: string, jobName: string, job: Omit<JobFile, 'job_name'>, inputs: readonly unknown[]): Promise<JobStore> {
    const store = await JobStore.start(artifactPath, jobName, job, inputs);
    try {
      await store.ready;
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Like `create`, but returns once the folder is claimed and locked and the inputs are serialized: the
   * inputs file and the first ledger snapshot are written behind, while the run's first calls are out
   * (they need neither). `ready` settles when they are on disk; every commit and `finish` waits for it,
   * and if it fails they all fail with its error (nothing is ever committed to a job without a ledger).
   */
  static async start(artifactPath: string, jobName: string, job: Omit<JobFile, 'job_name'>, inputs: readonly unknown[]): Promise<JobStore> {
    const storage = new LocalArtifactStorage({ artifactPath, datasetName: jobName, resume: 'never' });
    storage.resolveDatasetDirectory({ reuse: false, lock: true });
    const store = new JobStore(storage, { ...job, job_name: storage.resolvedDatasetName() });
    let inputsText: string;
    try {
      // Serialized now, before any call can change an input.
      inputsText = JSON.stringify(inputs);
    } catch (error) {
      await storage.close();
      throw error;
    }
    const ready = (async () => {
      await storage.writeTextFile(FACTORY_INPUTS_FILE, inputsText);
      await store.compact();
    })();
    // Handled here; reported through `ready` and every later task (see `enqueue`).
    store.queue = ready.catch(() => undefined);
    store.ready = ready;
    // DuckDB (first needed by the first batch) loads while the run's first calls are out, once the job's
    // files are written, a few ms at a time: loaded in one piece it blocks the event loop for ~0.1 s,
    // which held the first results (they wait for the files) and the next calls. Its instance is created
    // once the package is loaded.
    ready.then(
      () => preloadInSlices(duckdbApiFile(), import.meta.url, { onDone: () => storage.warmUpSoon() }),
      () => undefined,
    );
    return store;
  }

  /**
   * Opens the job `jobId` for a resume: looks in `preferredName` first, then in every folder of
   * `artifactPath`. Takes the job folder's run lock: a second resume of the same job at once gets
   * `DatasetLockedError`.
   */
  static async open(artifactPath: string, jobId: string, preferredName: string, options: { lock?: boolean } = {}): Promise<JobStore> {
    const root = path.resolve(artifactPath);
    const names = [preferredName, jobId, ...(await readdir(root).catch(() => [] as string[])).filter((name) => name !== preferredName && name !== jobId)];
    for (const name of names) {
      const folder = path.join(root, name);
      const file = path.join(folder, FACTORY_JOB_FILE);
      if (!existsSync(file)) continue;
      if (parseJobFile(await readFile(file, 'utf8'), file).job_id !== jobId) continue;
      if (options.lock === false) {
        const ledger = await readLedger(folder);
        return new JobStore(LocalArtifactStorage.openExisting(folder), ledger.job, ledger);
      }
      const storage = new LocalArtifactStorage({ artifactPath: root, datasetName: name, resume: 'always' });
      storage.resolveDatasetDirectory({ reuse: true, required: true, lock: true });
      try {
        // Reread under the lock: the ledger may have moved on while another resume held it.
        const ledger = await readLedger(folder);
        const store = new JobStore(storage, ledger.job, ledger);
        // A torn last line (cut by a crash) must not sit before the next append, and an old one-file ledger
        // is rewritten as `/2` so no older reader takes the journal's commits for absent: fold both into a
        // new snapshot now.
        if (ledger.journal.totalBytes > ledger.journal.validBytes || ledger.job.format !== FACTORY_JOB_FORMAT) await store.compact();
        return store;
      } catch (error) {
        await storage.close();
        throw error;
      }
    }
    throw new DataFactoryError(`No data factory job with id '${jobId}' under ${root}.`, {
      fix: 'Pass the jobId printed by run() and the same artifactPath.',
    });
  }

  /** Absolute job folder. */
  location(): string {
    return this.storage.datasetLocation();
  }

  /** The inputs stored when the job was created. */
  async readInputs(): Promise<unknown[]> {
    const file = path.join(this.location(), FACTORY_INPUTS_FILE);
    const text = await this.storage.readTextFile(FACTORY_INPUTS_FILE);
    if (text === undefined) throw new DataFactoryError(`${file} is missing.`, { fix: 'Pass the inputs to resume(jobId, inputs).' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new DataFactoryError(`${file} is corrupt (${cause instanceof Error ? cause.message : String(cause)}).`, {
        cause,
        fix: 'Pass the inputs to resume(jobId, inputs), or restore the file.',
      });
    }
    if (!Array.isArray(parsed)) throw new DataFactoryError(`${file} does not hold a JSON array.`, { fix: 'Pass the inputs to resume(jobId, inputs).' });
    return parsed;
  }

  /** Deletes partial files and batch files (accepted or rejected) the ledger does not list (written just before a crash). */
  async removeOrphans(): Promise<number> {
    await this.storage.clearPartialResults();
    const known = new Set(this.job.batches.map((batch) => batch.index));
    const names = await readdir(this.storage.folder('final')).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const index = parseBatchFileName(name);
      if (index !== undefined && !known.has(index)) {
        await this.storage.removeRowGroup(index);
        removed++;
      }
    }
    const rejectedFolder = this.rejectedFolder();
    for (const name of await readdir(rejectedFolder).catch(() => [] as string[])) {
      const index = parseBatchFileName(name);
      // Unfinished temp files of an interrupted write are orphans too.
      if (index === undefined ? name.endsWith('.tmp') : !known.has(index)) {
        await rm(path.join(rejectedFolder, name), { force: true });
        if (index !== undefined) removed++;
      }
    }
    return removed;
  }

  /** Folder of the rejected (filtered and duplicate) records. */
  private rejectedFolder(): string {
    return path.join(this.storage.folder('processors'), FACTORY_REJECTED_OUTPUT);
  }

  /** Forgets ledger entries (changed or vanished inputs) and rewrites their batches without their records. */
  async dropEntries(indices: readonly number[]): Promise<void> {
    if (indices.length === 0) return;
    const affected = new Set<number>();
    for (const index of indices) {
      const entry = this.job.inputs[index];
      if (entry?.batch !== undefined) affected.add(entry.batch);
      delete this.job.inputs[index];
    }
    const record: JournalRecord = { updated_at: new Date().toISOString(), dropped_inputs: [...indices], batches: [] };
    if (affected.size > 0) {
      const rows = await this.storage.readDataset();
      const rejected = await this.readRejectedRows();
      const keptBy = (batch: number) => (row: StoredRow) => this.job.inputs[String(row[INPUT_INDEX_COLUMN])]?.batch === batch;
      for (const batch of affected) {
        const keep = rows.filter(keptBy(batch));
        const keepRejected = rejected.filter(keptBy(batch));
        if (keep.length > 0) await this.storage.writeRowGroup(batch, keep);
        else await this.storage.removeRowGroup(batch);
        if (keepRejected.length > 0) await this.storage.writeProcessorOutput(FACTORY_REJECTED_OUTPUT, keepRejected, batch);
        else await rm(path.join(this.rejectedFolder(), batchFileName(batch)), { force: true });
        record.batches?.push(batchEntry(batch, keep.length, keepRejected.length));
      }
    }
    await this.enqueue(() => this.append(record));
  }

  /** Next unused batch number. */
  nextBatchIndex(): number {
    return this.job.batches.reduce((max, batch) => Math.max(max, batch.index + 1), 0);
  }

  /**
   * Commits finished inputs: writes their records as one parquet batch (atomic), then one journal line
   * (fsync'd). A crash between the two, or one that tears the line, leaves an orphan batch that
   * `removeOrphans` deletes; its inputs re-run. `final`: the run's last commit, followed by `finish`,
   * whose snapshot holds it: its line is applied to the ledger in memory but not appended (one fsync'd
   * write less at the end of a run; a crash before the snapshot leaves an orphan batch, as above).
   */
  commit(
    entries: ReadonlyArray<[number, LedgerEntry]>,
    rows: readonly FactoryRecord[],
    batch: number,
    state: unknown,
    rejectedRows: readonly FactoryRecord[] = [],
    options: { final?: boolean } = {},
  ): Promise<void> {
    return this.enqueue(async () => {
      if (rows.length > 0) await this.storage.writeRowGroup(batch, rows);
      if (rejectedRows.length > 0) await this.storage.writeProcessorOutput(FACTORY_REJECTED_OUTPUT, rejectedRows, batch);
      const record: JournalRecord = {
        updated_at: new Date().toISOString(),
        inputs: Object.fromEntries(entries.map(([index, entry]) => [String(index), entry])),
      };
      if (rows.length > 0 || rejectedRows.length > 0) record.batches = [batchEntry(batch, rows.length, rejectedRows.length)];
      const stateJson = JSON.stringify(state);
      if (stateJson !== this.persistedState) record.state = state;
      if (options.final) applyJournalRecord(this.job, record);
      else await this.append(record);
    });
  }

  /**
   * Marks the job complete and writes the dataset progress fields to `metadata.json`. `releaseDuckDB`:
   * nothing reads the batches afterwards, so DuckDB's instance closes while the files are written.
   */
  async finish(targetCount: number, batchSize: number, complete: boolean, options: { releaseDuckDB?: boolean } = {}): Promise<void> {
    await this.enqueue(async () => {
      this.job.status = complete ? 'complete' : 'running';
      this.job.target_count = Number.isFinite(targetCount) ? targetCount : null;
      this.job.updated_at = new Date().toISOString();
      const stored = this.job.batches.reduce((sum, batch) => sum + batch.rows, 0);
      // One metadata write holding the job id with the progress fields (the defaults are merged under them).
      this.storage.setMetadataDefaults({ data_factory_job_id: this.job.job_id });
      // The snapshot and metadata.json are separate files, each written atomically: written side by side.
      // The ledger lists exactly the batch files on disk: no need to read every parquet footer again.
      // metadata.json first: its reads are in flight while the snapshot is serialized.
      const written = Promise.all([
        this.storage.writeProgressMetadata({
          targetNumRecords: Number.isFinite(targetCount) ? targetCount : stored,
          bufferSize: batchSize,
          actualNumRecords: stored,
          totalNumBatches: this.job.batches.filter((batch) => batch.rows > 0).length,
        }),
        this.compact(),
      ]);
      if (options.releaseDuckDB) await this.storage.releaseDuckDB().catch(() => undefined);
      await written;
    });
  }

  /** Stored records (with the input index column) in batch order. */
  readRows(): Promise<StoredRow[]> {
    return this.storage.readDataset();
  }

  /** Filtered and duplicate records (with the input index and status columns) in batch order; [] when none. */
  async readRejectedRows(): Promise<StoredRow[]> {
    if (!this.job.batches.some((batch) => (batch.rejected_rows ?? 0) > 0)) return [];
    return this.storage.readProcessorOutput(FACTORY_REJECTED_OUTPUT);
  }

  /** Releases DuckDB and the job folder's lock. */
  close(): Promise<void> {
    return this.storage.close();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    // After a failed creation (`start`), every task fails with its error.
    const next = this.queue.then(async () => {
      await this.ready;
      return task();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Applies a journal line to the ledger in memory, appends it, and compacts once the journal outgrew the snapshot. */
  private async append(record: JournalRecord): Promise<void> {
    applyJournalRecord(this.job, record);
    this.journalBytes += await appendJournalRecord(path.join(this.location(), FACTORY_LEDGER_JOURNAL_FILE), record);
    if ('state' in record) this.persistedState = JSON.stringify(record.state);
    if (this.journalBytes > Math.max(this.snapshotBytes, LEDGER_COMPACTION_MIN_BYTES)) await this.compact();
  }

  /**
   * Writes the whole ledger as a new snapshot (atomic), then empties the journal. A crash in between is
   * harmless: replaying lines the snapshot already holds changes nothing.
   */
  private async compact(): Promise<void> {
    this.job.format = FACTORY_JOB_FORMAT;
    const text = JSON.stringify(this.job);
    await this.storage.writeTextFile(FACTORY_JOB_FILE, text);
    await rm(path.join(this.location(), FACTORY_LEDGER_JOURNAL_FILE), { force: true });
    this.snapshotBytes = Buffer.byteLength(text);
    this.journalBytes = 0;
    this.persistedState = JSON.stringify(this.job.state);
  }
}

/** A `batches` line: `rejected_rows` only when there are some (older ledgers never have it). */
function batchEntry(index: number, rows: number, rejectedRows: number): JobFile['batches'][number] {
  return rejectedRows > 0 ? { index, rows, rejected_rows: rejectedRows } : { index, rows };
}

/** `<DATA_DESIGNER_HOME or ~/.data-designer>/factory`: the root of jobs run without an `artifactPath`. */
export function defaultFactoryRoot(env: EnvironmentVariables = process.env): string {
  return path.join(dataDesignerHome(env), FACTORY_HOME_FOLDER);
}

/**
 * Jobs stored under `artifactPath` (default: the Data Designer home's `factory` folder), newest first.
 * Folders without a readable ledger are skipped.
 */
export async function listFactoryJobs(artifactPath: string = defaultFactoryRoot()): Promise<FactoryJobSummary[]> {
  const root = path.resolve(artifactPath);
  const jobs: FactoryJobSummary[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    let job: JobFile;
    try {
      job = (await readLedger(path.join(root, name))).job;
    } catch {
      continue;
    }
    const finished: Record<InputStatus, number> = { done: 0, filtered: 0, duplicate: 0, 'dead-lettered': 0 };
    for (const entry of Object.values(job.inputs)) finished[entry.status]++;
    jobs.push({
      jobId: job.job_id,
      path: path.join(root, name),
      status: job.status,
      createdAt: job.created_at,
      updatedAt: job.updated_at,
      inputCount: job.input_count,
      finished,
      acceptedRecords: job.batches.reduce((sum, batch) => sum + batch.rows, 0),
    });
  }
  return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The ledger of a job folder as of its last commit: the snapshot with the journal replayed over it. */
export async function readFactoryJob(jobFolder: string): Promise<JobFile> {
  return (await readLedger(jobFolder)).job;
}

/** Snapshot + journal replay, with the sizes the store needs to decide when to compact. */
async function readLedger(jobFolder: string): Promise<{ job: JobFile; journal: JournalContents; snapshotBytes: number; journalBytes: number }> {
  const file = path.join(jobFolder, FACTORY_JOB_FILE);
  const text = await readFile(file, 'utf8');
  const job = parseJobFile(text, file);
  const journal = await readJournal(path.join(jobFolder, FACTORY_LEDGER_JOURNAL_FILE));
  for (const record of journal.records) applyJournalRecord(job, record);
  return { job, journal, snapshotBytes: Buffer.byteLength(text), journalBytes: journal.validBytes };
}

/** Parses `factory_job.json`, rejecting anything that is not a job ledger. */
function parseJobFile(text: string, file: string): JobFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new DataFactoryError(`${file} is corrupt.`, { cause, fix: 'Restore the file or start a new job.' });
  }
  const job = parsed as Partial<JobFile> | null;
  if (
    (job?.format !== 'dd-data-factory/1' && job?.format !== FACTORY_JOB_FORMAT) ||
    typeof job.job_id !== 'string' ||
    typeof job.inputs !== 'object' ||
    job.inputs === null ||
    !Array.isArray(job.batches)
  ) {
    throw new DataFactoryError(`${file} is not a data factory job file.`);
  }
  return job as JobFile;
}
