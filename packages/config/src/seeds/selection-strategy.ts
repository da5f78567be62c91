import { z } from 'zod';
import { intField } from '../schema/index.js';

/** Rows `start..end` of the seed dataset, both inclusive. */
export const IndexRangeSchema = z.strictObject({ start: intField({ ge: 0 }), end: intField({ ge: 0 }) }).superRefine((range, ctx) => {
  if (range.start > range.end)
    ctx.addIssue({ code: 'custom', path: ['start'], input: range.start, message: `start (${range.start}) must be <= end (${range.end})` });
});

/** Partition `index` of `num_partitions` equal blocks (the last absorbs the remainder). */
export const PartitionBlockSchema = z
  .strictObject({ index: intField({ ge: 0 }).default(0), num_partitions: intField({ ge: 1 }).default(1) })
  .superRefine((block, ctx) => {
    if (block.index >= block.num_partitions) {
      ctx.addIssue({
        code: 'custom',
        path: ['index'],
        input: block.index,
        message: `index (${block.index}) must be < num_partitions (${block.num_partitions})`,
      });
    }
  });

/** Which rows of the seed dataset to use; resolved by shape (`{}` is partition 0 of 1). */
export const SelectionStrategySchema = z.union([IndexRangeSchema, PartitionBlockSchema]);

/** An index range selection. */
export type IndexRange = z.output<typeof IndexRangeSchema>;
/** A partition block selection. */
export type PartitionBlock = z.output<typeof PartitionBlockSchema>;

/** The inclusive row range a selection picks out of `rowCount` rows. */
export function selectionRange(selection: IndexRange | PartitionBlock | null, rowCount: number): { start: number; end: number } {
  if (selection === null) return { start: 0, end: rowCount - 1 };
  if ('start' in selection) return { start: selection.start, end: Math.min(selection.end, rowCount - 1) };
  const size = Math.floor(rowCount / selection.num_partitions);
  const start = selection.index * size;
  const end = selection.index === selection.num_partitions - 1 ? rowCount - 1 : (selection.index + 1) * size - 1;
  return { start, end };
}
