import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { bindInputs } from './bind-inputs.js';
import { DataFactoryError } from './factory-errors.js';
import { FactoryState, type StateValues } from './factory-state.js';
import type {
  DataFactory,
  DataFactoryOptions,
  FactoryFunction,
  FactoryRecord,
  FactoryRunResult,
  InputBindings,
  RecordVerdict,
  ResumeOptions,
} from './factory-types.js';
import { executeRun, type MemorySink, type ResolvedOptions, type RunPlan } from './execute-run.js';
import { InputHashes } from './hash-input.js';
import {
  defaultFactoryRoot,
  FACTORY_JOB_FORMAT,
  INPUT_INDEX_COLUMN,
  JobStore,
  listFactoryJobs,
  RECORD_STATUS_COLUMN,
  type LedgerEntry,
  type StoredRow,
} from './job-store.js';
import { queuedFactoryRunner } from '../distributed/factory-queue.js';

/** Default job folder name. */
export const DEFAULT_FACTORY_JOB_NAME = 'data-factory';

function resolveOptions<I, R extends FactoryRecord, S extends StateValues>(options: DataFactoryOptions<I, R, S>): ResolvedOptions<I, R, S> {
  const resolved = {
    ...options,
    maxConcurrency: options.maxConcurrency ?? 16,
    taskTimeoutMs: options.taskTimeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    retryMaxDelayMs: options.retryMaxDelayMs ?? 30_000,
    deadLetterThreshold: options.deadLetterThreshold ?? 1,
    batchSize: options.batchSize ?? 100,
    flushIntervalMs: options.flushIntervalMs ?? 2000,
  };
  const positive = ['maxConcurrency', 'taskTimeoutMs', 'deadLetterThreshold', 'batchSize', 'flushIntervalMs'] as const;
  for (const key of positive) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) {
      throw new DataFactoryError(`dataFactory option ${key} must be a positive integer, got ${String(resolved[key])}.`);
    }
  }
  if (!Number.isInteger(resolved.maxRetries) || resolved.maxRetries < 0) {
    throw new DataFactoryError(`dataFactory option maxRetries must be a non-negative integer, got ${String(resolved.maxRetries)}.`);
  }
  if (options.targetCount !== undefined && (!Number.isInteger(options.targetCount) || options.targetCount < 0)) {
    throw new DataFactoryError(`dataFactory option targetCount must be a non-negative integer, got ${String(options.targetCount)}.`);
  }
  if (options.storage !== undefined && options.storage !== 'local' && options.storage !== 'memory') {
    throw new DataFactoryError(`dataFactory option storage must be 'local' or 'memory', got ${JSON.stringify(options.storage)}.`);
  }
  if (options.storage === 'memory' && options.artifactPath !== undefined) {
    throw new DataFactoryError(`dataFactory options storage: 'memory' and artifactPath (${options.artifactPath}) exclude each other.`, {
      fix: "Drop artifactPath to keep the job in memory, or drop storage: 'memory' to persist it there.",
    });
  }
  return resolved;
}

/** The inputs of `run(inputs)`, `run(keywords)` or `run(data, keywords)`. */
function toInputs<I>(first: unknown, keywords: unknown): readonly I[] {
  if (keywords !== undefined) {
    if (!Array.isArray(first)) {
      throw new DataFactoryError('run(data, keywords): data must be an array of objects.', { fix: 'Pass run(keywords) alone, or an array as data.' });
    }
    return bindInputs(first, keywords as Record<string, unknown>) as I[];
  }
  if (Array.isArray(first)) return first as readonly I[];
  if (typeof first === 'object' && first !== null) return bindInputs(undefined, first as Record<string, unknown>) as I[];
  throw new DataFactoryError(`run() takes an array of inputs or an object of keyword bindings, got ${first === null ? 'null' : typeof first}.`, {
    fix: 'Call run([input, ...]), run({ topic: ["a", "b"], n: 3 }) or run(data, { n: 3 }).',
  });
}

/** Strips the internal columns of a stored row. */
function toRecord<R extends FactoryRecord>(row: StoredRow): R {
  const { [INPUT_INDEX_COLUMN]: _index, [RECORD_STATUS_COLUMN]: _status, ...record } = row;
  return record as R;
}

/** sha256 of the function source: stored with the job so resume can tell when the function changed. */
function fingerprint(fn: (...args: never[]) => unknown): string {
  return `sha256:${createHash('sha256').update(fn.toString()).digest('hex')}`;
}

/**
 * Wraps an async `(input, { state, signal, attempt }) => record | record[] | null` into a data factory:
 * bounded concurrency, per-attempt timeout, retries with exponential backoff and jitter, dead letters,
 * hook-driven filtering toward `targetCount` accepted records, shared state, and crash-safe persistence
 * (parquet batches + an atomic job ledger through the artifact layer) with resume by job id.
 */
