import { executeRun, type MemorySink, type ResolvedOptions } from '../factory/execute-run.js';
import { DataFactoryError } from '../factory/factory-errors.js';
import { FactoryState, type StateValues } from '../factory/factory-state.js';
import { InputHashes } from '../factory/hash-input.js';
import type { FactoryFunction, FactoryRecord } from '../factory/factory-types.js';
import type { LedgerEntry } from '../factory/job-store.js';
import type { FactoryBatchInput, FactoryBatchOutcome } from './factory-registry.js';

/**
 * Runs one batch of a queued factory in this process with the local pool (`executeRun`): the same
 * concurrency cap, timeout, retries, dead letters and hooks as a local run, over the batch's inputs
 * at their job-wide indices (hooks see the real `inputIndex`). Nothing is stored here: the ledger
 * entries, accepted and rejected records go back to the caller, which commits them. State starts from
 * `initialState` for every batch (it is not shared between workers).
 */
export async function runFactoryBatch<I, R extends FactoryRecord, S extends StateValues>(
  fn: FactoryFunction<I, R, S>,
  options: ResolvedOptions<I, R, S>,
  jobId: string,
  items: readonly FactoryBatchInput[],
): Promise<FactoryBatchOutcome> {
  const length = items.reduce((max, item) => Math.max(max, item.index + 1), 0);
  // Sparse arrays: the pool addresses inputs by job-wide index, and only this batch's slots are filled.
  const inputs = new Array<I>(length);
  const hashes = new Array<string>(length);
  for (const item of items) {
    inputs[item.index] = item.input as I;
    hashes[item.index] = item.hash;
  }
  const ledger = new Map<number, LedgerEntry>();
  const sink: MemorySink<R> = { acceptedIndices: [], rejected: [] };
  const { onProgress: _progress, targetCount: _target, artifactPath: _path, ...local } = options;
  const warnings: string[] = [];
  const result = await executeRun(fn, local, {
    jobId,
    inputs,
    hashes: new InputHashes(inputs, hashes),
    pending: items.map((item) => item.index),
    ledger,
    restoredRecords: [],
    target: Number.POSITIVE_INFINITY,
    state: new FactoryState<S>((options.initialState ?? {}) as S),
    warnings,
    memorySink: sink,
  });
  if (result.records.length !== sink.acceptedIndices.length || ledger.size !== items.length) {
    throw new DataFactoryError(
      `Batch of job ${jobId}: ${result.records.length} record(s) for ${sink.acceptedIndices.length} index(es), ${ledger.size} of ${items.length} input(s) finished.`,
    );
  }
  const finished = new Map<number, FactoryBatchOutcome['items'][number]>();
  for (const [index, entry] of ledger) {
    const { batch: _batch, ...returned } = entry;
    finished.set(index, { index, entry: returned, records: [], rejected: [] });
  }
  result.records.forEach((record, position) => {
    finished.get(sink.acceptedIndices[position] ?? -1)?.records.push(record);
  });
  for (const { record, inputIndex, status } of sink.rejected) finished.get(inputIndex)?.rejected.push({ record, status });
  return {
    items: [...finished.values()],
    filteredRecords: result.progress.filteredRecords,
    duplicateRecords: result.progress.duplicateRecords,
    failedAttempts: result.progress.failedAttempts,
    warnings,
  };
}
