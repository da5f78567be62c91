import { describe, expect, test } from '@jest/globals';
import { resolveSelectionRange } from './resolve-selection-range.js';
import { SeedDatasetError } from './seed-reader-error.js';

describe('resolveSelectionRange', () => {
  test('no selection → every row', () => {
    expect(resolveSelectionRange(null, 10)).toEqual({ start: 0, end: 9 });
  });

  test('index range is inclusive; end beyond the dataset is an error', () => {
    expect(resolveSelectionRange({ start: 2, end: 4 }, 10)).toEqual({ start: 2, end: 4 });
    expect(() => resolveSelectionRange({ start: 2, end: 10 }, 10)).toThrow(SeedDatasetError);
    expect(() => resolveSelectionRange({ start: 2, end: 10 }, 10)).toThrow("'end' index 10 is out of bounds for dataset size 10");
  });

  test('partition size = N // partitions, last partition absorbs the remainder', () => {
    expect(resolveSelectionRange({ index: 0, num_partitions: 3 }, 10)).toEqual({ start: 0, end: 2 });
    expect(resolveSelectionRange({ index: 1, num_partitions: 3 }, 10)).toEqual({ start: 3, end: 5 });
    expect(resolveSelectionRange({ index: 2, num_partitions: 3 }, 10)).toEqual({ start: 6, end: 9 });
    expect(resolveSelectionRange({}, 10)).toEqual({ start: 0, end: 9 });
    expect(() => resolveSelectionRange({ index: 0, num_partitions: 11 }, 10)).toThrow(/'num_partitions' 11 is out of bounds/);
    expect(() => resolveSelectionRange({ index: 3, num_partitions: 3 }, 10)).toThrow(/invalid/);
  });
});