export function dataFactory<I, R extends FactoryRecord = FactoryRecord, S extends StateValues = StateValues>(
  fn: FactoryFunction<I, R, S>,
  options: DataFactoryOptions<I, R, S> = {},
): DataFactory<I, R> {
  const resolved = resolveOptions(options);
  const persisted = options.storage !== 'memory';
  // An explicit artifactPath holds `<jobName>` folders; the default location holds one folder per job id.
  const root = (): string => options.artifactPath ?? defaultFactoryRoot();
  const folderName = (jobId: string): string => (options.artifactPath !== undefined ? (options.jobName ?? DEFAULT_FACTORY_JOB_NAME) : jobId);
  // Queue mode (issue 9.7): the same plans, executed by `data-designer worker` processes (distributed/factory-queue.ts).
  const queued = options.queue ? queuedFactoryRunner(fn, resolved, options.queue, options.name ?? options.jobName ?? DEFAULT_FACTORY_JOB_NAME) : undefined;
  let latestJobId: string | undefined;
  let latestRecords: R[] = [];
  let latestMemory: MemorySink<R> = { acceptedIndices: [], rejected: [] };
  let latestStore: JobStore | undefined;
  const initialState = (): S => (options.initialState ?? {}) as S;

  const finishRun = async (plan: RunPlan<I, R, S>): Promise<FactoryRunResult<I, R>> => {
    try {
      const result = await (queued ? queued.execute(plan) : executeRun(fn, resolved, plan));
      latestRecords = result.records;
      return result;
    } finally {
      await plan.store?.close();
    }
  };

  const run = async (first: readonly I[] | InputBindings<I>, keywords?: Partial<InputBindings<I>>): Promise<FactoryRunResult<I, R>> => {
    const inputs = toInputs<I>(first, keywords);
    queued?.checkInputs(inputs);
    const jobId = randomUUID();
    // Each input is hashed when it is first dispatched, before the function sees it.
    const hashes = new InputHashes(inputs);
    const target = options.targetCount ?? Number.POSITIVE_INFINITY;
    const state = new FactoryState<S>(initialState());
    let store: JobStore | undefined;
    if (persisted) {
      const now = new Date().toISOString();
      if (options.artifactPath === undefined) await mkdir(root(), { recursive: true });
      // The folder is claimed and locked now; its files are written while the first calls are out.
      store = await JobStore.start(
        root(),
        folderName(jobId),
        {
          format: FACTORY_JOB_FORMAT,
          job_id: jobId,
          created_at: now,
          updated_at: now,
          status: 'running',
          target_count: Number.isFinite(target) ? target : null,
          input_count: inputs.length,
          fn_fingerprint: fingerprint(fn),
          batches: [],
          state: state.snapshot(),
          inputs: {},
        },
        inputs,
      );
      if (queued) {
        // Queued runs send their first batches only once the job exists on disk.
        try {
          await store.ready;
        } catch (error) {
          await store.close();
          throw error;
        }
      }
    }
    const memory: MemorySink<R> = { acceptedIndices: [], rejected: [] };
    const becomeLatest = () => {
      latestJobId = jobId;
      latestStore = store;
      latestMemory = memory;
    };
    // `factory.jobId` names the job once it exists on disk (a resume by that id always finds it).
    if (store) store.ready.then(becomeLatest, () => undefined);
    else becomeLatest();
    const pending = inputs.map((_, index) => index);
    return finishRun({
      jobId,
      inputs,
      hashes,
      pending,
      ledger: new Map(),
      restoredRecords: [],
      target,
      state,
      ...(store ? { store } : { memorySink: memory }),
      warnings: [],
    });
  };

  const resume = async (jobId: string, inputsOrOptions?: readonly I[] | ResumeOptions<I>): Promise<FactoryRunResult<I, R>> => {
    if (!persisted) {
      throw new DataFactoryError(`resume('${jobId}'): a factory with storage: 'memory' keeps no job to resume.`, {
        fix: "Create the factory without storage: 'memory' (jobs persist under artifactPath or the default location).",
      });
    }
    if (inputsOrOptions !== undefined && (typeof inputsOrOptions !== 'object' || inputsOrOptions === null)) {
      throw new DataFactoryError(`resume('${jobId}', …): the second argument must be the inputs (an array) or { inputs?, retryDeadLetters? }.`);
    }
    const resumeOptions: ResumeOptions<I> = Array.isArray(inputsOrOptions)
      ? { inputs: inputsOrOptions as readonly I[] }
      : ((inputsOrOptions ?? {}) as ResumeOptions<I>);
    if (resumeOptions.inputs !== undefined && !Array.isArray(resumeOptions.inputs)) {
      throw new DataFactoryError(`resume('${jobId}', { inputs }): inputs must be an array.`);
    }
    const store = await JobStore.open(root(), jobId, folderName(jobId));
    let plan: RunPlan<I, R, S>;
    try {
      const warnings: string[] = [];
      const orphans = await store.removeOrphans();
      if (orphans > 0) warnings.push(`Removed ${orphans} batch file(s) written after the last ledger commit; their inputs re-run.`);
      if (store.job.fn_fingerprint !== fingerprint(fn)) warnings.push('The function source differs from the one that started the job.');
      const allInputs = resumeOptions.inputs ?? ((await store.readInputs()) as I[]);
      const hashes = new InputHashes(allInputs);
      const stale = Object.entries(store.job.inputs)
        .filter(([index, entry]) => Number(index) >= allInputs.length || hashes.at(Number(index)) !== entry.hash)
        .map(([index]) => Number(index));
      if (stale.length > 0) warnings.push(`${stale.length} input(s) changed or vanished since the job ran; their records were dropped and they re-run.`);
      const staleSet = new Set(stale);
      const dead =
        resumeOptions.retryDeadLetters === false
          ? []
          : Object.entries(store.job.inputs)
              .filter(([index, entry]) => entry.status === 'dead-lettered' && !staleSet.has(Number(index)))
              .map(([index]) => Number(index));
      if (dead.length > 0) warnings.push(`Retrying ${dead.length} dead-lettered input(s).`);
      await store.dropEntries([...stale, ...dead]);
      const ledger = new Map<number, LedgerEntry>(Object.entries(store.job.inputs).map(([index, entry]) => [Number(index), entry]));
      const pending = allInputs.map((_, index) => index).filter((index) => !ledger.has(index));
      const target = options.targetCount ?? store.job.target_count ?? Number.POSITIVE_INFINITY;
      const stored = (store.job.state ?? {}) as S;
      const state = new FactoryState<S>({ ...initialState(), ...stored });
      const resumed = { restoredInputs: ledger.size, retriedDeadLetters: dead.length, changedInputs: stale.length, orphanBatches: orphans };
      plan = { jobId, inputs: allInputs, hashes, pending, ledger, restoredRecords: [], target, state, store, warnings, resumed };
    } catch (error) {
      // A resume that cannot start releases the job folder's lock.
      await store.close();
      throw error;
    }
    latestJobId = jobId;
    latestStore = store;
    return finishRun(plan);
  };

  const dryRun = async (firstArgument: readonly I[] | InputBindings<I>, keywords?: Partial<InputBindings<I>>): Promise<FactoryRunResult<I, R>> => {
    const first = toInputs<I>(firstArgument, keywords).slice(0, 1);
    const plan: RunPlan<I, R, S> = {
      jobId: `dry-run-${randomUUID()}`,
      inputs: first,
      hashes: new InputHashes(first),
      pending: first.map((_, index) => index),
      ledger: new Map(),
      restoredRecords: [],
      target: Number.POSITIVE_INFINITY,
      state: new FactoryState<S>(initialState()),
      warnings: [],
    };
    return executeRun(fn, resolved, plan);
  };

  /** Records of the latest job with one verdict, with their input index (read back from disk when persisted). */
  /**
   * Records with one verdict and their input index: of job `jobId` (opened read-only, nothing runs) or of
   * the latest job (read back from disk when persisted).
   */
  const storedRecords = async (status: RecordVerdict, jobId?: string): Promise<Array<{ record: R; inputIndex: number }>> => {
    let store = latestStore;
    if (jobId !== undefined) {
      if (!persisted) {
        throw new DataFactoryError(`Cannot read job '${jobId}': a factory with storage: 'memory' keeps no job.`, {
          fix: 'Call it without a job id for the latest job.',
        });
      }
      store = await JobStore.open(root(), jobId, folderName(jobId), { lock: false });
    }
    if (!store) {
      if (status === 'accepted') return latestRecords.map((record, position) => ({ record, inputIndex: latestMemory.acceptedIndices[position] ?? -1 }));
      return latestMemory.rejected.filter((item) => item.status === status).map(({ record, inputIndex }) => ({ record, inputIndex }));
    }
    try {
      const rows = status === 'accepted' ? await store.readRows() : (await store.readRejectedRows()).filter((row) => row[RECORD_STATUS_COLUMN] === status);
      return rows.map((row) => ({ record: toRecord<R>(row), inputIndex: Number(row[INPUT_INDEX_COLUMN]) }));
    } finally {
      await store.close();
    }
  };

  return {
    run: run as DataFactory<I, R>['run'],
    resume,
    dryRun: dryRun as DataFactory<I, R>['dryRun'],
    get jobId() {
      return latestJobId;
    },
    records: async (jobId) => (await storedRecords('accepted', jobId)).map((item) => item.record),
    filteredRecords: async (jobId) => (await storedRecords('filtered', jobId)).map((item) => item.record),
    duplicateRecords: async (jobId) => (await storedRecords('duplicate', jobId)).map((item) => item.record),
    recordIndices: async (status, jobId) => (await storedRecords(status, jobId)).map((item) => item.inputIndex),
    listJobs: () => listFactoryJobs(root()),
  };
}
