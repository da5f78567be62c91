import type { Redis, RedisOptions } from 'ioredis';
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

/** Longest pause between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 5_000;

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

/** Options of `connectRedis`. */
export interface ConnectRedisOptions {
  /** Who connects (`worker`, `coordinator`, `admission`), for the messages. */
  role: string;
  /** Receives "unreachable, retrying" and "reconnected" lines. */
  onLog?: (level: 'info' | 'warning', message: string) => void;
  /** BullMQ workers need `null` (commands wait for the reconnection). @default null */
  maxRetriesPerRequest?: number | null;
}

/**
 * Opens an ioredis connection that never gives up: while Redis is unreachable it reconnects with
 * exponential backoff (0.2 s doubling to 5 s) and says so once per outage, then once when it is back.
 * Commands issued meanwhile wait in ioredis' offline queue.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions): Promise<Redis> {
  parseRedisUrl(url);
  const { Redis: RedisClass } = await import('ioredis');
  const log = options.onLog ?? (() => undefined);
  const where = redactRedisUrl(url);
  let down = false;
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    enableReadyCheck: true,
    retryStrategy: (attempt: number) => {
      const delay = Math.min(MAX_RECONNECT_DELAY_MS, 200 * 2 ** Math.min(attempt - 1, 10));
      if (!down) {
        down = true;
        log('warning', `⚠️ ${options.role}: Redis at ${where} is unreachable; retrying with backoff (next in ${delay} ms). Nothing on disk is lost.`);
      }
      return delay;
    },
  };
  const client = new RedisClass(url, redisOptions);
  client.on('error', () => undefined); // reported through retryStrategy; ioredis would print otherwise
  client.on('ready', () => {
    if (down) log('info', `✅ ${options.role}: reconnected to Redis at ${where}.`);
    down = false;
  });
  return client;
}

/** Deletes every key under `<prefix>:` (a queue's or a test's), e.g. to clean up after a run. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const connection = await connectRedis(url, { role: 'cleanup' });
  try {
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    return keys.length;
  } finally {
    connection.disconnect();
  }
}
