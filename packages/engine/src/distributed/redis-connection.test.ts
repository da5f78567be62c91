import { spawn } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { hasRedisServerBinary, pingRedis } from '../testing/acquire-test-redis.js';
import { freePort } from '../testing/free-port.js';
import { connectRedis } from './connect-redis.js';
import { parseRedisUrl, redactRedisUrl } from './redis-connection.js';
import { DistributedRunError } from './distributed-errors.js';

const hasRedisServer = hasRedisServerBinary();

describe('connectRedis', () => {
  it('rejects URLs that are not redis:// with the value and the fix, and never prints passwords', () => {
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/protocol 'http:'/);
    expect(DistributedRunError.isInstance(captureError(() => parseRedisUrl('not a url')))).toBe(true);
    expect(redactRedisUrl('redis://user:s3cret@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(captureError(() => parseRedisUrl('ftp://u:s3cret@host')).message).not.toContain('s3cret');
  });

  if (!hasRedisServer) {
    it('did not run the outage test: no redis-server binary', () => {
      expect(process.env.CI).not.toBe('true');
    });
  } else {
    it('says once that Redis is unreachable, retries with backoff, and says when it is back; queued commands run', async () => {
      const port = await freePort();
      const lines: string[] = [];
      const client = await connectRedis(`redis://127.0.0.1:${port}`, { role: 'test worker', onLog: (level, message) => lines.push(`${level}: ${message}`) });
      try {
        const pending = client.set('dd-outage-test', '1', 'PX', 5_000);
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(lines.filter((line) => line.includes('unreachable'))).toHaveLength(1);
        expect(lines[0]).toMatch(/^warning: ⚠️ test worker: Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable; retrying with backoff/);
        const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
        try {
          for (let attempt = 0; attempt < 50 && !(await pingRedis('127.0.0.1', port, 200)); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
          // The command issued during the outage waited in the offline queue and runs after the reconnection.
          await expect(pending).resolves.toBe('OK');
          expect(lines.some((line) => line.startsWith('info: ✅ test worker: reconnected'))).toBe(true);
        } finally {
          client.disconnect();
          await new Promise<void>((resolve) => {
            server.once('exit', () => resolve());
            server.kill('SIGTERM');
          });
        }
      } finally {
        client.disconnect();
      }
    });
  }
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
