import { definedOrThrow } from '@dd/config/core';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ResolvedOptions, RunPlan } from '../factory/execute-run.js';
import { DataFactoryError } from '../factory/factory-errors.js';
import type { StateValues } from '../factory/factory-state.js';
import type { FactoryFunction, FactoryProgress, FactoryRecord, FactoryRunResult } from '../factory/factory-types.js';
import { runResult } from '../factory/run-result.js';
import { initialProgress } from '../factory/initial-progress.js';
import { FactoryHookError } from '../factory/factory-errors.js';
import { INPUT_INDEX_COLUMN, RECORD_STATUS_COLUMN, type LedgerEntry } from '../factory/job-store.js';
import {
  FACTORY_BATCH_JOB_NAME,
  FACTORY_BATCH_JOB_SCHEMA_VERSION,
  FACTORY_NAME_PATTERN,
  factoryBatchJobId,
  factoryQueueName,
  FactoryBatchResultSchema,
  functionFingerprint,
  type FactoryBatchJobData,
  type FactoryBatchResult,
} from './factory-batch-job.js';
import { registerQueuedFactory, type FactoryBatchInput } from './factory-registry.js';
import { findNonJsonValue } from './find-non-json-value.js';
import { importOptionalPackages } from '../optional-packages/index.js';
import { connectRedis } from './connect-redis.js';
import { DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES } from './distributed-packages.js';
import { DEFAULT_KEY_PREFIX, DEFAULT_QUEUE_NAME, REDIS_URL_ENV } from './redis-connection.js';
import { bullJobOptions } from './bull-options.js';
import { runFactoryBatch } from './run-factory-batch.js';

/** `dataFactory(fn, { queue })`: run the inputs on `data-designer worker` processes through BullMQ. */
export interface FactoryQueueOptions {
  /** Redis URL. @default $DATA_DESIGNER_REDIS_URL */
  redis?: string;
  /** Base queue name, as `data-designer worker --queue` (the factory's queue is `<name>.factory.<factory name>`). @default "data-designer" */
  name?: string;
  /** Prefix of every Redis key. @default "dd" */
  prefix?: string;
  /** Inputs per BullMQ job (the unit a worker takes, and redoes whole after a crash). @default 4 × maxConcurrency */
  inputsPerJob?: number;
  /**
   * Batches queued in Redis at once (the inputs travel in the jobs, so this bounds Redis memory); the
   * caller adds more as results come back. @default 1000
   */
  maxQueuedBatches?: number;
  /** Deliveries of a batch job that fails as a whole (not per-input failures: those retry inside). @default 3 */
  attempts?: number;
  /** How often the caller checks batches it heard nothing about (ms). @default 5000 */
  reconcileIntervalMs?: number;
}

/** What `dataFactory` uses in queue mode: input checks and the plan executor. */
export interface QueuedFactoryRunner<I, R extends FactoryRecord, S extends StateValues> {
  /** Registered factory name. */
  readonly name: string;
  /** Throws `DataFactoryError` naming the first input that is not plain JSON. */
  checkInputs(inputs: readonly I[], indices?: readonly number[]): void;
  /** Runs the plan's pending inputs on the workers and commits their results into the plan's job store. */
  execute(plan: RunPlan<I, R, S>): Promise<FactoryRunResult<I, R>>;
}

interface OutstandingBatch {
  batch: number;
  items: FactoryBatchInput[];
}

const ENQUEUE_CHUNK = 500;
/** Entries kept in a factory queue's events stream. */
const FACTORY_EVENTS_MAX_LEN = 500;

/**
 * Queue mode of `dataFactory`: registers the factory under its name (so a worker process importing the
 * same module can run it) and returns the executor used in place of the local pool. The caller groups
 * the pending inputs into batches (`floor(index / inputsPerJob)`), enqueues one BullMQ job per batch
 * with a content-derived id, and commits each returned batch into the job store (one parquet batch +
 * ledger, skipping inputs the ledger already has): the caller stays the only writer of the job folder.
 */
