import type { Row } from '../columns/index.js';
import { SchedulerHookError } from './errors/scheduler-hook-error.js';

/** Throws a `SchedulerHookError` unless a hook returned one entry (row or null) per input row. */
export function checkHookOutput(hook: string, rowGroup: number, expected: number, output: unknown): asserts output is Array<Row | null> {
  if (!Array.isArray(output) || output.length !== expected) {
    const got = Array.isArray(output) ? `${output.length} rows` : typeof output;
    throw new SchedulerHookError(`The ${hook} hook returned ${got} for row group ${rowGroup}; expected ${expected} rows.`, {
      fix: 'Return one entry per input row, with null for rows to drop.',
    });
  }
}
