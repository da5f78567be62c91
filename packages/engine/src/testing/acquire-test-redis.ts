import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { freePort } from './free-port.js';

/** A Redis for tests, or why there is none. */
export type TestRedis =
  | {
      available: true;
      /** `redis://127.0.0.1:PORT`. */
      url: string;
      /** Where it came from: `REDIS_URL`, the default port or a server this process started. */
      source: 'REDIS_URL' | 'default port' | 'started';
      /** A prefix no other test uses (`ddtest:<uuid>`): use it for queue names and keys. */
      uniquePrefix(): string;
      /** Stops the server when this process started it. */
      close(): Promise<void>;
    }
  | { available: false; reason: string };

/** Answers true when a Redis at host:port replies PONG to PING within 1 s. */
export function pingRedis(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}

/** True when a `redis-server` binary is on the PATH (tests can start their own Redis). */
export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Finds a Redis for the distributed tests: `REDIS_URL` when set, else 127.0.0.1:6379, else a
 * `redis-server` started on a free port (nothing saved to disk) when the binary exists. Without any,
 * returns why; with `CI=true` it throws instead, so CI fails rather than skips. The reason is also
 * written to `<package>/.distributed-skipped` for `npm test`'s closing summary.
 */
export async function acquireTestRedis(options: { markerDir?: string } = {}): Promise<TestRedis> {
  const unique = () => `ddtest:${randomUUID().slice(0, 12)}`;
  const envUrl = process.env.REDIS_URL;
  if (envUrl !== undefined && envUrl !== '') {
    const parsed = new URL(envUrl);
    if (await pingRedis(parsed.hostname, Number(parsed.port || 6379))) {
      return { available: true, url: envUrl, source: 'REDIS_URL', uniquePrefix: unique, close: async () => undefined };
    }
    return unavailable(`REDIS_URL=${parsed.protocol}//${parsed.host} does not answer PING`, options.markerDir);
  }
  if (await pingRedis('127.0.0.1', 6379)) {
    return { available: true, url: 'redis://127.0.0.1:6379', source: 'default port', uniquePrefix: unique, close: async () => undefined };
  }
  if (!hasRedisServerBinary()) {
    return unavailable('no Redis answers on 127.0.0.1:6379, REDIS_URL is not set and no redis-server binary is installed', options.markerDir);
  }
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await pingRedis('127.0.0.1', port, 200)) {
      return {
        available: true,
        url: `redis://127.0.0.1:${port}`,
        source: 'started',
        uniquePrefix: unique,
        close: async () => {
          if (child.exitCode !== null) return;
          await new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          });
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  return unavailable(`redis-server started on port ${port} but never answered PING`, options.markerDir);
}

function unavailable(reason: string, markerDir: string | undefined): TestRedis {
  const message = `distributed suite did not run: ${reason}. Start Redis (redis-server) or set REDIS_URL.`;
  if (process.env.CI === 'true') throw new Error(`${message} CI=true: a Redis is required.`);
  if (markerDir !== undefined) {
    mkdirSync(markerDir, { recursive: true });
    writeFileSync(path.join(markerDir, '.distributed-skipped'), `${message}\n`, { flag: 'a' });
  }
  return { available: false, reason: message };
}
