import type { IndexRangeInput, PartitionBlockInput } from './seed-config-input.js';
import { SeedDatasetError } from './seed-reader-error.js';

/** Inclusive range of seed rows a run draws from. */
export interface SelectedRange {
  /** First row (inclusive). */
  start: number;
  /** Last row (inclusive). */
  end: number;
}

/**
 * Turns `selection_strategy` into an inclusive row range for a dataset of `size` rows. `null` → all rows;
 * `{start, end}` → itself (`end >= size` is an error); `{index, num_partitions}` → block `index` of
 * `size // num_partitions` rows, the last block absorbing the remainder (`num_partitions > size` is an error).
 */
export function resolveSelectionRange(selection: IndexRangeInput | PartitionBlockInput | null | undefined, size: number): SelectedRange {
  if (selection === null || selection === undefined) return { start: 0, end: size - 1 };
  if ('start' in selection || 'end' in selection) {
    const { start, end } = selection as IndexRangeInput;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      throw new SeedDatasetError(`Selection strategy index range [${start}, ${end}] is invalid.`, {
        fix: 'Use integers with 0 <= start <= end.',
      });
    }
    if (end >= size) {
      throw new SeedDatasetError(`Selection strategy 'end' index ${end} is out of bounds for dataset size ${size}.`, {
        fix: `Use an end index below ${size}.`,
      });
    }
    return { start, end };
  }
  const block = selection as PartitionBlockInput;
  const index = block.index ?? 0;
  const numPartitions = block.num_partitions ?? 1;
  if (!Number.isInteger(numPartitions) || numPartitions < 1 || !Number.isInteger(index) || index < 0 || index >= numPartitions) {
    throw new SeedDatasetError(`Selection strategy partition ${index} of ${numPartitions} is invalid.`, {
      fix: 'Use num_partitions >= 1 and 0 <= index < num_partitions.',
    });
  }
  if (numPartitions > size) {
    throw new SeedDatasetError(`Selection strategy 'num_partitions' ${numPartitions} is out of bounds for dataset size ${size}.`, {
      fix: `Use at most ${size} partitions.`,
    });
  }
  const blockSize = Math.floor(size / numPartitions);
  const start = index * blockSize;
  const end = index === numPartitions - 1 ? size - 1 : (index + 1) * blockSize - 1;
  return { start, end };
}
