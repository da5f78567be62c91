import type { Redis, RedisOptions } from 'ioredis';
import { importOptionalPackages } from '../optional-packages/index.js';
import { DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES } from './distributed-packages.js';
import { parseRedisUrl, redactRedisUrl } from './redis-connection.js';

// Internal: the ioredis types stay out of the published surface (ioredis is an optional peer).

/** Longest pause between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 5_000;

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
  const { Redis: RedisClass } = await importOptionalPackages(DISTRIBUTED_FEATURE, DISTRIBUTED_PACKAGES, () => import('ioredis'));
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
