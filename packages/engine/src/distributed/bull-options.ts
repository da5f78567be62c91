import type { JobsOptions, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { WORKER_LOCK_DURATION_MS, WORKER_STALLED_INTERVAL_MS } from './worker-lock-settings.js';

// Internal: its types name bullmq and ioredis (optional peers), so the public index must not re-export from here.

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
