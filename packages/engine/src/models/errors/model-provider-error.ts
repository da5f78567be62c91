import { isPreservedKind, isRetryableKind, type ProviderErrorKind } from './provider-error-kind.js';
import { redactSecrets } from './redact-secrets.js';

const MARKER = Symbol.for('dd.error.ModelProviderError');

/** One failed request attempt, as kept on the final error. */
export interface RequestAttempt {
  kind: ProviderErrorKind | 'UNEXPECTED';
  status: number | null;
  message: string;
}

/** Fields of a `ModelProviderError`. */
export interface ModelProviderErrorInit {
  kind: ProviderErrorKind;
  /** HTTP status, null for transport failures. */
  status?: number | null;
  /** The provider's own error text (already extracted from the body). */
  providerMessage?: string | null;
  /** How long the provider asked us to wait (`Retry-After`). */
  retryAfterMs?: number;
  /** Environment variable the API key came from (its name only), for authentication hints. */
  apiKeyEnvVar?: string | null;
  /** Every attempt of the request, oldest first (set by the request executor). */
  attempts?: RequestAttempt[];
  cause?: unknown;
}

/**
 * A failed provider request, thrown by model clients and the request executor. Internal: the facade
 * turns it into a user-facing `Model*Error` with `toModelError`. Messages are always redacted.
 */
export class ModelProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | null;
  readonly providerMessage: string | null;
  readonly retryAfterMs: number | undefined;
  readonly apiKeyEnvVar: string | null;
  readonly attempts: RequestAttempt[];

  constructor(init: ModelProviderErrorInit) {
    const providerMessage = init.providerMessage == null ? null : redactSecrets(init.providerMessage);
    const where = init.status == null ? init.kind : `${init.kind} (HTTP ${init.status})`;
    super(providerMessage ? `${where}: ${providerMessage}` : where, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ModelProviderError';
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.providerMessage = providerMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.apiKeyEnvVar = init.apiKeyEnvVar ?? null;
    this.attempts = init.attempts ?? [];
    Object.defineProperty(this, MARKER, { value: true, enumerable: false });
  }

  /** Read by the scheduler: retry the task later. */
  get isRetryable(): boolean {
    return isRetryableKind(this.kind);
  }

  /** Read by the scheduler: never drop the task (rate limits, admission timeouts). */
  get isPreserved(): boolean {
    return isPreservedKind(this.kind);
  }

  /** This error as one attempt record. */
  toAttempt(): RequestAttempt {
    return { kind: this.kind, status: this.status, message: this.message };
  }

  /** A copy carrying the given attempt history (and the API key env var if unknown). */
  with(fields: { attempts?: RequestAttempt[]; apiKeyEnvVar?: string | null }): ModelProviderError {
    return new ModelProviderError({
      kind: this.kind,
      status: this.status,
      providerMessage: this.providerMessage,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      apiKeyEnvVar: fields.apiKeyEnvVar ?? this.apiKeyEnvVar,
      attempts: fields.attempts ?? this.attempts,
      cause: this.cause,
    });
  }

  /** True when `value` is a `ModelProviderError` (marker check, survives duplicate installs). */
  static isInstance(value: unknown): value is ModelProviderError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
