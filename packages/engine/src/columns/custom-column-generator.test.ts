import { modelAliasesOf, requiredColumnsOf, sideEffectColumnsOf } from '@dd/config';
import type { BatchColumnGenerator, CellColumnGenerator, GenerationContext, Row } from './column-generator.js';
import {
  createCustomColumnGenerator,
  customColumnGenerator,
  CustomColumnGenerationError,
  isCustomColumnFunction,
  type CustomColumnContext,
} from './custom-column-generator.js';
import { clearCustomColumnRegistry, registerCustomColumnFunction } from './custom-column-registry.js';

const context: GenerationContext = { rowGroup: 2, rowOffset: 20, signal: new AbortController().signal };

function cell(generator: ReturnType<typeof createCustomColumnGenerator>): CellColumnGenerator {
  expect(generator.strategy).toBe('cell_by_cell');
  return generator as CellColumnGenerator;
}
function batch(generator: ReturnType<typeof createCustomColumnGenerator>): BatchColumnGenerator {
  expect(generator.strategy).toBe('full_column');
  return generator as BatchColumnGenerator;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

afterEach(() => clearCustomColumnRegistry());

describe('customColumnGenerator', () => {
  it('attaches readonly metadata and stays callable', () => {
    function tier(row: Row): string {
      return Number(row.total) > 100 ? 'gold' : 'bronze';
    }
    const fn = customColumnGenerator(tier, { requiredColumns: ['total'], sideEffectColumns: [], modelAliases: ['m'] });
    expect(fn.strategy).toBe('cell_by_cell');
    expect(fn.requiredColumns).toEqual(['total']);
    expect(fn.sideEffectColumns).toEqual([]);
    expect(fn.modelAliases).toEqual(['m']);
    expect(fn.name).toBe('tier');
    expect(isCustomColumnFunction(fn)).toBe(true);
    expect(isCustomColumnFunction(tier)).toBe(false);
    expect(fn({ total: 500 }, {}, { ...context, column: 'x', models: {} })).toBe('gold');
    expect(() => {
      (fn as unknown as { requiredColumns: string[] }).requiredColumns = [];
    }).toThrow();
  });

  it('is visible to config-side dependency analysis', () => {
    const fn = customColumnGenerator(() => ({ a: 1, b: 2 }), { requiredColumns: ['x', 'y'], sideEffectColumns: ['b'], modelAliases: ['judge'] });
    const column = { name: 'a', column_type: 'custom', generator_function: fn };
    expect(requiredColumnsOf(column)).toEqual(['x', 'y']);
    expect(sideEffectColumnsOf(column)).toEqual(['b']);
    expect(modelAliasesOf(column)).toEqual(['judge']);
  });

  it('rejects a bad strategy or bad lists', () => {
    expect(() => customColumnGenerator(() => 1, { strategy: 'row' as 'cell_by_cell' })).toThrow(/strategy/);
    expect(() => customColumnGenerator(() => 1, { requiredColumns: [''] })).toThrow(/requiredColumns/);
  });
});

describe('createCustomColumnGenerator, cell by cell', () => {
  it('accepts a plain value from a sync function and passes params and context', async () => {
    const seen: Array<{ row: Row; params: unknown; context: CustomColumnContext }> = [];
    const fn = customColumnGenerator(
      (row, params: { factor: number }, ctx) => {
        seen.push({ row, params, context: ctx });
        return Number(row.total) * params.factor;
      },
      { requiredColumns: ['total'] },
    );
    const generator = cell(createCustomColumnGenerator({ name: 'double', generator_function: fn, generator_params: { factor: 2 } }));
    expect(generator.name).toBe('double');
    expect(generator.columns).toEqual(['double']);
    expect(generator.requiredColumns).toEqual(['total']);
    const input = { total: 21 };
    await expect(generator.generateCell(input, context)).resolves.toEqual({ double: 42 });
    expect(seen[0]?.params).toEqual({ factor: 2 });
    expect(seen[0]?.context).toMatchObject({ rowGroup: 2, rowOffset: 20, column: 'double' });
    expect(seen[0]?.row).toEqual(input);
    expect(seen[0]?.row).not.toBe(input);
  });

  it('awaits async functions returning the whole row', async () => {
    const fn = customColumnGenerator(async (row) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { ...row, greeting: `hi ${String(row.name)}` };
    });
    const generator = cell(createCustomColumnGenerator({ name: 'greeting', generator_function: fn }));
    await expect(generator.generateCell({ name: 'Ada' }, context)).resolves.toEqual({ greeting: 'hi Ada' });
  });

  it('keeps side-effect columns and accepts a partial object', async () => {
    const fn = customColumnGenerator((row) => ({ label: String(row.x).toUpperCase(), label_len: String(row.x).length }), {
      sideEffectColumns: ['label_len'],
    });
    const generator = cell(createCustomColumnGenerator({ name: 'label', generator_function: fn }));
    expect(generator.columns).toEqual(['label', 'label_len']);
    await expect(generator.generateCell({ x: 'abc' }, context)).resolves.toEqual({ label: 'ABC', label_len: 3 });
  });

  it('passes {} as params when none are configured, and accepts a plain function without metadata', async () => {
    const generator = cell(
      createCustomColumnGenerator({ name: 'p', generator_function: (_row: Row, params: unknown) => JSON.stringify(params), generator_params: null }),
    );
    expect(generator.requiredColumns).toEqual([]);
    await expect(generator.generateCell({}, context)).resolves.toEqual({ p: '{}' });
  });

  it('names the missing column', async () => {
    const generator = cell(createCustomColumnGenerator({ name: 'score', generator_function: customColumnGenerator(() => ({ other: 1 })) }));
    const error = await rejection(generator.generateCell({ other: 0 }, context));
    expect(CustomColumnGenerationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/without the column 'score'/);
  });

  it('names a missing side-effect column', async () => {
    const fn = customColumnGenerator(() => ({ a: 1 }), { sideEffectColumns: ['b'] });
    const error = await rejection(cell(createCustomColumnGenerator({ name: 'a', generator_function: fn })).generateCell({}, context));
    expect(error.message).toMatch(/side-effect column\(s\) 'b'/);
  });

  it('rejects undeclared new keys and suggests sideEffectColumns', async () => {
    const fn = customColumnGenerator((row) => ({ ...row, a: 1, sneaky: 2 }));
    const error = await rejection(cell(createCustomColumnGenerator({ name: 'a', generator_function: fn })).generateCell({ x: 1 }, context));
    expect(CustomColumnGenerationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/undeclared column\(s\) 'sneaky'/);
    expect((error as { fix?: string }).fix).toMatch(/sideEffectColumns: \['sneaky'\]/);
  });

  it('rejects undefined, and a bare value when side effects are declared', async () => {
    const none = cell(createCustomColumnGenerator({ name: 'a', generator_function: () => undefined }));
    expect((await rejection(none.generateCell({}, context))).message).toMatch(/returned undefined/);
    const bare = cell(createCustomColumnGenerator({ name: 'a', generator_function: customColumnGenerator(() => 5, { sideEffectColumns: ['b'] }) }));
    expect((await rejection(bare.generateCell({}, context))).message).toMatch(/must return an object/);
  });

  it('treats arrays and other non-plain values as the cell value', async () => {
    const generator = cell(createCustomColumnGenerator({ name: 'tags', generator_function: () => ['a', 'b'] }));
    await expect(generator.generateCell({}, context)).resolves.toEqual({ tags: ['a', 'b'] });
  });

  it('wraps thrown errors, but lets retryable ones through unchanged', async () => {
    const boom = cell(
      createCustomColumnGenerator({
        name: 'a',
        generator_function: () => {
          throw new Error('kaput');
        },
      }),
    );
    const error = await rejection(boom.generateCell({}, context));
    expect(CustomColumnGenerationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/'a' function failed: kaput/);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);

    const retryable = Object.assign(new Error('429'), { isRetryable: true });
    const busy = cell(
      createCustomColumnGenerator({
        name: 'a',
        generator_function: async () => {
          throw retryable;
        },
      }),
    );
    await expect(busy.generateCell({}, context)).rejects.toBe(retryable);
  });
});

