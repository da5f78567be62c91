import { describe, expect, it } from '@jest/globals';
import { splitRowColumns } from './order-row-columns.js';

describe('splitRowColumns', () => {
  it('puts the kept columns in config order, nulls for missing ones, then columns a processor added', () => {
    const rows = [{ extra: 1, b: 2, a: 1 }, { a: 3 }];
    const { kept, droppedRows } = splitRowColumns(rows, ['a', 'b', 'secret'], new Set(['secret']));
    expect(kept.map((row) => Object.entries(row))).toEqual([
      [
        ['a', 1],
        ['b', 2],
        ['extra', 1],
      ],
      [
        ['a', 3],
        ['b', null],
        ['extra', null],
      ],
    ]);
    expect(droppedRows).toEqual([{ secret: null }, { secret: null }]);
  });

  it('keeps a row that already has exactly the kept columns in order as the same object, and copies the others', () => {
    const ready = { a: 1, b: 'x' };
    const unordered = { b: 'y', a: 2 };
    const withUndefined = { a: 3, b: undefined };
    const { kept } = splitRowColumns([ready, unordered, withUndefined], ['a', 'b'], new Set());
    expect(kept[0]).toBe(ready);
    expect(kept[1]).not.toBe(unordered);
    expect(Object.keys(kept[1] ?? {})).toEqual(['a', 'b']);
    expect(kept[2]).toEqual({ a: 3, b: null });
  });
});
