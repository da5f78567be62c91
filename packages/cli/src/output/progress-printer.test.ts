import { describe, expect, it } from '@jest/globals';
import type { GenerationEvent } from '@dd/engine';
import { createProgressPrinter } from './progress-printer.js';

function capture(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    },
    { isTTY, columns: 120 },
  ) as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number };
  return { stream, text: () => text };
}

const progress = (recordsDone: number, done: number): Extract<GenerationEvent, { type: 'progress' }> => ({
  type: 'progress',
  recordsDone,
  numRecords: 100,
  columns: [
    { name: 'x', done, total: 100, failed: 1, skipped: 2 },
    { name: 'review', done: done / 2, total: 100, failed: 0, skipped: 0 },
  ],
  errors: 1,
  retries: 3,
  requests: 50,
  failedRequests: 2,
  elapsedMs: 10_000,
});

describe('createProgressPrinter', () => {
  it('prints plain blocks with records, request rate, errors, retries and ETA when not a TTY', () => {
    const out = capture(false);
    const print = createProgressPrinter({ stream: out.stream, intervalMs: 0 });
    print(progress(50, 50));
    expect(out.text()).toContain('📊 Progress [10.0s]: 50/100 records, 5 rec/s, 5.0 req/s (50 requests, 2 failed), 1 errors, 3 retries, ETA');
    expect(out.text()).toContain("  |-- column 'x': 50/100 (50%), 1 failed, 2 skipped");
    expect(out.text()).not.toContain('\x1b[');
  });

  it('redraws a live block in place on a TTY and keeps log lines above it', () => {
    const out = capture(true);
    const print = createProgressPrinter({ stream: out.stream });
    print(progress(10, 20));
    print({ type: 'log', level: 'warning', message: 'careful' });
    print(progress(60, 80));
    const text = out.text();
    expect(text).toContain('\x1b[3F\x1b[J');
    expect(text).toContain('⚠️  careful');
    expect(text).toMatch(/x\s+\[█+░*\]\s+80% 80\/100/);
  });

  it('keeps reporting 429s and waits while no record completes', () => {
    const out = capture(false);
    const print = createProgressPrinter({ stream: out.stream, intervalMs: 0 });
    const stuck = (rateLimitedRequests: number): GenerationEvent => ({
      ...progress(0, 0),
      requests: 0,
      failedRequests: 0,
      rateLimitedRequests,
      waitingRequests: 32,
      cooldownRemainingMs: 1_500,
    });
    print(stuck(8));
    print(stuck(20));
    const blocks = out.text().split('📊').slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('8 × 429, 32 waiting (cooldown 1.5s)');
    expect(blocks[1]).toContain('20 × 429');
  });

  it('prints no repeat block when nothing moved', () => {
    const out = capture(false);
    const print = createProgressPrinter({ stream: out.stream, intervalMs: 0 });
    print(progress(50, 50));
    print(progress(50, 50));
    expect(out.text().split('📊')).toHaveLength(2);
  });

  it('prints only warnings when quiet', () => {
    const out = capture(false);
    const print = createProgressPrinter({ stream: out.stream, quiet: true, intervalMs: 0 });
    print(progress(50, 50));
    print({ type: 'log', level: 'info', message: 'info line' });
    print({ type: 'log', level: 'warning', message: 'warn line' });
    expect(out.text()).toBe('⚠️  warn line\n');
  });
});
