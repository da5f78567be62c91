export { DistributedRunError, RowGroupJobSchemaError } from './distributed-errors.js';
export {
  connectRedis,
  parseRedisUrl,
  redactRedisUrl,
  DEFAULT_QUEUE_NAME,
  DEFAULT_KEY_PREFIX,
  REDIS_URL_ENV,
  type RedisQueueOptions,
  type ConnectRedisOptions,
} from './redis-connection.js';
export { RedisAdmissionStateStore, type RedisAdmissionStateStoreOptions } from './redis-admission-state-store.js';
