import { SchedulerConfigurationError } from './errors/scheduler-configuration-error.js';
import type { RowGroupSpec, RunScheduleOptions } from './schedule-options.js';

/**
 * Records of the run: `numRecords` when given (lazy sources), else the sum of an array's sizes; arrays are
 * also checked up front (sizes, duplicate indices).
 */
export function countRecords(options: RunScheduleOptions): number {
  const rowGroups = options.rowGroups;
  if (Array.isArray(rowGroups)) {
    const specs: readonly RowGroupSpec[] = rowGroups;
    const seen = new Set<number>();
    for (const spec of specs) {
      if (!Number.isInteger(spec.size) || spec.size < 1) {
        throw new SchedulerConfigurationError(`Row group ${spec.index} has size ${String(spec.size)}.`, {
          fix: 'Give every row group at least one row.',
        });
      }
      if (seen.has(spec.index)) {
        throw new SchedulerConfigurationError(`Row group ${spec.index} is listed twice.`, { fix: 'List each row group index once.' });
      }
      seen.add(spec.index);
    }
    return options.numRecords ?? specs.reduce((sum, spec) => sum + spec.size, 0);
  }
  if (options.numRecords === undefined || !Number.isSafeInteger(options.numRecords) || options.numRecords < 0) {
    throw new SchedulerConfigurationError(`numRecords is ${String(options.numRecords)} for a lazy row-group source.`, {
      fix: 'Pass numRecords (the sum of the row group sizes) with an iterable of row groups.',
    });
  }
  return options.numRecords;
}
