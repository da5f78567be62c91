import type { GenerationContext } from '../columns/column-generator.js';
import { createValidationColumnGenerator } from './validation-column-generator.js';
import { clearValidationFunctionRegistry, registeredValidationFunctions, registerValidationFunction } from './validation-function-registry.js';
import { LocalCallableValidationError, type ValidationFunction } from './validation-types.js';

const rows = [
  { n: 1, label: 'odd', extra: 'x' },
  { n: 2, label: 'even', extra: 'y' },
  { n: 3, label: 'even', extra: 'z' },
];

const parity: ValidationFunction = (records) => records.map((r) => ({ is_valid: (Number(r.n) % 2 === 0) === (r.label === 'even'), n: r.n }));

afterEach(() => clearValidationFunctionRegistry());

describe('local_callable validator', () => {
  it('calls a function with the target columns, batch by batch', async () => {
    const seen: Array<Record<string, unknown>[]> = [];
    const gen = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n', 'label'],
      validator_type: 'local_callable',
      validator_params: {
        validation_function: async (records) => {
          seen.push(records);
          return parity(records);
        },
      },
      batch_size: 2,
    });
    const out = await gen.generateBatch(rows, testContext());
    expect(out).toEqual([{ ok: { is_valid: true, n: 1 } }, { ok: { is_valid: true, n: 2 } }, { ok: { is_valid: false, n: 3 } }]);
    expect(seen).toEqual([
      [
        { n: 1, label: 'odd' },
        { n: 2, label: 'even' },
      ],
      [{ n: 3, label: 'even' }],
    ]);
  });

  it('resolves a registered name', async () => {
    registerValidationFunction('parity', parity);
    expect(registeredValidationFunctions()).toEqual(['parity']);
    const gen = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n', 'label'],
      validator_type: 'local_callable',
      validator_params: { validator_type: 'local_callable', validation_function: 'parity' },
    });
    const out = await gen.generateBatch(rows, testContext());
    expect(out.map((r) => (r.ok as { is_valid: boolean }).is_valid)).toEqual([true, true, false]);
  });

  it('fails on an unknown name, listing registered ones', async () => {
    registerValidationFunction('other', parity);
    const gen = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n'],
      validator_type: 'local_callable',
      validator_params: { validation_function: 'nope' },
    });
    const error = (await gen.generateBatch(rows, testContext()).catch((e: unknown) => e)) as InstanceType<typeof LocalCallableValidationError>;
    expect(LocalCallableValidationError.isInstance(error)).toBe(true);
    expect(error.message).toContain("'nope'");
    expect(error.fix).toContain('other');
  });

  it('rejects a row-count mismatch', async () => {
    const gen = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n'],
      validator_type: 'local_callable',
      validator_params: { validation_function: (records: Record<string, unknown>[]) => records.slice(1).map(() => ({ is_valid: true })) },
    });
    const error: unknown = await gen.generateBatch(rows, testContext()).catch((e: unknown) => e);
    expect(LocalCallableValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/expected 3 validation output\(s\), one per row, got 2/);
  });

  it('rejects outputs without a boolean is_valid', async () => {
    const gen = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n'],
      validator_type: 'local_callable',
      validator_params: { validation_function: (records: Record<string, unknown>[]) => records.map(() => ({ is_valid: 'yes' }) as never) },
    });
    await expect(gen.generateBatch(rows, testContext())).rejects.toThrow(/is_valid/);
  });

  it('wraps a throwing function in LocalCallableValidationError', async () => {
    const gen = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n'],
      validator_type: 'local_callable',
      validator_params: {
        validation_function: () => {
          throw new Error('boom');
        },
      },
    });
    const error: unknown = await gen.generateBatch(rows, testContext()).catch((e: unknown) => e);
    expect(LocalCallableValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('boom');
  });

  it('checks output_schema against { data: [...] } with extra properties forbidden', async () => {
    const output_schema = {
      type: 'object',
      properties: { data: { type: 'array', items: { type: 'object', properties: { is_valid: { type: ['boolean', 'null'] } }, required: ['is_valid'] } } },
    };
    const strict = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n', 'label'],
      validator_type: 'local_callable',
      validator_params: { validation_function: parity, output_schema },
    });
    await expect(strict.generateBatch(rows, testContext())).rejects.toThrow(/output_schema.*must NOT have additional properties/);
    const plain = createValidationColumnGenerator({
      name: 'ok',
      target_columns: ['n'],
      validator_type: 'local_callable',
      validator_params: { validation_function: (r: Record<string, unknown>[]) => r.map(() => ({ is_valid: true })), output_schema },
    });
    await expect(plain.generateBatch(rows, testContext())).resolves.toHaveLength(3);
  });
});

/** A generation context for tests. */
function testContext(): GenerationContext {
  return { rowGroup: 0, rowOffset: 0, signal: new AbortController().signal };
}
