import { describe, expect, it } from '@jest/globals';
import { decideRetry } from './decide-retry.js';
import { resolveRetryPolicy } from './retry-policy.js';

const policy = resolveRetryPolicy({
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 5000,
  jitter: 0,
  isPreserved: (error) => (error as { isPreserved?: boolean }).isPreserved === true,
});
const notFatal = { isFatal: () => false };
const transient = { isRetryable: true };
const rateLimited = { isRetryable: true, isPreserved: true, retryAfterMs: 700 };

describe('decideRetry (the one retry decision of the scheduler)', () => {
  it('fatal errors stop the run; non-retryable ones fail the task', () => {
    expect(decideRetry(policy, { attempts: 1, phase: 'normal' }, transient, { isFatal: () => true })).toEqual({ kind: 'fatal' });
    expect(decideRetry(policy, { attempts: 1, phase: 'normal' }, new Error('bad request'), notFatal)).toEqual({ kind: 'fail' });
  });

  it('retryable errors back off until maxAttempts, then wait for a salvage round', () => {
    expect(decideRetry(policy, { attempts: 1, phase: 'normal' }, transient, notFatal)).toEqual({ kind: 'delay', delayMs: 100, phase: 'normal' });
    expect(decideRetry(policy, { attempts: 2, phase: 'normal' }, transient, notFatal)).toEqual({ kind: 'delay', delayMs: 200, phase: 'normal' });
    expect(decideRetry(policy, { attempts: 3, phase: 'normal' }, transient, notFatal)).toEqual({ kind: 'salvage' });
    expect(decideRetry(policy, { attempts: 1, phase: 'salvage' }, transient, notFatal)).toEqual({ kind: 'salvage' });
  });

  it('preserved errors are replayed at the provider pace, never dropped, also after salvage rounds', () => {
    expect(decideRetry(policy, { attempts: 9, phase: 'normal' }, rateLimited, notFatal)).toEqual({ kind: 'delay', delayMs: 700, phase: 'preserved' });
    expect(decideRetry(policy, { attempts: 9, phase: 'salvage' }, rateLimited, { ...notFatal, afterSalvage: true })).toEqual({
      kind: 'delay',
      delayMs: 5000,
      phase: 'preserved',
    });
    expect(decideRetry(policy, { attempts: 9, phase: 'salvage' }, transient, { ...notFatal, afterSalvage: true })).toEqual({ kind: 'fail' });
  });
});
