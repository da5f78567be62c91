import { afterEach, describe, expect, it } from '@jest/globals';
import type { AdmissionKey, AdmissionLease } from '../model-types.js';
import type { RequestAdmissionEvent } from './admission-events.js';
import { RequestAdmissionTimeoutError, RequestAdmissionUnregisteredError } from './admission-errors.js';
import { RequestAdmissionController } from './request-admission-controller.js';

const chat: AdmissionKey = { provider: 'p', model: 'm', domain: 'chat' };
const embedding: AdmissionKey = { provider: 'p', model: 'm', domain: 'embedding' };
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const controllers: RequestAdmissionController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.close();
});

/** A controller on a fake clock; `initialLimit: null` (start at the cap, as the original) unless given. */
function setup(cap = 4, tuning = {}, initialLimit: number | null = null) {
  let time = 1_000;
  const events: RequestAdmissionEvent[] = [];
  const controller = new RequestAdmissionController({ now: () => time, onEvent: (e) => events.push(e), tuning, initialLimit });
  controllers.push(controller);
  controller.register('p', 'm', cap);
  return {
    controller,
    events,
    advance: (ms: number) => {
      time += ms;
      controller.poll();
    },
    limit: (domain: 'chat' | 'embedding' = 'chat') => controller.snapshot('p', 'm')?.domains[domain]?.limit,
  };
}

/** Acquires and records grants in order. */
function acquireAll(controller: RequestAdmissionController, keys: AdmissionKey[], granted: AdmissionLease[], order: number[]): void {
  keys.forEach((key, i) => {
    void controller.acquire(key).then((lease) => {
      granted.push(lease);
      order.push(i);
    });
  });
}

