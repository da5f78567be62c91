import { DistributedRunError } from './distributed-errors.js';

/** Where the queue lives: a Redis URL plus the queue name and key prefix shared by coordinator and workers. */
export interface RedisQueueOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  redis: string;
  /** BullMQ queue name. @default 'data-designer' */
  queueName?: string;
  /** Prefix of every Redis key (BullMQ's and the admission store's). @default 'dd' */
  prefix?: string;
}

/** Defaults of `RedisQueueOptions`. */
export const DEFAULT_QUEUE_NAME = 'data-designer';
/** Default key prefix. */
export const DEFAULT_KEY_PREFIX = 'dd';

/** Environment variable read by `create` and `worker` when `--redis` is not given. */
export const REDIS_URL_ENV = 'DATA_DESIGNER_REDIS_URL';

/** Checks a Redis URL and returns it; throws `DistributedRunError` naming the value and the fix. */
export function parseRedisUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DistributedRunError(`Invalid Redis URL '${redactRedisUrl(url)}'.`, {
      fix: 'Use redis://host:port (or rediss:// for TLS), e.g. redis://127.0.0.1:6379.',
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new DistributedRunError(`Redis URL '${redactRedisUrl(url)}' has protocol '${parsed.protocol}'.`, { fix: 'Use redis:// or rediss://.' });
  }
  return parsed;
}

/** The URL with any password replaced by `***` (safe to log). */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
