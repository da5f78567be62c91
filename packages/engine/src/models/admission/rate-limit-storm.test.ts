import { describe, expect, it } from '@jest/globals';
import type { AdmissionKey, AdmissionLease } from '../model-types.js';
import { RequestAdmissionController } from './request-admission-controller.js';

const key: AdmissionKey = { provider: 'p', model: 'm', domain: 'chat' };
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Discrete-event simulation on a fake clock: a provider that answers 429 (after 20 ms) above 8
 * concurrent requests and succeeds (after 100 ms) otherwise; a client that keeps 64 requests wanted.
 */
async function simulateStorm(total: number) {
  let time = 0;
  const controller = new RequestAdmissionController({ now: () => time, pollIntervalMs: 60_000 });
  controller.register('p', 'm', 64);
  let providerInFlight = 0;
  const pending: Array<{ at: number; lease: AdmissionLease; ok: boolean }> = [];
  const outcomes: boolean[] = [];
  const limits: number[] = [];
  const want = (): void => {
    void controller.acquire(key).then(
      (lease) => {
        providerInFlight++;
        const ok = providerInFlight <= 8;
        pending.push({ at: time + (ok ? 100 : 20), lease, ok });
      },
      () => undefined,
    );
  };
  for (let i = 0; i < 64; i++) want();
  while (outcomes.length < total) {
    await settle();
    const cooldown = controller.snapshot('p', 'm')?.cooldownRemainingMs ?? 0;
    pending.sort((a, b) => a.at - b.at);
    const next = pending[0];
    if (next === undefined || (cooldown > 0 && time + cooldown < next.at)) {
      time += cooldown; // nothing completes before the cooldown ends: wake the waiters
      controller.poll();
      continue;
    }
    pending.shift();
    time = next.at;
    providerInFlight--;
    outcomes.push(next.ok);
    next.lease.release(next.ok ? 'success' : 'rate_limited');
    limits.push(controller.snapshot('p', 'm')?.domains.chat?.limit ?? 0);
    want();
  }
  controller.close();
  const secondHalf = outcomes.slice(total / 2);
  return {
    rateLimitedShareSecondHalf: secondHalf.filter((ok) => !ok).length / secondHalf.length,
    rateLimitedTotal: outcomes.filter((ok) => !ok).length,
    limitsSecondHalf: limits.slice(total / 2),
    simulatedSeconds: time / 1000,
  };
}

describe('429 storm', () => {
  it('settles near the provider concurrency with few rate-limited requests', async () => {
    const result = await simulateStorm(5_000);
    const { limitsSecondHalf } = result;
    const mean = limitsSecondHalf.reduce((a, b) => a + b, 0) / limitsSecondHalf.length;
    // Figures for the report.
    process.stdout.write(
      `storm: 429 share (2nd half) ${(result.rateLimitedShareSecondHalf * 100).toFixed(2)}%, 429s total ${result.rateLimitedTotal}, ` +
        `limit 2nd half min ${Math.min(...limitsSecondHalf)} max ${Math.max(...limitsSecondHalf)} mean ${mean.toFixed(2)}, ` +
        `simulated ${result.simulatedSeconds.toFixed(1)} s\n`,
    );
    // Slow start overshoots once, then the known ceiling is probed rarely and without a cooldown.
    expect(result.rateLimitedTotal / 5_000).toBeLessThan(0.02);
    expect(result.rateLimitedShareSecondHalf).toBeLessThan(0.005);
    expect(Math.min(...limitsSecondHalf)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...limitsSecondHalf)).toBeLessThanOrEqual(9);
    // Simulated (fake-clock) time against the limit 5,000 × 100 ms / 8 = 62.5 s.
    expect(62.5 / result.simulatedSeconds).toBeGreaterThan(0.95);
  });
});
