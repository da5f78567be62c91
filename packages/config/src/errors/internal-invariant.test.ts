import { DataDesignerError } from './data-designer-error.js';
import { definedOrThrow, InternalInvariantError } from './internal-invariant.js';

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
