import type { AdmissionKey, AdmissionLease, LeaseOutcome, RequestAdmission } from '../model-types.js';

/** A `RequestAdmission` that grants every request at once (tests, runs without a controller). */
export class UnlimitedAdmission implements RequestAdmission {
  /** Ignored: there are no limits. */
  register(): void {}

  /** Grants a lease immediately (rejects with the signal's reason when already aborted). */
  async acquire(key: AdmissionKey, options: { signal?: AbortSignal } = {}): Promise<AdmissionLease> {
    options.signal?.throwIfAborted();
    return {
      key,
      release(_outcome: LeaseOutcome, _options?: { retryAfterMs?: number }): boolean {
        return false; // nobody ever waits
      },
    };
  }
}
