import { defineErrorClass } from './data-designer-error.js';

/** A value the code's own logic guarantees is missing: a bug in Data Designer, never a user mistake. */
export class InternalInvariantError extends defineErrorClass('InternalInvariantError') {}

/**
 * Throws the {@link InternalInvariantError} of a missing `what`. For checks on hot paths, written inline
 * (`if (row === undefined) missingInvariant(...)`) so the description is built only on failure:
 * an argument such as a template string is evaluated on every call, tens of nanoseconds per call, which
 * adds up where the lookup runs several times per cell.
 */
export function missingInvariant(what: string): never {
  throw new InternalInvariantError(`Internal error: ${what} is missing.`, { fix: 'This is a bug in Data Designer; please report it.' });
}

/**
 * Returns `value`, or throws an {@link InternalInvariantError} naming `what` when it is `undefined`.
 * For indexes and lookups the surrounding code guarantees (`definedOrThrow(rows[i], 'row i')`); on a hot
 * path with a description built per call, check inline and call {@link missingInvariant}.
 */
export function definedOrThrow<T>(value: T | undefined, what: string): T {
  if (value === undefined) missingInvariant(what);
  return value;
}
