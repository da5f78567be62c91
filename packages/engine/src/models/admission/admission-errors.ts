import { defineErrorClass } from '@dd/config';

/**
 * No admission within the caller's queue timeout. Retryable and preserved: the scheduler defers the
 * task and replays it rather than failing the row.
 */
export class RequestAdmissionTimeoutError extends defineErrorClass('REQUEST_ADMISSION_TIMEOUT') {
  /** The scheduler may retry the task. */
  readonly isRetryable = true;
  /** Retried beyond salvage rounds, like a 429. */
  readonly isPreserved = true;

  constructor(message: string, options?: { cause?: unknown; fix?: string }) {
    super(message, options);
    this.name = 'RequestAdmissionTimeoutError';
  }
}

/** Admission was asked for a (provider, model) nobody registered: a wiring bug, not retryable. */
export class RequestAdmissionUnregisteredError extends defineErrorClass('RequestAdmissionUnregisteredError') {}

/** Invalid registration or tuning (cap below 1, factor outside (0, 1), ...). */
export class RequestAdmissionConfigurationError extends defineErrorClass('RequestAdmissionConfigurationError') {}
