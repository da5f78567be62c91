import type { JobsOptions, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Lock and stall settings: a SIGKILLed worker's job is taken over within about 25 s. */
export const WORKER_LOCK_DURATION_MS = 15_000;
/** How often workers look for stalled jobs (lock expired, holder gone). */
export const WORKER_STALLED_INTERVAL_MS = 10_000;

/** BullMQ settings shared by row-group and data-factory workers: jobs at once, lease, stall checks. */
export function bullWorkerOptions(
  connection: Redis,
  prefix: string,
  options: { concurrency?: number; lockDurationMs?: number; stalledIntervalMs?: number },
): WorkerOptions {
  return {
    connection,
    prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? WORKER_LOCK_DURATION_MS,
    stalledInterval: options.stalledIntervalMs ?? WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: 3,
    autorun: true,
  };
}

/** BullMQ settings of the jobs a coordinator or a queued data factory adds: `attempts` tries, backoff from 2 s, results kept a day, failures a week. */
export function bullJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
