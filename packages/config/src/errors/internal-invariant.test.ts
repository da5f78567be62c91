import { DataDesignerError } from './data-designer-error.js';
import { definedOrThrow, InternalInvariantError, missingInvariant } from './internal-invariant.js';

describe('definedOrThrow', () => {
  it('returns a defined value, including falsy ones', () => {
    expect(definedOrThrow(0, 'count')).toBe(0);
    expect(definedOrThrow(null, 'slot')).toBeNull();
    expect(definedOrThrow([1, 2][1], 'second item')).toBe(2);
  });

  it('throws an InternalInvariantError naming the missing value', () => {
    const attempt = () => definedOrThrow([1][3], 'row 3 of the batch');
    expect(attempt).toThrow('Internal error: row 3 of the batch is missing.');
    try {
      attempt();
    } catch (error) {
      expect(InternalInvariantError.isInstance(error)).toBe(true);
      expect(DataDesignerError.isInstance(error)).toBe(true);
    }
  });
});

describe('missingInvariant', () => {
  it('throws the same InternalInvariantError as definedOrThrow, for checks written inline', () => {
    const rows: Array<{ id: number }> = [{ id: 1 }];
    const rowAt = (index: number): { id: number } => {
      const row = rows[index];
      if (row === undefined) missingInvariant(`row ${index} of row group 7`);
      return row;
    };
    expect(rowAt(0)).toEqual({ id: 1 });
    expect(() => rowAt(2)).toThrow('Internal error: row 2 of row group 7 is missing.');
    expect(() => rowAt(2)).toThrow(InternalInvariantError);
  });
});
