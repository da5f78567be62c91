import { extractProviderMessage } from './extract-provider-message.js';
import type { HeaderSource } from './header-value.js';
import { ModelProviderError } from './model-provider-error.js';
import { parseRetryAfterMs } from './parse-retry-after.js';
import type { ProviderErrorKind } from './provider-error-kind.js';

const QUOTA_PHRASES = [
  'credit balance is too low',
  'purchase credits',
  'out of credits',
  'not enough credits',
  'insufficient credits',
  'insufficient_quota',
  'insufficient quota',
  'quota exceeded',
];
const CONTEXT_PATTERN = /context window|context length|maximum context|too many tokens|max tokens/;
const UNSUPPORTED_PATTERN = /unsupported parameter|not supported|unknown parameter|cannot both be specified|please use only one|mutually exclusive/;

/** Maps an HTTP status and body to an error kind, in the order of engine-spec §4.5. */
export function httpStatusToKind(status: number, bodyText: string): ProviderErrorKind {
  const message = extractProviderMessage(bodyText) ?? '';
  const text = `${bodyText}\n${message}`.toLowerCase();
  if (QUOTA_PHRASES.some((phrase) => text.includes(phrase))) return 'QUOTA_EXCEEDED';
  if (status === 401) return 'AUTHENTICATION';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 408) return 'TIMEOUT';
  if (status === 413 || (status === 400 && CONTEXT_PATTERN.test(text))) return 'CONTEXT_WINDOW_EXCEEDED';
  if (status === 422) return 'UNPROCESSABLE_ENTITY';
  if (status === 429) return 'RATE_LIMIT';
  if (status === 400) return UNSUPPORTED_PATTERN.test(text) ? 'UNSUPPORTED_PARAMS' : 'BAD_REQUEST';
  if (status >= 500 && status <= 599) return 'INTERNAL_SERVER';
  return 'API_ERROR';
}

/**
 * Classifies a non-2xx response into a `ModelProviderError` with the provider's message and the
 * `Retry-After` / `retry-after-ms` delay when present.
 */
export function classifyHttpError(status: number, bodyText: string, headers?: HeaderSource): ModelProviderError {
  const retryAfterMs = parseRetryAfterMs(headers);
  return new ModelProviderError({
    kind: httpStatusToKind(status, bodyText),
    status,
    providerMessage: extractProviderMessage(bodyText),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
