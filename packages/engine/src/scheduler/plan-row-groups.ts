import type { RowGroupSpec } from './schedule-options.js';

/** Splits `numRecords` into row groups of `bufferSize` (the last one smaller), numbered from `firstIndex`. */
export function planRowGroups(numRecords: number, bufferSize: number, firstIndex = 0, firstOffset = 0): RowGroupSpec[] {
  const groups: RowGroupSpec[] = [];
  for (let offset = 0, index = firstIndex; offset < numRecords; offset += bufferSize, index++) {
    groups.push({ index, size: Math.min(bufferSize, numRecords - offset), rowOffset: firstOffset + offset });
  }
  return groups;
}
