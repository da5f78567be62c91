/** Lock and stall settings: a SIGKILLed worker's job is taken over within about 25 s. */
export const WORKER_LOCK_DURATION_MS = 15_000;
/** How often workers look for stalled jobs (lock expired, holder gone). */
export const WORKER_STALLED_INTERVAL_MS = 10_000;
