import { defineErrorClass } from './data-designer-error.js';

/** A value the code's own logic guarantees is missing: a bug in Data Designer, never a user mistake. */
export class InternalInvariantError extends defineErrorClass('InternalInvariantError') {}

/**
 * Returns `value`, or throws an {@link InternalInvariantError} naming `what` when it is `undefined`.
 * For indexes and lookups the surrounding code guarantees (`definedOrThrow(rows[i], 'row i')`).
 */
export function definedOrThrow<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new InternalInvariantError(`Internal error: ${what} is missing.`, { fix: 'This is a bug in Data Designer; please report it.' });
  return value;
}
