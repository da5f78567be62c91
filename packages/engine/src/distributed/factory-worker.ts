import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DistributedRunError } from './distributed-errors.js';
import { FACTORY_BATCH_JOB_NAME, factoryQueueName, parseFactoryBatchJobData, type FactoryBatchResult } from './factory-batch-job.js';
import { queuedFactory, queuedFactoryNames } from './factory-registry.js';
import { importOptionalPackages } from '../optional-packages/index.js';
import { connectRedis } from './connect-redis.js';
import { DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES } from './distributed-packages.js';
import { DEFAULT_KEY_PREFIX, DEFAULT_QUEUE_NAME, redactRedisUrl, type RedisQueueOptions } from './redis-connection.js';
import { bullWorkerOptions } from './bull-options.js';

/** Options of `startFactoryWorker`. */
export interface FactoryWorkerOptions extends RedisQueueOptions {
  /** Factories to serve. @default every factory registered in this process (`queuedFactoryNames()`) */
  factories?: readonly string[];
  /** Batches run at once per factory (each runs its inputs with the factory's `maxConcurrency`). @default 1 */
  concurrency?: number;
  /** Name in results and logs. @default `<hostname>-<pid>-<random>` */
  workerId?: string;
  /** Lines to show (batch start/finish, Redis outages). */
  onLog?: (level: 'info' | 'warning' | 'error', message: string) => void;
  /** Overrides of the lock settings (tests). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** A running factory worker. */
export interface FactoryWorker {
  /** This worker's name. */
  readonly id: string;
  /** Factories it serves. */
  readonly factories: readonly string[];
  /** Batches finished by this process. */
  readonly completed: number;
  /** Stops taking batches, finishes the ones it holds, closes the connection. */
  close(): Promise<void>;
}

/**
 * Serves data-factory batches: one BullMQ worker per registered factory, on the queue
 * `<queueName>.factory.<name>`, so a process only takes batches of factories its modules register.
 * A batch runs the factory's function in this process (hooks, timeout, retries, dead letters) and
 * returns the ledger entries and accepted records; it writes nothing, so a batch redone after a crash
 * (stalled-job recovery) leaves no trace of the first try.
 */
export async function startFactoryWorker(options: FactoryWorkerOptions): Promise<FactoryWorker> {
  const { Worker: WorkerClass, UnrecoverableError } = await importOptionalPackages(DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES, () => import('bullmq'));
  const log = options.onLog ?? (() => undefined);
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const baseQueue = options.queueName ?? DEFAULT_QUEUE_NAME;
  const id = options.workerId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;
  const names = [...(options.factories ?? queuedFactoryNames())];
  if (names.length === 0) {
    throw new DistributedRunError('No queued data factory is registered in this process.', {
      fix: 'Import the module that calls dataFactory(fn, { name, queue }) first (data-designer worker -i ./module.mjs).',
    });
  }
  for (const name of names) {
    if (!queuedFactory(name))
      throw new DistributedRunError(`No queued data factory named '${name}' is registered in this process.`, {
        fix: `Registered: ${queuedFactoryNames().join(', ') || 'none'}.`,
      });
  }
  const connection: Redis = await connectRedis(options.redis, { role: `factory worker ${id}`, onLog: log });
  let completed = 0;

  const processJob = async (job: Job): Promise<FactoryBatchResult> => {
    if (job.name !== FACTORY_BATCH_JOB_NAME) throw new UnrecoverableError(`Unknown job '${job.name}' on a data-factory queue.`);
    const data = parseFactoryBatchJobData(job.data);
    const factory = queuedFactory(data.factory);
    if (!factory) throw new UnrecoverableError(`Worker ${id} has no data factory named '${data.factory}'.`);
    if (factory.fnFingerprint !== data.fnFingerprint) {
      // Another version of the module: its records would differ from the other workers'.
      throw new UnrecoverableError(`Worker ${id} runs another version of data factory '${data.factory}' (the function source differs from the caller's).`);
    }
    const started = Date.now();
    log('info', `▶ batch ${data.batch} of ${data.factory} job ${data.jobId} (${data.items.length} inputs)`);
    const outcome = await factory.runBatch(data.jobId, data.items);
    completed++;
    const records = outcome.items.reduce((sum, item) => sum + item.records.length, 0);
    log('info', `✅ batch ${data.batch} of ${data.factory}: ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ...outcome, batch: data.batch, worker: id, elapsedMs: Date.now() - started };
  };

  const workers: Worker[] = names.map((name) => {
    const worker: Worker = new WorkerClass(factoryQueueName(baseQueue, name), processJob, bullWorkerOptions(connection, prefix, options));
    worker.on('error', (error) => log('warning', `factory worker ${id}: ${error.message}`));
    worker.on('failed', (job, error) =>
      log('warning', `✖ batch ${String((job?.data as { batch?: number } | undefined)?.batch)} of ${name} failed on ${id}: ${error.message}`),
    );
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  log(
    'info',
    `👷 factory worker ${id} serves ${names.join(', ')} at ${redactRedisUrl(options.redis)} (queue '${factoryQueueName(baseQueue, '<name>')}', ${options.concurrency ?? 1} batch(es) at once)`,
  );

  let closing: Promise<void> | undefined;
  return {
    id,
    factories: names,
    get completed() {
      return completed;
    },
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((worker) => worker.close()));
        connection.disconnect();
      })();
      return closing;
    },
  };
}
