import { DataFactoryError } from '../factory/factory-errors.js';
import type { FactoryRecord, InputStatus } from '../factory/factory-types.js';

/** One input handed to a worker's batch run. */
export interface FactoryBatchInput {
  index: number;
  hash: string;
  input: unknown;
}

/** What a registered factory's batch run returns (the worker adds batch, worker id and time). */
export interface FactoryBatchOutcome {
  /** Every input of the batch, finished: its ledger entry (without a parquet batch), accepted and rejected records. */
  items: Array<{
    index: number;
    entry: { hash: string; status: InputStatus; records: number; rejected?: number; attempts: number; cause?: string; kind?: string };
    records: FactoryRecord[];
    /** Records the hooks filtered or marked duplicate (kept, as locally). */
    rejected: Array<{ record: FactoryRecord; status: 'filtered' | 'duplicate' }>;
  }>;
  filteredRecords: number;
  duplicateRecords: number;
  failedAttempts: number;
  /** Notes of the batch run (hook errors). */
  warnings: string[];
}

/** A factory a worker process can serve: registered by `dataFactory(fn, { name, queue })` when its module loads. */
export interface QueuedFactoryEntry {
  /** Stable name shared by the caller and the workers (the factory's `name` option). */
  readonly name: string;
  /** sha256 of the function source. */
  readonly fnFingerprint: string;
  /** Runs one batch with the factory's function, hooks, timeout, retries and dead letters in this process. */
  runBatch(jobId: string, items: readonly FactoryBatchInput[]): Promise<FactoryBatchOutcome>;
}

/** Process-wide (a global symbol), so a user module that resolved another copy of the engine registers where the worker looks. */
const REGISTRY_KEY: unique symbol = Symbol.for('@dd/engine:queued-data-factories');
const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Map<string, QueuedFactoryEntry> };
holder[REGISTRY_KEY] ??= new Map();
const registry: Map<string, QueuedFactoryEntry> = holder[REGISTRY_KEY];

/**
 * Registers a queued factory under its name. The same name with the same function source replaces the
 * entry (a module loaded twice); with another function it throws, since a worker could not tell which
 * function a job means.
 */
export function registerQueuedFactory(entry: QueuedFactoryEntry): void {
  const existing = registry.get(entry.name);
  if (existing && existing.fnFingerprint !== entry.fnFingerprint) {
    throw new DataFactoryError(`Two queued data factories are named '${entry.name}' with different functions.`, {
      fix: 'Give each queued factory its own name option (workers find the function by that name).',
    });
  }
  registry.set(entry.name, entry);
}

/** The queued factory registered under `name`, if any. */
export function queuedFactory(name: string): QueuedFactoryEntry | undefined {
  return registry.get(name);
}

/** Names of the queued factories registered in this process (what `data-designer worker -i` serves), sorted. */
export function queuedFactoryNames(): string[] {
  return [...registry.keys()].sort();
}

/** Forgets every registration (tests). */
export function resetQueuedFactories(): void {
  registry.clear();
}
