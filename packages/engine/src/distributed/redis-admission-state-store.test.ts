import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { describeWithRedis } from '../testing/describe-with-redis.js';
import type { AdmissionLease } from '../models/model-types.js';
import { RequestAdmissionController } from '../models/admission/index.js';
import { connectRedis } from './connect-redis.js';
import { deleteRedisKeys } from './delete-redis-keys.js';
import { RedisAdmissionStateStore } from './redis-admission-state-store.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const chat = { provider: 'p', model: 'm', domain: 'chat' as const };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One simulated process: its own connection, store and controller. */
async function openProcess(url: string, prefix: string, options: { leaseTtlMs?: number } = {}) {
  const connection = await connectRedis(url, { role: 'test' });
  const store = new RedisAdmissionStateStore({ redis: connection, prefix, syncIntervalMs: 10, leaseTtlMs: options.leaseTtlMs ?? 5_000 });
  const controller = new RequestAdmissionController({ store, pollIntervalMs: 10, tuning: { cooldown_seconds: 0.2 } });
  return {
    store,
    controller,
    async close() {
      controller.close();
      await store.close();
      connection.disconnect();
    },
  };
}

await describeWithRedis('RedisAdmissionStateStore', { markerDir: packageDir }, (redis) => {
  const url = redis.url;
  it('three processes share one limit of 8: together they never hold more than 8 leases', async () => {
    const prefix = redis.uniquePrefix();
    const processes = await Promise.all([0, 1, 2].map(() => openProcess(url, prefix)));
    try {
      for (const proc of processes) proc.controller.register('p', 'm', 8);
      let inFlight = 0;
      let peak = 0;
      let admitted = 0;
      const perProcess = [0, 0, 0];
      // 3 × 40 requests of 20 ms each, all asked at once.
      await Promise.all(
        processes.flatMap((proc, index) =>
          Array.from({ length: 40 }, async () => {
            const lease: AdmissionLease = await proc.controller.acquire(chat, { timeoutMs: 20_000 });
            inFlight++;
            admitted++;
            perProcess[index] = (perProcess[index] ?? 0) + 1;
            peak = Math.max(peak, inFlight);
            await wait(20);
            inFlight--;
            lease.release('success');
          }),
        ),
      );
      expect(admitted).toBe(120);
      // No request before its process has an allotment (an idle process used to let its first one pass).
      expect(peak).toBeLessThanOrEqual(8);
      expect(peak).toBeGreaterThanOrEqual(4);
      await processes[0]?.store.flush();
      expect(await processes[0]?.store.peakHeld(JSON.stringify(['p', 'm']), 'chat')).toBeLessThanOrEqual(8);
    } finally {
      await Promise.all(processes.map((proc) => proc.close()));
      await deleteRedisKeys(url, prefix);
    }
  });

  it('a 429 in one process lowers the limit every process sees, once per storm', async () => {
    const prefix = redis.uniquePrefix();
    const [a, b] = await Promise.all([openProcess(url, prefix), openProcess(url, prefix)]);
    try {
      a?.controller.register('p', 'm', 8);
      b?.controller.register('p', 'm', 8);
      const leaseA = await a!.controller.acquire(chat);
      const leaseB = await b!.controller.acquire(chat);
      await a!.store.flush();
      await b!.store.flush();
      leaseA.release('rate_limited', { retryAfterMs: 300 });
      leaseB.release('rate_limited', { retryAfterMs: 300 });
      await a!.store.flush();
      await b!.store.flush();
      await a!.store.flush();
      // ×0.75 once (8 → 6), not twice (8 → 6 → 4): b's cut was from a limit that had already changed.
      expect(a!.controller.snapshot('p', 'm')?.domains.chat?.limit).toBe(6);
      expect(b!.controller.snapshot('p', 'm')?.domains.chat?.limit).toBe(6);
      expect(b!.controller.snapshot('p', 'm')?.cooldownRemainingMs).toBeGreaterThan(0);
    } finally {
      await a?.close();
      await b?.close();
      await deleteRedisKeys(url, prefix);
    }
  });

  it('frees the allotment of a process that stops syncing (killed) after the lease ttl', async () => {
    const prefix = redis.uniquePrefix();
    const dead = await openProcess(url, prefix, { leaseTtlMs: 300 });
    const alive = await openProcess(url, prefix, { leaseTtlMs: 300 });
    try {
      dead.controller.register('p', 'm', 2);
      alive.controller.register('p', 'm', 2);
      const held = [await dead.controller.acquire(chat), await dead.controller.acquire(chat)];
      await dead.store.flush();
      expect(held).toHaveLength(2);
      // "Kill" it: no more syncs, no release.
      Object.assign(dead.store, { closed: true });
      const heldKey = `${prefix}:adm:{${JSON.stringify(['p', 'm'])}}:held`;
      const connection = await connectRedis(url, { role: 'test' });
      expect(await connection.hget(heldKey, `${dead.store.processId}|chat`)).toBe('2');
      // Both need the dead process's slots: they are granted once its allotment expires.
      const lease = await alive.controller.acquire(chat, { timeoutMs: 5_000 });
      const second = await alive.controller.acquire(chat, { timeoutMs: 5_000 });
      expect(await connection.hget(heldKey, `${dead.store.processId}|chat`)).toBeNull();
      connection.disconnect();
      lease.release('success');
      second.release('success');
    } finally {
      await alive.close();
      await dead.close();
      await deleteRedisKeys(url, prefix);
    }
  });
});
