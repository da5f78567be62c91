export { retryDelayMs, type BackoffOptions } from './backoff.js';
export { DelayQueue } from './delay-queue.js';
export { FairQueue, FairTaskQueue, type FairQueueCallbacks, type FairQueueItem, type FairQueueOptions } from './fair-queue.js';
export { retryAfterMsOf } from './retry-after.js';
export { isAbortError, isPreservedByFlag, isRetryableByFlag } from './retryability.js';
