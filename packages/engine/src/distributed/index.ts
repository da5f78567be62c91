export { DistributedRunError, FactoryBatchJobSchemaError, RowGroupJobSchemaError } from './distributed-errors.js';
export { parseRedisUrl, redactRedisUrl, DEFAULT_QUEUE_NAME, DEFAULT_KEY_PREFIX, REDIS_URL_ENV, type RedisQueueOptions } from './redis-connection.js';
export { deleteRedisKeys } from './delete-redis-keys.js';
export { DISTRIBUTED_PACKAGES } from './distributed-packages.js';
// connectRedis and RedisAdmissionStateStore stay internal: their signatures carry ioredis types, and
// ioredis is an optional peer dependency that a published type must not require.
export {
  RowGroupJobDataSchema,
  RowGroupJobResultSchema,
  parseRowGroupJobData,
  rowGroupJobId,
  distributedRunId,
  ROW_GROUP_JOB_NAME,
  ROW_GROUP_JOB_SCHEMA_VERSION,
  type RowGroupJobData,
  type RowGroupJobResult,
} from './row-group-job.js';
export { startRowGroupWorker, type RowGroupWorker, type RowGroupWorkerOptions } from './start-row-group-worker.js';
export { WORKER_LOCK_DURATION_MS, WORKER_STALLED_INTERVAL_MS } from './worker-lock-settings.js';
export { createDatasetDistributed, type CreateDatasetDistributedOptions, type FailedRowGroup } from './create-dataset-distributed.js';
export {
  FactoryBatchJobDataSchema,
  FactoryBatchResultSchema,
  FACTORY_BATCH_JOB_NAME,
  FACTORY_BATCH_JOB_SCHEMA_VERSION,
  factoryBatchJobId,
  factoryQueueName,
  parseFactoryBatchJobData,
  type FactoryBatchJobData,
  type FactoryBatchResult,
} from './factory-batch-job.js';
export { queuedFactoryNames, resetQueuedFactories } from './factory-registry.js';
export type { FactoryQueueOptions } from './factory-queue.js';
export { startFactoryWorker, type FactoryWorker, type FactoryWorkerOptions } from './factory-worker.js';
