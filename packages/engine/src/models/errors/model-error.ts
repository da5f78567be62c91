import { DataDesignerError, type DataDesignerErrorOptions, type ErrorClassFactoryResult } from '@dd/config';
import type { RequestAttempt } from './model-provider-error.js';
import { isPreservedKind, isRetryableKind, type ProviderErrorKind } from './provider-error-kind.js';

/** Options of every user-facing model error. */
export interface ModelErrorOptions extends DataDesignerErrorOptions {
  model?: string;
  provider?: string;
  purpose?: string;
  status?: number | null;
  providerMessage?: string | null;
  retryAfterMs?: number;
  attempts?: RequestAttempt[];
}

/**
 * Base of the user-facing model errors. The scheduler reads `isRetryable`, `isPreserved` and
 * `retryAfterMs`; `errorKind` says what went wrong.
 */
export class ModelError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = 'ModelError';

  readonly errorKind: ProviderErrorKind;
  /** Retry the task later (rate limit, admission timeout, timeout, server error, connection). */
  readonly isRetryable: boolean;
  /** Never drop the task (rate limit, admission timeout). */
  readonly isPreserved: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | null;
  readonly providerMessage: string | null;
  readonly attempts: RequestAttempt[];
  readonly model: string | undefined;
  readonly provider: string | undefined;
  readonly purpose: string | undefined;

  constructor(className: string, errorKind: ProviderErrorKind, message: string, options: ModelErrorOptions = {}, markers: readonly string[] = []) {
    super(className, message, options);
    this.errorKind = errorKind;
    this.isRetryable = isRetryableKind(errorKind);
    this.isPreserved = isPreservedKind(errorKind);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status ?? null;
    this.providerMessage = options.providerMessage ?? null;
    this.attempts = options.attempts ?? [];
    this.model = options.model;
    this.provider = options.provider;
    this.purpose = options.purpose;
    for (const marker of ['ModelError', ...markers]) {
      Object.defineProperty(this, Symbol.for(`dd.error.${marker}`), { value: true, enumerable: false });
    }
  }
}

/** Declares a `ModelError` subclass for one kind; `markers` make it also match parent classes. */
export function defineModelErrorClass(
  className: string,
  errorKind: ProviderErrorKind,
  markers: readonly string[] = [],
): ErrorClassFactoryResult<ModelError, [message: string, options?: ModelErrorOptions]> {
  return class extends ModelError {
    constructor(message: string, options: ModelErrorOptions = {}) {
      super(className, errorKind, message, options, markers);
    }
    static override readonly kind: string = className;
  };
}
