import { describe, expect, it } from '@jest/globals';
import { checkGenerationSize, GenerationSizeError, MAX_ROW_GROUPS, RowGroupPlan } from '../artifacts/row-group-plan.js';
import { cellGenerator } from '../dag/test-generators.js';
import { RunCancelledError, SchedulerConfigurationError } from './errors/index.js';
import { runSchedule } from './run-schedule.js';
import { idGenerator } from './test-run-helpers.js';

describe('row groups are planned lazily (issue 14.6)', () => {
  it('a plan of 50,000,000 one-row groups runs without materializing it: only admitted groups are pulled', async () => {
    const plan = RowGroupPlan.fresh(50_000_000, 1);
    let pulled = 0;
    const source = {
      *[Symbol.iterator]() {
        for (const group of plan) {
          pulled++;
          yield group;
        }
      },
    };
    const controller = new AbortController();
    let checkpoints = 0;
    const error = await runSchedule({
      rowGroups: source,
      numRecords: plan.remainingRecords,
      maxConcurrentRowGroups: 2,
      signal: controller.signal,
      generators: [idGenerator(), cellGenerator('a', { requires: ['id'] })],
      onRowGroupComplete: () => {
        if (++checkpoints === 3) controller.abort(new Error('enough'));
      },
    }).catch((caught: unknown) => caught);
    expect(RunCancelledError.isInstance(error)).toBe(true);
    expect((error as InstanceType<typeof RunCancelledError>).summary.numRecords).toBe(50_000_000);
    expect(pulled).toBeLessThan(20);
  });

  it('a lazy source needs numRecords; arrays are still checked up front', async () => {
    const lazy = {
      *[Symbol.iterator]() {
        yield { index: 0, size: 1, rowOffset: 0 };
      },
    };
    expect(() => runSchedule({ rowGroups: lazy, generators: [idGenerator()] })).toThrow(/numRecords is undefined for a lazy row-group source/);
    try {
      await runSchedule({
        rowGroups: [
          { index: 0, size: 1, rowOffset: 0 },
          { index: 0, size: 1, rowOffset: 1 },
        ],
        generators: [idGenerator()],
      });
      throw new Error('accepted');
    } catch (caught) {
      expect(SchedulerConfigurationError.isInstance(caught)).toBe(true);
    }
  });
});

describe('checkGenerationSize rejects what cannot work, naming field, value and fix', () => {
  it('num_records beyond exact integers (-n 100000000000000000000)', () => {
    expect(() => checkGenerationSize(1e20, 1000)).toThrow(/num_records=100000000000000000000 is not a whole number between 0 and 9007199254740991/);
    expect(() => checkGenerationSize(2.5, 1000)).toThrow(/num_records=2.5/);
  });
  it('buffer_size 1 with -n 50000000: too many row groups, with the buffer_size that would work', () => {
    try {
      checkGenerationSize(50_000_000, 1);
      throw new Error('accepted');
    } catch (error) {
      expect(GenerationSizeError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/num_records=50000000 with buffer_size=1 makes 50000000 row groups .* at most 100000/);
      expect((error as { fix?: string }).fix).toMatch(/Raise buffer_size to at least 500/);
    }
  });
  it('sizes within the bounds pass', () => {
    expect(() => checkGenerationSize(50_000_000, 1000)).not.toThrow();
    expect(() => checkGenerationSize(MAX_ROW_GROUPS, 1)).not.toThrow();
    expect(() => checkGenerationSize(0, 1000)).not.toThrow();
  });
});