export function queuedFactoryRunner<I, R extends FactoryRecord, S extends StateValues>(
  fn: FactoryFunction<I, R, S>,
  options: ResolvedOptions<I, R, S>,
  queueOptions: FactoryQueueOptions,
  name: string,
): QueuedFactoryRunner<I, R, S> {
  if (!FACTORY_NAME_PATTERN.test(name)) {
    throw new DataFactoryError(`Queued data factory name '${name}' is not valid.`, {
      fix: 'Use letters, digits, "_", "-" and "." (at most 100 characters), e.g. dataFactory(fn, { name: "summarize", queue: { redis } }).',
    });
  }
  // Whole waves of the worker's pool: a batch of 4 × maxConcurrency inputs leaves no slot idle at its end.
  const inputsPerJob = queueOptions.inputsPerJob ?? 4 * options.maxConcurrency;
  if (!Number.isInteger(inputsPerJob) || inputsPerJob < 1) {
    throw new DataFactoryError(`dataFactory option queue.inputsPerJob must be a positive integer, got ${String(inputsPerJob)}.`);
  }
  const maxQueuedBatches = queueOptions.maxQueuedBatches ?? 1000;
  if (!Number.isInteger(maxQueuedBatches) || maxQueuedBatches < 1) {
    throw new DataFactoryError(`dataFactory option queue.maxQueuedBatches must be a positive integer, got ${String(maxQueuedBatches)}.`);
  }
  const fnFingerprint = functionFingerprint(fn);
  registerQueuedFactory({ name, fnFingerprint, runBatch: (jobId, items) => runFactoryBatch(fn, options, jobId, items) });

  const checkInputs = (inputs: readonly I[], indices?: readonly number[]) => {
    for (const index of indices ?? inputs.keys()) {
      const found = findNonJsonValue(inputs[index]);
      if (found) {
        throw new DataFactoryError(
          `Input ${index} of queued data factory '${name}' is not JSON: ${found.path === '' ? '' : `at ${found.path}, `}${found.what}.`,
          {
            fix: 'Queued inputs travel to the workers as JSON: use plain objects, arrays, strings, finite numbers, booleans and null (a Date as an ISO string).',
          },
        );
      }
    }
  };

  const execute = async (plan: RunPlan<I, R, S>): Promise<FactoryRunResult<I, R>> => {
    const redisUrl = queueOptions.redis ?? (process.env[REDIS_URL_ENV] || undefined);
    if (redisUrl === undefined) {
      throw new DataFactoryError(`Queued data factory '${name}' needs a Redis URL.`, {
        fix: `Pass queue: { redis: "redis://host:6379" } or set ${REDIS_URL_ENV}.`,
      });
    }
    checkInputs(plan.inputs, plan.pending);
    const { Queue: QueueClass, QueueEvents: QueueEventsClass } = await importOptionalPackages(
      DISTRIBUTED_FEATURE,
      DISTRIBUTED_PACKAGES,
      () => import('bullmq'),
    );
    const prefix = queueOptions.prefix ?? DEFAULT_KEY_PREFIX;
    const queueName = factoryQueueName(queueOptions.name ?? DEFAULT_QUEUE_NAME, name);
    const { ledger, store, target, state } = plan;
    const memoryRecords: R[] = [...plan.restoredRecords];
    const progress: FactoryProgress = initialProgress(plan);

    const byBatch = new Map<number, FactoryBatchInput[]>();
    for (const index of plan.pending) {
      const batch = Math.floor(index / inputsPerJob);
      const items = byBatch.get(batch) ?? [];
      items.push({
        index,
        hash: plan.hashes.at(index),
        input: definedOrThrow(plan.inputs[index], `input ${index}`),
      });
      byBatch.set(batch, items);
    }
    const outstanding = new Map<string, OutstandingBatch>();
    for (const [batch, items] of byBatch) outstanding.set(factoryBatchJobId(plan.jobId, batch, items), { batch, items });
    const failed: Array<{ batch: number; inputs: number; cause: string }> = [];
    const jobOptions = bullJobOptions(queueOptions.attempts ?? 3);
    const dataOf = (batch: OutstandingBatch): FactoryBatchJobData => ({
      schema: FACTORY_BATCH_JOB_SCHEMA_VERSION,
      factory: name,
      jobId: plan.jobId,
      batch: batch.batch,
      fnFingerprint,
      items: batch.items,
    });

    let connection: Redis | undefined;
    let eventsConnection: Redis | undefined;
    let queue: Queue | undefined;
    let events: QueueEvents | undefined;
    let commits: Promise<void> = Promise.resolve();
    let commitError: unknown;
    let wake: (() => void) | undefined;
    let lastEventAt = Date.now();
    // Batches in Redis (found there or added) vs still to add: with a target, only as many inputs are
    // queued as the yield seen so far says the remaining target needs (plus 25 %), topped up after each commit.
    const enqueued = new Set<string>();
    const toAdd: string[] = [];
    let inFlightInputs = 0;
    let inFlightBatches = 0;
    let committedInputs = 0;
    let committedRecords = 0;
    const settled = (id: string) => {
      const batch = outstanding.get(id);
      if (batch && enqueued.has(id)) {
        inFlightInputs -= batch.items.length;
        inFlightBatches--;
      }
      outstanding.delete(id);
    };
    const notify = () => {
      lastEventAt = Date.now();
      wake?.();
    };

    /** Commits one returned batch: only inputs the ledger lacks (same hash), cut at the target. */
    const commit = async (id: string, result: FactoryBatchResult) => {
      const entries: Array<[number, LedgerEntry]> = [];
      const rows: FactoryRecord[] = [];
      const rejectedRows: FactoryRecord[] = [];
      const parquetBatch = store?.nextBatchIndex() ?? 0;
      for (const item of [...result.items].sort((a, b) => a.index - b.index)) {
        if (ledger.has(item.index) || plan.hashes.at(item.index) !== item.entry.hash) continue;
        if (progress.accepted >= target) break; // As locally: results after the target are discarded, those inputs stay unfinished.
        const records = item.records.slice(0, Math.max(0, target - progress.accepted)) as R[];
        const { hash, status, attempts, cause, kind } = item.entry;
        const entry: LedgerEntry = {
          hash,
          status,
          records: records.length,
          attempts,
          ...(cause === undefined ? {} : { cause }),
          ...(kind === undefined ? {} : { kind }),
        };
        if (item.rejected.length > 0) entry.rejected = item.rejected.length;
        if ((records.length > 0 || item.rejected.length > 0) && store) entry.batch = parquetBatch;
        progress.accepted += records.length;
        progress.inputsFinished++;
        if (status === 'dead-lettered') progress.deadLettered++;
        entries.push([item.index, entry]);
        if (store) {
          for (const record of records) rows.push({ ...record, [INPUT_INDEX_COLUMN]: item.index });
          for (const { record, status: verdict } of item.rejected)
            rejectedRows.push({ ...record, [INPUT_INDEX_COLUMN]: item.index, [RECORD_STATUS_COLUMN]: verdict });
        } else {
          memoryRecords.push(...records);
          plan.memorySink?.acceptedIndices.push(...records.map(() => item.index));
          for (const { record, status: verdict } of item.rejected)
            plan.memorySink?.rejected.push({ record: record as R, inputIndex: item.index, status: verdict });
        }
      }
      committedInputs += result.items.length;
      committedRecords += result.items.reduce((sum, item) => sum + item.records.length, 0);
      progress.filteredRecords += result.filteredRecords;
      progress.duplicateRecords += result.duplicateRecords;
      progress.failedAttempts += result.failedAttempts;
      for (const warning of result.warnings) if (!plan.warnings.includes(warning)) plan.warnings.push(warning);
      if (store && entries.length > 0) await store.commit(entries, rows, parquetBatch, state.snapshot(), rejectedRows);
      for (const [index, entry] of entries) ledger.set(index, entry);
      // Committed: the records no longer need to sit in Redis (a failed removal only leaves them until the age limit).
      await queue?.remove(id).catch(() => undefined);
      try {
        options.onProgress?.({ ...progress });
      } catch (cause) {
        throw new FactoryHookError(`Hook onProgress threw: ${cause instanceof Error ? cause.message : String(cause)}`, {
          cause,
          fix: 'Fix onProgress; the committed batches are stored, resume(jobId) continues the job.',
        });
      }
    };
    const consume = (id: string, returned: unknown) => {
      if (!outstanding.has(id)) return;
      const parsed = FactoryBatchResultSchema.safeParse(typeof returned === 'string' ? safeJson(returned) : returned);
      if (!parsed.success) {
        fail(id, `unreadable result (${parsed.error.issues[0]?.message ?? 'schema'})`);
        return;
      }
      settled(id);
      commits = commits
        .then(() => commit(id, parsed.data))
        .catch((error: unknown) => {
          commitError ??= error;
        })
        .finally(notify);
    };
    const fail = (id: string, cause: string) => {
      const batch = outstanding.get(id);
      if (!batch) return;
      settled(id);
      failed.push({ batch: batch.batch, inputs: batch.items.length, cause });
      notify();
    };

    try {
      connection = await connectRedis(redisUrl, { role: `data factory '${name}'` });
      eventsConnection = await connectRedis(redisUrl, { role: `data factory '${name}' (events)` });
      // Completed events carry the return value (the records): a short events stream bounds what Redis
      // keeps of them; a caller that fell behind finds the results in the jobs (reconcile).
      queue = new QueueClass(queueName, { connection, prefix, streams: { events: { maxLen: FACTORY_EVENTS_MAX_LEN } } });
      events = new QueueEventsClass(queueName, { connection: eventsConnection, prefix });
      events.on('error', () => undefined);
      events.on('completed', ({ jobId, returnvalue }) => consume(jobId, returnvalue));
      events.on('failed', ({ jobId, failedReason }) => {
        if (!outstanding.has(jobId) || queue === undefined) return;
        void queue.getJobState(jobId).then((jobState) => {
          if (jobState === 'failed') fail(jobId, failedReason);
        });
      });
      await events.waitUntilReady();
      await queue.waitUntilReady();

      // Batches of this job already in Redis (a resumed job): finished ones are committed, failed ones
      // retried, queued or running ones awaited; only the others are added. A new job (fresh id) has none.
      for (const id of plan.resumed === undefined ? [] : [...outstanding.keys()]) {
        const job: Job | undefined = await queue.getJob(id);
        if (!job) continue;
        enqueued.add(id);
        inFlightInputs += outstanding.get(id)?.items.length ?? 0;
        inFlightBatches++;
        const jobState = await job.getState();
        if (jobState === 'completed') consume(id, job.returnvalue);
        else if (jobState === 'failed') await job.retry('failed');
      }
      toAdd.push(...[...outstanding.keys()].filter((id) => !enqueued.has(id)));
      const topUp = async (client: Queue) => {
        const chunk: string[] = [];
        while (toAdd.length > 0 && inFlightBatches < maxQueuedBatches) {
          if (Number.isFinite(target)) {
            const remaining = target - progress.accepted;
            const perInput = committedInputs > 0 ? committedRecords / committedInputs : 1;
            if (remaining <= 0 || inFlightInputs * perInput >= remaining * 1.25) break;
          }
          const id = toAdd.shift() as string;
          const batch = outstanding.get(id);
          if (!batch) continue;
          enqueued.add(id);
          inFlightInputs += batch.items.length;
          inFlightBatches++;
          chunk.push(id);
          if (chunk.length === ENQUEUE_CHUNK) await addJobs(client, chunk.splice(0));
        }
        if (chunk.length > 0) await addJobs(client, chunk);
      };
      const addJobs = (client: Queue, ids: readonly string[]) =>
        client.addBulk(
          ids.map((id) => ({ name: FACTORY_BATCH_JOB_NAME, data: dataOf(outstanding.get(id) as OutstandingBatch), opts: { ...jobOptions, jobId: id } })),
        );
      await topUp(queue);

      const reconcileEvery = queueOptions.reconcileIntervalMs ?? 5_000;
      while (outstanding.size > 0 && progress.accepted < target && commitError === undefined) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        await topUp(queue);
        if (Date.now() - lastEventAt >= reconcileEvery) {
          lastEventAt = Date.now();
          await reconcile(
            queue,
            [...enqueued].filter((id) => outstanding.has(id)),
            consume,
            fail,
            (id) => queue?.add(FACTORY_BATCH_JOB_NAME, dataOf(outstanding.get(id) as OutstandingBatch), { ...jobOptions, jobId: id }),
          );
        }
      }
      await commits;
      if (commitError !== undefined) {
        // As locally, a failed run keeps what it committed.
        if (store) await store.finish(target, options.batchSize, false).catch(() => undefined);
        throw commitError;
      }
      // Target reached: the batches nobody started are not needed any more.
      for (const id of outstanding.keys()) if (enqueued.has(id)) await queue.remove(id).catch(() => undefined);
    } finally {
      await events?.close().catch(() => undefined);
      await queue?.close().catch(() => undefined);
      connection?.disconnect();
      eventsConnection?.disconnect();
    }

    const complete = progress.accepted >= target || ledger.size === plan.inputs.length;
    let records: R[] = memoryRecords;
    if (store) {
      await store.finish(target, options.batchSize, complete);
      records = (await store.readRows()).map((row) => {
        const { [INPUT_INDEX_COLUMN]: _dropped, ...record } = row;
        return record as R;
      });
    }
    if (failed.length > 0) {
      failed.sort((a, b) => a.batch - b.batch);
      throw new DataFactoryError(
        `${failed.length} batch(es) of queued data factory '${name}' (job ${plan.jobId}) failed on the workers: ${failed
          .slice(0, 5)
          .map((item) => `batch ${item.batch} (${item.inputs} inputs): ${item.cause}`)
          .join('; ')}${failed.length > 5 ? '; …' : ''}`,
        {
          fix: `Fix the cause (every worker must import the module registering '${name}', in the same version), then resume(jobId): finished inputs are kept.`,
        },
      );
    }
    return runResult(plan, records, progress);
  };

  return { name, checkInputs, execute };
}

/** Checks batches nothing was heard about (events lost while Redis was away): finished, failed or gone. */
async function reconcile(
  queue: Queue,
  ids: readonly string[],
  consume: (id: string, returned: unknown) => void,
  fail: (id: string, cause: string) => void,
  requeue: (id: string) => Promise<unknown> | undefined,
): Promise<void> {
  for (const id of ids) {
    const job: Job | undefined = await queue.getJob(id);
    if (!job) {
      await requeue(id);
      continue;
    }
    const jobState = await job.getState();
    if (jobState === 'completed') consume(id, job.returnvalue);
    else if (jobState === 'failed') fail(id, job.failedReason ?? 'unknown');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