describe('RequestAdmissionController', () => {
  it('never exceeds the cap with 100 concurrent acquirers', async () => {
    const { controller } = setup(5);
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        const lease = await controller.acquire(chat);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await settle();
        inFlight--;
        lease.release('success');
      }),
    );
    expect(peak).toBe(5);
    expect(controller.snapshot('p', 'm')?.domains.chat).toEqual({ limit: 5, inFlight: 0, waiters: 0 });
  });

  it('uses the smallest registered cap and clamps existing limits', () => {
    const { controller, limit } = setup(8);
    expect(limit()).toBeUndefined(); // domains are created on first use
    void controller.acquire(chat).catch(() => undefined);
    expect(limit()).toBe(8);
    controller.register('p', 'm', 3);
    controller.register('p', 'm', 6);
    expect(controller.snapshot('p', 'm')?.staticCap).toBe(3);
    expect(limit()).toBe(3);
  });

  it('says whether a release admitted a waiting request', async () => {
    const { controller } = setup(1);
    const first = await controller.acquire(chat);
    const waiting = controller.acquire(chat);
    expect(first.release('success')).toBe(true);
    const second = await waiting;
    expect(second.release('success')).toBe(false);
    expect(second.release('success')).toBe(false); // a duplicate release admits nobody
  });

  it('grants waiters of one resource in FIFO order', async () => {
    const { controller } = setup(1);
    const first = await controller.acquire(chat);
    const granted: AdmissionLease[] = [];
    const order: number[] = [];
    acquireAll(controller, [chat, chat, chat, chat], granted, order);
    for (let i = 0; i < 4; i++) {
      (i === 0 ? first : granted[i - 1])!.release('success');
      await settle();
    }
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('alternates between two resources that share the cap', async () => {
    const { controller } = setup(1);
    const first = await controller.acquire(chat);
    const granted: AdmissionLease[] = [];
    const order: number[] = [];
    // Four chat waiters queue before four embedding waiters; service still alternates.
    acquireAll(controller, [chat, chat, chat, chat, embedding, embedding, embedding, embedding], granted, order);
    for (let i = 0; i < 8; i++) {
      (i === 0 ? first : granted[i - 1])!.release('success');
      await settle();
    }
    expect(granted.map((lease) => lease.key.domain)).toEqual(['chat', 'embedding', 'chat', 'embedding', 'chat', 'embedding', 'chat', 'embedding']);
    expect(order).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
  });

  it('does not let a newcomer jump an eligible waiter', async () => {
    const { controller, advance } = setup(2);
    const lease = await controller.acquire(chat);
    lease.release('rate_limited'); // limit 2 → 1, cooldown 2 s
    const order: string[] = [];
    void controller
      .acquire(chat)
      .then(() => order.push('waiter'))
      .catch(() => undefined);
    advance(2_000); // cooldown over; poll admits the waiter
    void controller
      .acquire(chat)
      .then(() => order.push('newcomer'))
      .catch(() => undefined);
    await settle();
    expect(order).toEqual(['waiter']);
  });

  it('decreases once per 429 burst and extends the cooldown', async () => {
    const { controller, events, limit } = setup(8);
    const leases = await Promise.all(Array.from({ length: 8 }, () => controller.acquire(chat)));
    for (const lease of leases) lease.release('rate_limited');
    expect(limit()).toBe(6); // floor(8 · 0.75), once
    expect(events.filter((e) => e.type === 'request_limit_decreased')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'request_rate_limited')).toHaveLength(8);
    expect(controller.snapshot('p', 'm')?.ceiling).toBe(8);
  });

  it('blocks during the cooldown (Retry-After wins) and admits after it', async () => {
    const { controller, advance } = setup(4);
    (await controller.acquire(chat)).release('rate_limited', { retryAfterMs: 5_000 });
    expect(controller.snapshot('p', 'm')?.cooldownRemainingMs).toBe(5_000);
    let granted = false;
    void controller
      .acquire(chat)
      .then(() => (granted = true))
      .catch(() => undefined);
    advance(2_000);
    await settle();
    expect(granted).toBe(false);
    advance(3_000);
    await settle();
    expect(granted).toBe(true);
  });

  it('adds one per 25 successes after the cooldown, up to the cap, then reports recovery', async () => {
    const { controller, events, advance, limit } = setup(4);
    (await controller.acquire(chat)).release('rate_limited');
    expect(limit()).toBe(3);
    await Promise.resolve(); // successes during the cooldown change nothing
    const during = controller.acquire(chat);
    advance(2_000);
    (await during).release('success');
    for (let i = 0; i < 23; i++) (await controller.acquire(chat)).release('success');
    expect(limit()).toBe(3);
    (await controller.acquire(chat)).release('success');
    expect(limit()).toBe(4);
    for (let i = 0; i < 25; i++) (await controller.acquire(chat)).release('success');
    expect(limit()).toBe(4);
    expect(events.map((e) => e.type)).toEqual(['request_rate_limited', 'request_limit_decreased', 'request_limit_increased', 'request_fully_recovered']);
  });

  it('ramps from 1 to the cap and a 429 aborts the ramp', async () => {
    const { controller, advance, limit } = setup(9, { startup_ramp_seconds: 8 });
    const lease = await controller.acquire(chat);
    expect(limit()).toBe(1);
    advance(4_000);
    expect(limit()).toBe(5);
    advance(4_000);
    expect(limit()).toBe(9);
    lease.release('success');

    const ramped = setup(9, { startup_ramp_seconds: 8 });
    const first = await ramped.controller.acquire(chat);
    ramped.advance(4_000);
    expect(ramped.limit()).toBe(5);
    first.release('rate_limited');
    expect(ramped.limit()).toBe(3);
    ramped.advance(8_000);
    expect(ramped.limit()).toBe(3);
  });

  it('ignores duplicate releases', async () => {
    const { controller, limit } = setup(2);
    const a = await controller.acquire(chat);
    await controller.acquire(chat);
    a.release('rate_limited');
    a.release('rate_limited');
    a.release('success');
    expect(limit()).toBe(1);
    expect(controller.snapshot('p', 'm')?.domains.chat?.inFlight).toBe(1);
    expect(controller.duplicateReleases).toBe(2);
  });

  it('rejects after the queue timeout with a retryable, preserved error', async () => {
    const { controller } = setup(1);
    await controller.acquire(chat);
    const error: unknown = await controller.acquire(chat, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(RequestAdmissionTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'REQUEST_ADMISSION_TIMEOUT', isRetryable: true, isPreserved: true });
    expect(controller.snapshot('p', 'm')?.domains.chat?.waiters).toBe(0);
  });

  it('rejects with the abort reason and removes the waiter', async () => {
    const { controller } = setup(1);
    const held = await controller.acquire(chat);
    const abort = new AbortController();
    const pending = controller.acquire(chat, { signal: abort.signal });
    expect(controller.snapshot('p', 'm')?.domains.chat?.waiters).toBe(1);
    abort.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(controller.snapshot('p', 'm')?.domains.chat?.waiters).toBe(0);
    held.release('success');
    expect(controller.snapshot('p', 'm')?.domains.chat?.inFlight).toBe(0);
    await expect(controller.acquire(chat, { signal: abort.signal })).rejects.toThrow('stop');
  });

  it('rejects an unregistered model at once', async () => {
    const { controller } = setup(1);
    const error: unknown = await controller.acquire({ ...chat, model: 'other' }).catch((e: unknown) => e);
    expect(RequestAdmissionUnregisteredError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/'other' of provider 'p' is not registered/);
  });

  it('shares the (provider, model) cap across domains', async () => {
    const { controller } = setup(3);
    await controller.acquire(chat);
    await controller.acquire(chat);
    await controller.acquire(embedding);
    let granted = false;
    void controller
      .acquire(embedding)
      .then(() => (granted = true))
      .catch(() => undefined);
    await settle();
    expect(granted).toBe(false);
    const snap = controller.snapshot('p', 'm');
    expect(snap?.domains).toEqual({ chat: { limit: 3, inFlight: 2, waiters: 0 }, embedding: { limit: 3, inFlight: 1, waiters: 1 } });
  });

  describe('slow start and overshoots', () => {
    it('starts at initialLimit and adds one per success up to the cap, with no 429', async () => {
      const { controller, limit, events } = setup(20, {}, 8);
      const leases = await Promise.all(Array.from({ length: 8 }, () => controller.acquire(chat)));
      expect(limit()).toBe(8);
      let ninth = false;
      void controller.acquire(chat).then(() => (ninth = true));
      await settle();
      expect(ninth).toBe(false); // 8 in flight, limit 8
      leases[0]!.release('success'); // limit 9: the waiter and one more fit
      await settle();
      expect(ninth).toBe(true);
      expect(limit()).toBe(9);
      for (let i = 0; i < 30; i++) (await controller.acquire(chat)).release('success');
      expect(limit()).toBe(20);
      expect(events.filter((e) => e.type === 'request_limit_increased').every((e) => e.type === 'request_limit_increased' && e.reason === 'slow_start')).toBe(
        true,
      );
    });

    it('counts a slow-start lease held past the grace period without a 429 as taken: the limit doubles per grace, not per reply', async () => {
      const { controller, limit, events, advance } = setup(32, {}, 8);
      const first = await Promise.all(Array.from({ length: 8 }, () => controller.acquire(chat)));
      const granted: AdmissionLease[] = [];
      for (let i = 0; i < 24; i++) void controller.acquire(chat).then((lease) => granted.push(lease));
      await settle();
      expect(granted).toHaveLength(0);
      advance(19);
      await settle();
      expect(limit()).toBe(8); // not yet: the grace is 20 ms
      advance(1);
      await settle();
      expect(limit()).toBe(16); // the 8 held leases count
      expect(granted).toHaveLength(8);
      advance(20);
      await settle();
      expect(limit()).toBe(24); // the 8 from the last step count in their turn
      advance(20);
      await settle();
      expect(limit()).toBe(32);
      expect(granted).toHaveLength(24);
      // Their replies add nothing more (slow start is over at the cap anyway); no 429 was needed.
      for (const lease of [...first, ...granted]) lease.release('success');
      expect(limit()).toBe(32);
      expect(events.some((e) => e.type === 'request_rate_limited')).toBe(false);
    });

    it('a lease released (or answered 429) within the grace period is not counted', async () => {
      const { controller, limit, advance } = setup(64, {}, 8);
      const leases = await Promise.all(Array.from({ length: 8 }, () => controller.acquire(chat)));
      leases[0]!.release('success'); // a reply: +1 (limit 9)
      leases[1]!.release('rate_limited'); // the provider is full: slow start ends at the 6 still in flight
      expect(limit()).toBe(6);
      advance(25);
      expect(limit()).toBe(6); // the 6 others held past the grace do not raise it after the 429
      for (const lease of leases.slice(2)) lease.release('success');
    });

    it('counts each slow-start lease once: at its reply or at the grace period, whichever comes first', async () => {
      const { controller, limit, advance } = setup(64, {}, 4);
      const leases = await Promise.all(Array.from({ length: 4 }, () => controller.acquire(chat)));
      leases[0]!.release('success'); // replied within the grace: counted now
      expect(limit()).toBe(5);
      advance(20); // the 3 still held count
      expect(limit()).toBe(8);
      for (const lease of leases.slice(1)) lease.release('success'); // already counted
      expect(limit()).toBe(8);
    });

    /** A controller with initialLimit 4 and cap 16 holding 4 leases, one second (past any grace) after they were taken. */
    async function fourLeasesASecondOld(options: { slowStartGraceMs?: null; slowStart?: boolean }) {
      let time = 0;
      const controller = new RequestAdmissionController({ now: () => time, initialLimit: 4, ...options });
      controllers.push(controller);
      controller.register('p', 'm', 16);
      const leases = await Promise.all(Array.from({ length: 4 }, () => controller.acquire(chat)));
      time += 1_000;
      controller.poll();
      return { controller, leases };
    }

    it('slowStartGraceMs: null grows slow start on replies only', async () => {
      const { controller, leases } = await fourLeasesASecondOld({ slowStartGraceMs: null });
      expect(controller.snapshot('p', 'm')?.domains.chat?.limit).toBe(4);
      leases[0]!.release('success');
      expect(controller.snapshot('p', 'm')?.domains.chat?.limit).toBe(5);
      for (const lease of leases.slice(1)) lease.release('success');
      expect(() => new RequestAdmissionController({ slowStartGraceMs: -1 })).toThrow(/slowStartGraceMs is -1/);
    });

    it('slowStart: false starts at initialLimit and grows by the additive steps only (shared admission)', async () => {
      const { controller, leases } = await fourLeasesASecondOld({ slowStart: false });
      // No grace confirmation and no +1 per reply: the limit stays at 4 through these successes.
      for (const lease of leases) lease.release('success');
      expect(controller.snapshot('p', 'm')?.domains.chat?.limit).toBe(4);
      // Later successes raise it by the additive step once a streak is complete, never past the cap.
      for (let i = 0; i < 200; i++) (await controller.acquire(chat)).release('success');
      const grown = controller.snapshot('p', 'm')?.domains.chat?.limit ?? 0;
      expect(grown).toBeGreaterThan(4);
      expect(grown).toBeLessThanOrEqual(16);
    });

    it('ends slow start at the first 429 without a cooldown: the limit drops to the requests still in flight', async () => {
      const { controller, limit, events } = setup(64, {}, 8);
      const first = await Promise.all(Array.from({ length: 8 }, () => controller.acquire(chat)));
      first[0]!.release('success'); // limit 9
      const probe = await controller.acquire(chat);
      const extra = await controller.acquire(chat); // 9 in flight: 7 old + 2 new
      probe.release('rate_limited', { retryAfterMs: 2_000 });
      // 8 still in flight; the floor is half the limit (4): the limit becomes 8, and nothing blocks.
      expect(limit()).toBe(8);
      expect(controller.snapshot('p', 'm')?.cooldownRemainingMs).toBe(0);
      expect(events.find((e) => e.type === 'request_rate_limited')).toMatchObject({ cooldownMs: 0, decreased: true });
      extra.release('success');
      let granted = false;
      void controller.acquire(chat).then(() => (granted = true));
      await settle();
      expect(granted).toBe(true);
    });

    it('later 429s of the overshoot burst bring the limit down to the in-flight count, not below the floor', async () => {
      const { controller, limit } = setup(64, {}, 16);
      const leases = await Promise.all(Array.from({ length: 16 }, () => controller.acquire(chat)));
      // The provider takes 6: the last 10 are answered 429, one after the other.
      for (const lease of leases.slice(6)) lease.release('rate_limited');
      expect(limit()).toBe(8); // in flight fell to 6; the floor is 16 / 2
      expect(controller.snapshot('p', 'm')?.cooldownRemainingMs).toBe(0);
    });

    it('probes a known ceiling rarely (4× fewer successes each time it is hit) and without a cooldown', async () => {
      const { controller, limit } = setup(64, {}, 8);
      const held = await Promise.all(Array.from({ length: 7 }, () => controller.acquire(chat)));
      const over = await controller.acquire(chat);
      over.release('success'); // limit 9
      const ninth = await Promise.all([controller.acquire(chat), controller.acquire(chat)]);
      ninth[1]!.release('rate_limited'); // slow start ends at 8 (known ceiling: 9)
      ninth[0]!.release('success');
      expect(limit()).toBe(8);
      const successesUntilProbe = async (): Promise<number> => {
        let n = 0;
        while (limit() === 8) {
          (await controller.acquire(chat)).release('success');
          n++;
        }
        return n;
      };
      const probeFails = async (): Promise<void> => {
        const lease = await controller.acquire(chat); // the 8th in flight at limit 9
        const probe = await controller.acquire(chat); // the 9th
        probe.release('rate_limited', { retryAfterMs: 1_000 });
        lease.release('success');
        expect(limit()).toBe(8);
        expect(controller.snapshot('p', 'm')?.cooldownRemainingMs).toBe(0);
      };
      expect(await successesUntilProbe()).toBe(24); // + ninth[0]'s success: 25
      await probeFails();
      // Each probe's companion lease counts one success too: 100 and 400 in all.
      expect(await successesUntilProbe()).toBe(99);
      await probeFails();
      expect(await successesUntilProbe()).toBe(399);
      for (const lease of held) lease.release('success');
    });

    it('a 429 below the known ceiling is a real one: cooldown and multiplicative decrease', async () => {
      const { controller, limit } = setup(64, {}, 8);
      const a = await controller.acquire(chat);
      a.release('success'); // limit 9
      const leases = await Promise.all(Array.from({ length: 9 }, () => controller.acquire(chat)));
      leases[8]!.release('rate_limited'); // end of slow start: limit 8
      expect(limit()).toBe(8);
      leases[0]!.release('rate_limited', { retryAfterMs: 3_000 }); // admitted at 9 > 8, overshoot burst: in flight 7 → 7
      expect(limit()).toBe(7);
      leases[1]!.release('success');
      const b = await controller.acquire(chat); // at limit 7, below the known ceiling
      b.release('rate_limited', { retryAfterMs: 3_000 });
      expect(controller.snapshot('p', 'm')?.cooldownRemainingMs).toBe(3_000);
      expect(limit()).toBe(5); // floor(7 · 0.75)
      for (const lease of leases.slice(2, 8)) lease.release('success');
    });
  });
});