describe('createCustomColumnGenerator, full column', () => {
  it('runs a sync function on copies of the whole row group', async () => {
    const inputs = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const fn = customColumnGenerator(
      (rows: Row[], params: { offset: number }) =>
        rows.map((row) => {
          row.rank = Number(row.n) + params.offset;
          return row;
        }),
      { strategy: 'full_column', requiredColumns: ['n'] },
    );
    const generator = batch(createCustomColumnGenerator({ name: 'rank', generator_function: fn, generator_params: { offset: 10 } }));
    expect(generator.requiredColumns).toEqual(['n']);
    await expect(generator.generateBatch(inputs, context)).resolves.toEqual([{ rank: 11 }, { rank: 12 }, { rank: 13 }]);
    expect(inputs[0]).toEqual({ n: 1 });
  });

  it('awaits async full-column functions with side effects', async () => {
    const fn = customColumnGenerator(async (rows: Row[]) => rows.map((row, index) => ({ z: index, z_parity: index % 2 === 0 ? 'even' : 'odd', ...row })), {
      strategy: 'full_column',
      sideEffectColumns: ['z_parity'],
    });
    const generator = batch(createCustomColumnGenerator({ name: 'z', generator_function: fn }));
    await expect(generator.generateBatch([{}, {}], context)).resolves.toEqual([
      { z: 0, z_parity: 'even' },
      { z: 1, z_parity: 'odd' },
    ]);
  });

  it('uses the function declaration even when the config has the default strategy', async () => {
    const fn = customColumnGenerator((rows: Row[]) => rows.map(() => ({ c: 1 })), { strategy: 'full_column' });
    batch(createCustomColumnGenerator({ name: 'c', generator_function: fn, generation_strategy: 'cell_by_cell' }));
  });

  it('wraps a plain function as full_column when the config asks for it', async () => {
    const generator = batch(
      createCustomColumnGenerator({
        name: 'c',
        generator_function: (rows: Row[]) => rows.map((_row, index) => ({ c: index })),
        generation_strategy: 'full_column',
      }),
    );
    await expect(generator.generateBatch([{}, {}], context)).resolves.toEqual([{ c: 0 }, { c: 1 }]);
  });

  it('refuses a function declared cell_by_cell on a full_column column', () => {
    expect(() => createCustomColumnGenerator({ name: 'c', generator_function: customColumnGenerator(() => 1), generation_strategy: 'full_column' })).toThrow(
      /declared with strategy 'cell_by_cell'/,
    );
  });

  it('rejects a length mismatch, a non-array, and a row without the column', async () => {
    const short = batch(
      createCustomColumnGenerator({ name: 'c', generator_function: customColumnGenerator((rows: Row[]) => rows.slice(1), { strategy: 'full_column' }) }),
    );
    const error = await rejection(short.generateBatch([{ c: 1 }, { c: 2 }], context));
    expect(CustomColumnGenerationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/returned 1 rows for 2 input rows/);

    const notArray = batch(
      createCustomColumnGenerator({
        name: 'c',
        generator_function: customColumnGenerator(() => ({ c: [1] }) as unknown as Row[], { strategy: 'full_column' }),
      }),
    );
    expect((await rejection(notArray.generateBatch([{}], context))).message).toMatch(/must return an array of rows/);

    const missing = batch(
      createCustomColumnGenerator({ name: 'c', generator_function: customColumnGenerator((rows: Row[]) => rows, { strategy: 'full_column' }) }),
    );
    expect((await rejection(missing.generateBatch([{ x: 1 }], context))).message).toMatch(/row 0 without the column 'c'/);
  });

  it('rejects undeclared columns in a returned row', async () => {
    const fn = customColumnGenerator((rows: Row[]) => rows.map((row) => ({ ...row, c: 1, extra: true })), { strategy: 'full_column' });
    const error = await rejection(batch(createCustomColumnGenerator({ name: 'c', generator_function: fn })).generateBatch([{ x: 1 }], context));
    expect(error.message).toMatch(/undeclared column\(s\) 'extra' in row 0/);
  });
});

