import { connectRedis } from './connect-redis.js';

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
