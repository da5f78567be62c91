import { ModelProviderError } from './model-provider-error.js';
import type { ProviderErrorKind } from './provider-error-kind.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const CONNECTION_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function kindOfOne(error: unknown): ProviderErrorKind | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof code === 'string') {
    if (TIMEOUT_CODES.has(code)) return 'TIMEOUT';
    if (CONNECTION_CODES.has(code)) return 'API_CONNECTION';
  }
  const typeName = `${typeof name === 'string' ? name : ''} ${(error as object).constructor?.name ?? ''}`.toLowerCase();
  if (typeName.includes('timeout')) return 'TIMEOUT';
  if (typeName.includes('connect') || typeName.includes('socket')) return 'API_CONNECTION';
  if (typeName.includes('auth')) return 'AUTHENTICATION';
  if (typeName.includes('ratelimit')) return 'RATE_LIMIT';
  return null;
}

/**
 * Kind of an error thrown before any HTTP status arrived, by code and type name (following `cause`):
 * timeout → TIMEOUT, connect/connection/socket → API_CONNECTION, auth → AUTHENTICATION,
 * ratelimit → RATE_LIMIT, else API_ERROR.
 */
export function transportErrorKind(error: unknown): ProviderErrorKind {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const kind = kindOfOne(current);
    if (kind) return kind;
    current = (current as { cause?: unknown }).cause;
  }
  return 'API_ERROR';
}

/** Wraps a transport failure (no HTTP status) in a `ModelProviderError`. */
export function classifyTransportError(error: unknown): ModelProviderError {
  if (ModelProviderError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelProviderError({ kind: transportErrorKind(error), status: null, providerMessage: message, cause: error });
}