describe('createCustomColumnGenerator, registry names', () => {
  it('resolves a registered name with its metadata', async () => {
    registerCustomColumnFunction(
      'loyalty_tier',
      customColumnGenerator((row) => ({ loyalty_tier: Number(row.total) >= 500 ? 'gold' : 'bronze' }), { requiredColumns: ['total'] }),
    );
    const generator = cell(createCustomColumnGenerator({ name: 'loyalty_tier', generator_function: 'loyalty_tier' }));
    expect(generator.requiredColumns).toEqual(['total']);
    await expect(generator.generateCell({ total: 900 }, context)).resolves.toEqual({ loyalty_tier: 'gold' });
  });

  it('uses the config strategy for a plain registered function', async () => {
    registerCustomColumnFunction('ids', (rows: Row[]) => rows.map((_row, index) => ({ id: index })));
    const generator = batch(createCustomColumnGenerator({ name: 'id', generator_function: 'ids', generation_strategy: 'full_column' }));
    await expect(generator.generateBatch([{}], context)).resolves.toEqual([{ id: 0 }]);
  });

  it('explains an unknown name', () => {
    registerCustomColumnFunction('known_one', () => 1);
    let error: unknown;
    try {
      createCustomColumnGenerator({ name: 'c', generator_function: 'nope' });
    } catch (caught) {
      error = caught;
    }
    expect(CustomColumnGenerationError.isInstance(error)).toBe(true);
    const { message, fix } = error as { message: string; fix: string };
    expect(message).toMatch(/'nope', which is not registered/);
    expect(message).toMatch(/'known_one'/);
    expect(fix).toMatch(/registerCustomColumnFunction/);
    expect(fix).toMatch(/--import/);
  });

  it('rejects a generator_function that is neither a function nor a name', () => {
    expect(() => createCustomColumnGenerator({ name: 'c', generator_function: 42 })).toThrow(/function or a registered function name/);
  });
});
