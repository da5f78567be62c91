import { createHash, randomUUID } from 'node:crypto';
import { DataFactoryError } from './factory-errors.js';
import { FactoryState, type StateValues } from './factory-state.js';
import type { DataFactory, DataFactoryOptions, FactoryFunction, FactoryRecord, FactoryRunResult } from './factory-types.js';
import { executeRun, type ResolvedOptions, type RunPlan } from './execute-run.js';
import { hashInput } from './hash-input.js';
import { INPUT_INDEX_COLUMN, JobStore, type LedgerEntry } from './job-store.js';

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
  return resolved;
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
  const jobName = options.jobName ?? DEFAULT_FACTORY_JOB_NAME;
  let latestJobId: string | undefined;
  let latestRecords: R[] = [];
  let latestStore: JobStore | undefined;
  const initialState = (): S => (options.initialState ?? {}) as S;

  const finishRun = async (plan: RunPlan<I, R, S>): Promise<FactoryRunResult<I, R>> => {
    try {
      const result = await executeRun(fn, resolved, plan);
      latestRecords = result.records;
      return result;
    } finally {
      await plan.store?.close();
    }
  };

  const run = async (inputs: readonly I[]): Promise<FactoryRunResult<I, R>> => {
    const jobId = randomUUID();
    const hashes = inputs.map(hashInput);
    const target = options.targetCount ?? Number.POSITIVE_INFINITY;
    const state = new FactoryState<S>(initialState());
    let store: JobStore | undefined;
    if (options.artifactPath !== undefined) {
      const now = new Date().toISOString();
      store = await JobStore.create(
        options.artifactPath,
        jobName,
        {
          format: 'dd-data-factory/1',
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
    }
    latestJobId = jobId;
    latestStore = store;
    const pending = inputs.map((_, index) => index);
    return finishRun({ jobId, inputs, hashes, pending, ledger: new Map(), restoredRecords: [], target, state, ...(store ? { store } : {}), warnings: [] });
  };

  const resume = async (jobId: string, inputs?: readonly I[]): Promise<FactoryRunResult<I, R>> => {
    if (options.artifactPath === undefined) {
      throw new DataFactoryError('resume() needs the artifactPath the job was stored under.', { fix: 'Pass artifactPath to dataFactory.' });
    }
    const store = await JobStore.open(options.artifactPath, jobId, jobName);
    const warnings: string[] = [];
    const orphans = await store.removeOrphans();
    if (orphans > 0) warnings.push(`Removed ${orphans} batch file(s) written after the last ledger commit; their inputs re-run.`);
    if (store.job.fn_fingerprint !== fingerprint(fn)) warnings.push('The function source differs from the one that started the job.');
    const allInputs = inputs ?? ((await store.readInputs()) as I[]);
    const hashes = allInputs.map(hashInput);
    const stale = Object.entries(store.job.inputs)
      .filter(([index, entry]) => Number(index) >= allInputs.length || hashes[Number(index)] !== entry.hash)
      .map(([index]) => Number(index));
    if (stale.length > 0) {
      warnings.push(`${stale.length} input(s) changed or vanished since the job ran; their records were dropped and they re-run.`);
      await store.dropEntries(stale);
    }
    const ledger = new Map<number, LedgerEntry>(Object.entries(store.job.inputs).map(([index, entry]) => [Number(index), entry]));
    const pending = allInputs.map((_, index) => index).filter((index) => !ledger.has(index));
    const target = options.targetCount ?? store.job.target_count ?? Number.POSITIVE_INFINITY;
    const stored = (store.job.state ?? {}) as S;
    const state = new FactoryState<S>({ ...initialState(), ...stored });
    latestJobId = jobId;
    latestStore = store;
    return finishRun({ jobId, inputs: allInputs, hashes, pending, ledger, restoredRecords: [], target, state, store, warnings });
  };

  const dryRun = async (inputs: readonly I[]): Promise<FactoryRunResult<I, R>> => {
    const first = inputs.slice(0, 1);
    const plan: RunPlan<I, R, S> = {
      jobId: `dry-run-${randomUUID()}`,
      inputs: first,
      hashes: first.map(hashInput),
      pending: first.map((_, index) => index),
      ledger: new Map(),
      restoredRecords: [],
      target: Number.POSITIVE_INFINITY,
      state: new FactoryState<S>(initialState()),
      warnings: [],
    };
    return executeRun(fn, resolved, plan);
  };

  const records = async (): Promise<R[]> => {
    if (!latestStore) return [...latestRecords];
    const rows = await latestStore.readRows();
    await latestStore.close();
    return rows.map((row) => {
      const { [INPUT_INDEX_COLUMN]: _index, ...record } = row;
      return record as R;
    });
  };

  return {
    run,
    resume,
    dryRun,
    get jobId() {
      return latestJobId;
    },
    records,
  };
}
