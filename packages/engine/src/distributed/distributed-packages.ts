/** What needs `DISTRIBUTED_PACKAGES`, for the message when they are missing. */
export const DISTRIBUTED_FEATURE = 'Distributed runs (--redis, data-designer worker)';

/** Optional peer dependencies of `@dd/engine` that distributed runs load. */
export const DISTRIBUTED_PACKAGES: readonly string[] = ['bullmq', 'ioredis'];
