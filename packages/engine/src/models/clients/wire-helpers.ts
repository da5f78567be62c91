import { ModelProviderError } from '../errors/model-provider-error.js';
import type { ProviderErrorKind } from '../errors/provider-error-kind.js';

/** A JSON object from a wire body. */
export type WireObject = Record<string, unknown>;

/** The value as a plain object, or undefined. */
export function asObject(value: unknown): WireObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : undefined;
}

/** The value as a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A `ModelProviderError` without HTTP status (bad request shapes, unexpected replies). */
export function localError(kind: ProviderErrorKind, message: string, cause?: unknown): ModelProviderError {
  return new ModelProviderError({ kind, status: null, providerMessage: message, ...(cause === undefined ? {} : { cause }) });
}

/** Copies the entries whose value is not undefined or null. */
export function definedEntries(fields: Record<string, unknown>): WireObject {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

/** Endpoint without trailing slashes. */
export function trimEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}
