import { findUnstorableValue } from '../artifacts/find-unstorable-value.js';
import { MalformedRecordError } from './factory-errors.js';
import type { FactoryRecord } from './factory-types.js';

/**
 * Checks, as a record arrives, that it can be stored; throws `MalformedRecordError` naming the record
 * and the field otherwise, so the attempt fails (and the input is retried, then dead-lettered) instead
 * of the batch write failing for every input of the job.
 */
export function validateRecord(record: FactoryRecord, position: number): void {
  const found = findUnstorableValue(record);
  if (!found) return;
  const where = found.path === '' ? 'the record' : `field ${shortPath(found.path)}`;
  throw new MalformedRecordError(`Record ${position} cannot be stored: ${where} ${found.problem}.`, {
    fix: 'Return plain JSON-like data: objects, arrays, strings, numbers, booleans, null, Date or Uint8Array, without cycles.',
  });
}

/** A path short enough for a message: long (deep) paths keep their start and end. */
function shortPath(path: string): string {
  return path.length <= 100 ? path : `${path.slice(0, 60)}…${path.slice(-30)}`;
}
