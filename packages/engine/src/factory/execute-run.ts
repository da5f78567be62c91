import { definedOrThrow, missingInvariant } from '@dd/config/core';
import { backoffDelay } from './backoff-delay.js';
import type { FactoryState, StateValues } from './factory-state.js';
import type {
  DataFactoryOptions,
  FactoryFunction,
  FactoryProgress,
  FactoryRecord,
  FactoryRunResult,
  InputStatus,
  RecordVerdict,
  RejectedRecord,
  ResumeSummary,
} from './factory-types.js';
import { FactoryHookError } from './factory-errors.js';
import type { InputHashes } from './hash-input.js';
import { INPUT_INDEX_COLUMN, RECORD_STATUS_COLUMN, type JobStore, type LedgerEntry } from './job-store.js';
import { ReadBackIdentity } from './read-back-identity.js';
import { DelayQueue } from '../resilience/delay-queue.js';
import { RunningAttempts, runAttempt } from './run-attempt.js';
import { runResult } from './run-result.js';
import { initialProgress } from './initial-progress.js';
import { namedHooks, recordCompleteVerdict, recordErrorVerdict } from './run-hooks.js';

/** Options after defaults. */
export type ResolvedOptions<I, R extends FactoryRecord, S extends StateValues> = Required<
  Pick<
    DataFactoryOptions<I, R, S>,
    'maxConcurrency' | 'taskTimeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'deadLetterThreshold' | 'batchSize' | 'flushIntervalMs'
  >
> &
  DataFactoryOptions<I, R, S>;

/** Everything one run needs besides the function and options. */
export interface RunPlan<I, R extends FactoryRecord, S extends StateValues> {
  jobId: string;
  inputs: readonly I[];
  /** Hash of each input, computed when it is first dispatched (before the function sees it). */
  hashes: InputHashes;
  /** Input indices still to run, in order. */
  pending: number[];
  /** Ledger restored from the job (finished inputs). */
  ledger: Map<number, LedgerEntry>;
  /** Records already stored (resume), without the index column; only used in memory mode. */
  restoredRecords: R[];
  target: number;
  state: FactoryState<S>;
  store?: JobStore;
  warnings: string[];
  /** In memory mode, receives the input index of each accepted record and every rejected record. */
  memorySink?: MemorySink<R>;
  /** Set by `resume`: copied into the result. */
  resumed?: ResumeSummary;
}

/** What a run without a store keeps besides the accepted records. */
export interface MemorySink<R extends FactoryRecord> {
  acceptedIndices: number[];
  rejected: Array<RejectedRecord<R>>;
}

type Outcome<R> =
  | { kind: 'ok'; verdicts: Array<{ record: R; verdict: RecordVerdict }>; attempts: number }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'closed'; status: 'filtered' | 'duplicate'; attempts: number; error: Error }
  | { kind: 'failed'; error: Error; attempts: number }
  | { kind: 'cancelled' };

