import type { GenerationContext } from '../columns/column-generator.js';
import { InvalidConfigError, ValidationColumnConfigSchema } from '@dd/config';
import { createValidationColumnGenerator } from './validation-column-generator.js';

describe('createValidationColumnGenerator (code)', () => {
  it('declares a full_column generator over its targets', () => {
    const gen = createValidationColumnGenerator({ name: 'v', target_columns: ['a', 'b'], validator_type: 'code', validator_params: { code_lang: 'python' } });
    expect(gen).toMatchObject({ name: 'v', columns: ['v'], requiredColumns: ['a', 'b'], strategy: 'full_column' });
  });

  it('writes the result object itself for one target column', async () => {
    const gen = createValidationColumnGenerator({
      name: 'sql_ok',
      target_columns: ['sql'],
      validator_type: 'code',
      validator_params: { validator_type: 'code', code_lang: 'sql:sqlite' },
    });
    const out = await gen.generateBatch([{ sql: 'SELECT 1;' }, { sql: 'SELECT FROM WHERE' }], testContext());
    expect(out).toEqual([{ sql_ok: { is_valid: true, error_messages: '' } }, { sql_ok: { is_valid: false, error_messages: expect.stringMatching(/^PRS: /) } }]);
  });

  it('gives every row its own result for each of several target columns (original copied row 0)', async () => {
    const gen = createValidationColumnGenerator({
      name: 'checks',
      target_columns: ['first', 'second'],
      validator_type: 'code',
      validator_params: { code_lang: 'python' },
      batch_size: 2,
    });
    const rows = [
      { first: 'x = 1', second: 'def f(:' },
      { first: 'def g(:', second: 'y = 2' },
      { first: 'z = 3', second: 'w = 4' },
    ];
    const out = await gen.generateBatch(rows, testContext());
    const validity = out.map((row) => {
      const cell = row.checks as Record<string, { is_valid: boolean }>;
      return [cell.first?.is_valid, cell.second?.is_valid];
    });
    expect(validity).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
  });

  it('supports javascript and typescript (our addition)', async () => {
    const js = createValidationColumnGenerator({ name: 'v', target_columns: ['code'], validator_type: 'code', validator_params: { code_lang: 'javascript' } });
    const ts = createValidationColumnGenerator({ name: 'v', target_columns: ['code'], validator_type: 'code', validator_params: { code_lang: 'typescript' } });
    const rows = [{ code: 'const a = 1;' }, { code: 'const = ;' }];
    expect((await js.generateBatch(rows, testContext())).map((r) => (r.v as { is_valid: boolean }).is_valid)).toEqual([true, false]);
    expect((await ts.generateBatch(rows, testContext())).map((r) => (r.v as { is_valid: boolean }).is_valid)).toEqual([true, false]);
  });

  it('names missing target columns in an InvalidConfigError', async () => {
    const gen = createValidationColumnGenerator({
      name: 'v',
      target_columns: ['code', 'other', 'gone'],
      validator_type: 'code',
      validator_params: { code_lang: 'python' },
    });
    const error: unknown = await gen.generateBatch([{ code: 'x = 1', other: 'y = 1' }], testContext()).catch((e: unknown) => e);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("'gone'");
    expect((error as Error).message).not.toContain("'other'");
  });

  it('rejects an unsupported code_lang', () => {
    expect(() =>
      createValidationColumnGenerator({ name: 'v', target_columns: ['c'], validator_type: 'code', validator_params: { code_lang: 'cobol' } }),
    ).toThrow(/not supported.*python, sql:sqlite/);
  });

  it('returns nothing for no rows', async () => {
    const gen = createValidationColumnGenerator({ name: 'v', target_columns: ['c'], validator_type: 'code', validator_params: { code_lang: 'python' } });
    await expect(gen.generateBatch([], testContext())).resolves.toEqual([]);
  });
});

/** A generation context for tests. */
function testContext(): GenerationContext {
  return { rowGroup: 0, rowOffset: 0, signal: new AbortController().signal };
}

describe('createValidationColumnGenerator (parsed config)', () => {
  it('accepts a ValidationColumnConfig parsed by @dd/config', async () => {
    const config = ValidationColumnConfigSchema.parse({
      name: 'v',
      column_type: 'validation',
      target_columns: ['sql'],
      validator_type: 'code',
      validator_params: { validator_type: 'code', code_lang: 'sql:postgres' },
    });
    const out = await createValidationColumnGenerator(config).generateBatch([{ sql: 'SELECT 1' }], testContext());
    expect(out).toEqual([{ v: { is_valid: true, error_messages: '' } }]);
  });
});
