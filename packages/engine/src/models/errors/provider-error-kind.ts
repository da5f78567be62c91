/** Why a provider request failed (engine-spec §4.5). */
export const ProviderErrorKind = {
  RATE_LIMIT: 'RATE_LIMIT',
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  AUTHENTICATION: 'AUTHENTICATION',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  NOT_FOUND: 'NOT_FOUND',
  TIMEOUT: 'TIMEOUT',
  CONTEXT_WINDOW_EXCEEDED: 'CONTEXT_WINDOW_EXCEEDED',
  UNPROCESSABLE_ENTITY: 'UNPROCESSABLE_ENTITY',
  UNSUPPORTED_PARAMS: 'UNSUPPORTED_PARAMS',
  BAD_REQUEST: 'BAD_REQUEST',
  INTERNAL_SERVER: 'INTERNAL_SERVER',
  API_CONNECTION: 'API_CONNECTION',
  API_ERROR: 'API_ERROR',
  UNSUPPORTED_CAPABILITY: 'UNSUPPORTED_CAPABILITY',
  REQUEST_ADMISSION_TIMEOUT: 'REQUEST_ADMISSION_TIMEOUT',
} as const;

/** One of the `ProviderErrorKind` values. */
export type ProviderErrorKind = (typeof ProviderErrorKind)[keyof typeof ProviderErrorKind];

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>([
  'RATE_LIMIT',
  'REQUEST_ADMISSION_TIMEOUT',
  'TIMEOUT',
  'INTERNAL_SERVER',
  'API_CONNECTION',
]);

const PRESERVED: ReadonlySet<ProviderErrorKind> = new Set<ProviderErrorKind>(['RATE_LIMIT', 'REQUEST_ADMISSION_TIMEOUT']);

/** True when the scheduler should retry a task that failed with this kind. */
export function isRetryableKind(kind: ProviderErrorKind): boolean {
  return RETRYABLE.has(kind);
}

/** True when a task failing with this kind must never be dropped (retried until it succeeds). */
export function isPreservedKind(kind: ProviderErrorKind): boolean {
  return PRESERVED.has(kind);
}