const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));
const errorKind = (error: Error): string => {
  const kind = (error as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : error.name;
};

/** Runs the pending inputs of a plan under the concurrency cap until the target or the inputs run out. */
export async function executeRun<I, R extends FactoryRecord, S extends StateValues>(
  fn: FactoryFunction<I, R, S>,
  options: ResolvedOptions<I, R, S>,
  plan: RunPlan<I, R, S>,
): Promise<FactoryRunResult<I, R>> {
  const { inputs, ledger, state, store, target } = plan;
  const queue = [...plan.pending];
  const attemptsByIndex = new Map<number, number>();
  const failedRounds = new Map<number, number>();
  const memoryRecords: R[] = [...plan.restoredRecords];
  const runAbort = new AbortController();
  const running = new RunningAttempts(runAbort.signal);
  const progress: FactoryProgress = initialProgress(plan);
  let pendingEntries: Array<[number, LedgerEntry]> = [];
  let pendingRows: FactoryRecord[] = [];
  let pendingRejected: FactoryRecord[] = [];
  const completeHooks = namedHooks('onRecordComplete', options.onRecordComplete);
  const errorHooks = namedHooks('onRecordError', options.onRecordError);
  const hookErrors: FactoryHookError[] = [];
  let nextBatch = store?.nextBatchIndex() ?? 0;
  let flushChain: Promise<void> = Promise.resolve();
  let flushError: unknown;
  // A fresh run keeps its committed rows while they would read back from parquet exactly as written:
  // then its result needs no read-back (see ReadBackIdentity); otherwise the batches are read.
  const readBack = store && nextBatch === 0 && ledger.size === 0 ? new ReadBackIdentity() : undefined;
  let committedRows: FactoryRecord[] = [];

  /**
   * Commits the finished inputs not yet committed. `final`: the last commit of the run, whose ledger
   * line `store.finish` (which follows unless an earlier commit failed) writes with the snapshot
   * instead of appending it.
   */
  const flush = (final = false): Promise<void> => {
    if (!store || pendingEntries.length === 0) return flushChain;
    const entries = pendingEntries;
    const rows = pendingRows;
    const rejected = pendingRejected;
    const batch = rows.length > 0 || rejected.length > 0 ? nextBatch++ : nextBatch;
    pendingEntries = [];
    pendingRows = [];
    pendingRejected = [];
    const snapshot = state.snapshot();
    flushChain = flushChain
      .then(() => store.commit(entries, rows, batch, snapshot, rejected, { final: final && flushError === undefined }))
      .catch((error: unknown) => {
        flushError ??= error;
      });
    return flushChain;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();

  // The job's files are written while the first calls run (JobStore.start); nothing that shows the job
  // (hooks, onProgress, commits) happens before they exist. False once their writing failed.
  let storeState: 'pending' | 'ready' | 'failed' = store ? 'pending' : 'ready';
  const storeSettled = store?.ready.then(
    () => {
      storeState = 'ready';
    },
    () => {
      storeState = 'failed';
    },
  );
  const jobExists = async (): Promise<boolean> => {
    if (storeState === 'pending') await storeSettled;
    return storeState === 'ready';
  };
  const inputAt = (index: number): I => {
    const input = inputs[index];
    if (input === undefined) missingInvariant(`input ${index}`);
    return input;
  };
  const hookContext = (index: number, attempt: number) => ({ state, inputIndex: index, input: inputAt(index), attempt, jobId: plan.jobId });

  /**
   * One attempt of one input (`retry` 0 is the first of a round); hooks run inside the attempt. A failure
   * that will be retried returns `retry` with its backoff: the caller frees the concurrency slot and
   * brings the input back after the delay, so sleeping never holds a slot.
   */
  const attemptInput = async (index: number, retry: number): Promise<Outcome<R>> => {
    if (runAbort.signal.aborted) return { kind: 'cancelled' };
    const attempt = (attemptsByIndex.get(index) ?? 0) + 1;
    attemptsByIndex.set(index, attempt);
    try {
      const records = await runAttempt(fn, inputAt(index), state, attempt, options.taskTimeoutMs, running);
      if (storeState !== 'ready' && !(await jobExists())) return { kind: 'cancelled' };
      const verdicts: Array<{ record: R; verdict: RecordVerdict }> = [];
      for (const record of records) {
        const verdict = completeHooks.length === 0 ? 'accepted' : await recordCompleteVerdict(completeHooks, record, hookContext(index, attempt));
        verdicts.push({ record, verdict });
      }
      return { kind: 'ok', verdicts, attempts: attempt };
    } catch (caught) {
      if (runAbort.signal.aborted) return { kind: 'cancelled' };
      if (storeState !== 'ready' && !(await jobExists())) return { kind: 'cancelled' };
      let error = asError(caught);
      if (FactoryHookError.isInstance(error)) hookErrors.push(error);
      progress.failedAttempts++;
      const willRetry = retry < options.maxRetries || (failedRounds.get(index) ?? 0) + 1 < options.deadLetterThreshold;
      let verdict: RecordVerdict = 'accepted';
      try {
        verdict = await recordErrorVerdict(errorHooks, error, { ...hookContext(index, attempt), willRetry });
      } catch (hookError) {
        // The error hook's own failure replaces the attempt's error (its cause keeps the original).
        error = asError(hookError);
        if (FactoryHookError.isInstance(error)) hookErrors.push(error);
      }
      if (verdict === 'filtered' || verdict === 'duplicate') return { kind: 'closed', status: verdict, attempts: attempt, error };
      if (retry < options.maxRetries) {
        return { kind: 'retry', delayMs: backoffDelay(retry + 1, { baseDelayMs: options.retryBaseDelayMs, maxDelayMs: options.retryMaxDelayMs }, error) };
      }
      return { kind: 'failed', error, attempts: attempt };
    }
  };

  let flushDue = false;
  const finishInput = (index: number, entry: LedgerEntry, records: R[], rejected: ReadonlyArray<{ record: R; verdict: RecordVerdict }> = []) => {
    ledger.set(index, entry);
    pendingEntries.push([index, entry]);
    progress.inputsFinished++;
    if (store) {
      for (const record of records) {
        const row = { ...record, [INPUT_INDEX_COLUMN]: index };
        pendingRows.push(row);
        if (readBack?.holds) {
          if (readBack.add(record)) committedRows.push(row);
          else committedRows = [];
        }
      }
      for (const { record, verdict } of rejected) pendingRejected.push({ ...record, [INPUT_INDEX_COLUMN]: index, [RECORD_STATUS_COLUMN]: verdict });
    } else {
      memoryRecords.push(...records);
      plan.memorySink?.acceptedIndices.push(...records.map(() => index));
      for (const { record, verdict } of rejected)
        plan.memorySink?.rejected.push({ record, inputIndex: index, status: verdict === 'duplicate' ? 'duplicate' : 'filtered' });
    }
    // Committed by the pool after this settle, unless the run ends there (then the final commit takes them).
    if (pendingRows.length >= options.batchSize || pendingRejected.length >= options.batchSize) flushDue = true;
  };

  /** Applies an outcome synchronously, so the target check and the accepted count never race. */
  const settle = (index: number, outcome: Outcome<R>) => {
    const hash = plan.hashes.at(index);
    switch (outcome.kind) {
      case 'cancelled':
      case 'retry':
        return;
      case 'failed': {
        const rounds = (failedRounds.get(index) ?? 0) + 1;
        failedRounds.set(index, rounds);
        if (rounds < options.deadLetterThreshold) {
          queue.push(index);
          return;
        }
        progress.deadLettered++;
        finishInput(
          index,
          { hash, status: 'dead-lettered', records: 0, cause: outcome.error.message, kind: errorKind(outcome.error), attempts: outcome.attempts },
          [],
        );
        return;
      }
      case 'closed':
        finishInput(
          index,
          { hash, status: outcome.status, records: 0, cause: outcome.error.message, kind: errorKind(outcome.error), attempts: outcome.attempts },
          [],
        );
        return;
      case 'ok': {
        if (progress.accepted >= target) return; // Target reached while this ran: the input stays unfinished.
        const accepted = outcome.verdicts.filter((item) => item.verdict === 'accepted').map((item) => item.record);
        const kept = accepted.slice(0, target - progress.accepted);
        progress.accepted += kept.length;
        progress.filteredRecords += outcome.verdicts.filter((item) => item.verdict === 'filtered').length;
        progress.duplicateRecords += outcome.verdicts.filter((item) => item.verdict === 'duplicate').length;
        const status: InputStatus = kept.length > 0 ? 'done' : outcome.verdicts.some((item) => item.verdict === 'duplicate') ? 'duplicate' : 'filtered';
        const rejected = outcome.verdicts.filter((item) => item.verdict !== 'accepted');
        const entry: LedgerEntry = { hash, status, records: kept.length, attempts: outcome.attempts };
        if (rejected.length > 0) entry.rejected = rejected.length;
        if ((kept.length > 0 || rejected.length > 0) && store) entry.batch = nextBatch;
        finishInput(index, entry, kept, rejected);
      }
    }
  };

  /** Inputs whose backoff is over, served before fresh inputs: `[index, retry]`. */
  const retryReady: Array<[number, number]> = [];
  let wake: () => void = () => undefined;
  const backoff = new DelayQueue<[number, number]>((item) => {
    retryReady.push(item);
    wake();
  });
  let poolError: unknown;
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = () => {
      done = true;
      backoff.remove();
      resolve();
    };
    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      backoff.remove();
      reject(asError(error));
    };
    // The job's files are written while the first calls run: if that fails, the run stops with its error.
    store?.ready.catch(fail);
    const pump = () => {
      if (done) return;
      while (progress.running < options.maxConcurrency && (retryReady.length > 0 || queue.length > 0) && progress.accepted + progress.running < target) {
        const [index, retry] = retryReady.shift() ?? [definedOrThrow(queue.shift(), 'the next queued input'), 0];
        // Hashed before its first attempt, so a function that changes its input cannot change the hash.
        plan.hashes.at(index);
        progress.running++;
        attemptInput(index, retry).then((outcome) => {
          progress.running--;
          if (done) return;
          if (outcome.kind === 'retry') backoff.schedule([index, retry + 1], outcome.delayMs);
          else settle(index, outcome);
          try {
            options.onProgress?.({ ...progress });
          } catch (cause) {
            fail(
              new FactoryHookError(`Hook onProgress threw: ${asError(cause).message}`, {
                cause,
                fix: 'Fix onProgress; the finished inputs are stored, resume(jobId) continues the job.',
              }),
            );
            return;
          }
          pump();
        }, fail);
      }
      if (progress.accepted >= target) finish();
      else if (progress.running === 0 && queue.length === 0 && retryReady.length === 0 && backoff.size === 0) finish();
      else if (flushDue) {
        flushDue = false;
        void flush();
      }
    };
    wake = pump;
    pump();
  })
    .catch((error: unknown) => {
      poolError = error;
    })
    .finally(() => {
      clearInterval(timer);
      runAbort.abort(new Error('The data factory run ended.'));
    });
  progress.running = 0;
  // A failed run keeps what it finished: commit it before reporting the failure.
  await flush(true);
  if (poolError !== undefined) {
    // The run's own error is the one to report; a failure to mark the job unfinished must not hide it.
    if (store && flushError === undefined) await store.finish(target, options.batchSize, false).catch(() => undefined);
    throw asError(poolError);
  }
  if (flushError !== undefined) throw asError(flushError);
  if (hookErrors.length > 0) {
    plan.warnings.push(`${hookErrors.length} hook error(s) failed attempts; the first: ${hookErrors[0]?.message}`);
  }

  const complete = progress.accepted >= target || ledger.size === inputs.length;
  let records: R[];
  if (store) {
    const keptRows = readBack?.holds === true;
    await store.finish(target, options.batchSize, complete, { releaseDuckDB: keptRows });
    const rows = keptRows ? committedRows : await store.readRows();
    records = rows.map((row) => {
      const { [INPUT_INDEX_COLUMN]: _dropped, ...record } = row;
      return record as R;
    });
  } else {
    records = memoryRecords;
  }
  return runResult(plan, records, progress);
}
