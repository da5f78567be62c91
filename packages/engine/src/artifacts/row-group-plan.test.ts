import { describe, expect, test } from '@jest/globals';
import { RowGroupPlan } from './row-group-plan.js';

describe('RowGroupPlan', () => {
  test('fresh plan: ceil(N / buffer) groups, short last one, offsets id·buffer', () => {
    const plan = RowGroupPlan.fresh(25, 10);
    expect(plan.toArray()).toEqual([
      { index: 0, size: 10, rowOffset: 0 },
      { index: 1, size: 10, rowOffset: 10 },
      { index: 2, size: 5, rowOffset: 20 },
    ]);
    expect(plan.remainingRecords).toBe(25);
  });

  test('resume with holes skips completed ids and keeps original offsets', () => {
    const plan = new RowGroupPlan({ originalTarget: 25, numRecords: 25, bufferSize: 10, completedIds: [0, 2] });
    expect(plan.toArray()).toEqual([{ index: 1, size: 10, rowOffset: 10 }]);
    expect(plan.remainingCount).toBe(1);
    expect(plan.remainingRecords).toBe(10);
  });

  test('extension adds groups after the original ones, even when the last original group is short', () => {
    const plan = new RowGroupPlan({ originalTarget: 25, numRecords: 32, bufferSize: 10, completedIds: [0, 1, 2] });
    expect(plan.totalRowGroups).toBe(4);
    expect(plan.toArray()).toEqual([{ index: 3, size: 7, rowOffset: 25 }]);
  });

  test('stays lazy for a million row groups', () => {
    const plan = RowGroupPlan.fresh(1_000_000_000, 1000);
    expect(plan.totalRowGroups).toBe(1_000_000);
    expect(plan.startOffsetOf(999_999)).toBe(999_999_000);
    const first = plan[Symbol.iterator]().next().value;
    expect(first).toEqual({ index: 0, size: 1000, rowOffset: 0 });
  });

  test('rejects a target below the original one', () => {
    expect(() => new RowGroupPlan({ originalTarget: 10, numRecords: 5, bufferSize: 2 })).toThrow(/original target/);
  });
});
