import { describe, expect, it } from '@jest/globals';
import { InMemoryAdmissionStore } from './in-memory-admission-store.js';
import { SchedulerConfigurationError } from './errors/index.js';

describe('InMemoryAdmissionStore', () => {
  it('caps each resource separately and tracks the peak', () => {
    const store = new InMemoryAdmissionStore({ 'model:a': 2 });
    expect(store.tryAcquire('model:a')).toBe(true);
    expect(store.tryAcquire('model:a')).toBe(true);
    expect(store.tryAcquire('model:a')).toBe(false);
    expect(store.tryAcquire('cpu')).toBe(true);
    store.release('model:a');
    store.release('model:b'); // unknown: ignored
    expect(store.tryAcquire('model:a')).toBe(true);
    expect(store.snapshot()).toEqual({
      'model:a': { inFlight: 2, limit: 2, peak: 2 },
      cpu: { inFlight: 1, limit: Number.POSITIVE_INFINITY, peak: 1 },
    });
  });

  it('rejects limits below one', () => {
    expect(() => new InMemoryAdmissionStore({ 'model:a': 0 })).toThrow(/'model:a' is 0/);
    try {
      new InMemoryAdmissionStore({}, -1);
    } catch (error) {
      expect(SchedulerConfigurationError.isInstance(error)).toBe(true);
    }
  });
});
