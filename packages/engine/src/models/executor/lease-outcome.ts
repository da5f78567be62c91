import { ModelProviderError } from '../errors/model-provider-error.js';
import type { LeaseOutcome } from '../model-types.js';
import { isAbortError } from './retry-policy.js';

/** How a failed attempt releases its lease: 429 → rate_limited, timeouts, provider failures, cancels. */
export function leaseOutcomeFor(error: unknown, signal?: AbortSignal): LeaseOutcome {
  if (isAbortError(error, signal)) return 'local_cancelled';
  if (!ModelProviderError.isInstance(error)) return 'unexpected_exception';
  if (error.kind === 'RATE_LIMIT') return 'rate_limited';
  if (error.kind === 'TIMEOUT') return 'provider_timeout';
  return 'provider_failure';
}
