import { InvalidConfigError, type ValidationColumnConfig } from '@dd/config';
import type { BatchColumnGenerator, GenerationContext, Row } from '../columns/column-generator.js';
import { codeValidatorFor } from './code-validator.js';
import { createLocalCallableValidator } from './local-callable-validator.js';
import { remoteSettings, runRemoteBatches, type RemoteValidatorDeps } from './remote-validator.js';
import type { ValidationColumnInput, ValidationOutput } from './validation-types.js';

/** Optional dependencies of a validation column generator. */
export interface ValidationColumnDeps {
  /** Aborts validator work besides the generation context's own signal. */
  signal?: AbortSignal;
  /** Replaces the remote validator's backoff sleep (tests). */
  sleep?: RemoteValidatorDeps['sleep'];
}

/** Splits `items` into consecutive chunks of `size`. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One signal that aborts with either input. */
function combine(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b === undefined ? a : AbortSignal.any([a, b]);
}

/** Throws `InvalidConfigError` naming the target columns absent from some row. */
function assertTargetsPresent(column: ValidationColumnInput, rows: ReadonlyArray<Readonly<Row>>): void {
  const missing = column.target_columns.filter((target) => rows.some((row) => !(target in row)));
  if (missing.length > 0) {
    throw new InvalidConfigError(
      `Validation column '${column.name}' targets column(s) ${missing.map((m) => `'${m}'`).join(', ')} that are missing from the data.`,
      { fix: 'Check `target_columns`: every entry must name a column generated before this one.' },
    );
  }
}

/**
 * Builds the `full_column` generator of a `validation` column. Rows go to the validator in batches
 * of `batch_size`; code validators check each target column separately (cell `{ target: result }`
 * when there are several, each row with its own result), other validators get the target columns'
 * records and the cell is the result object.
 */
export function createValidationColumnGenerator(column: ValidationColumnInput, deps?: ValidationColumnDeps): BatchColumnGenerator;
/** Same, from a parsed `ValidationColumnConfig` (its function-typed `validation_function` is checked at run time). */
export function createValidationColumnGenerator(column: ValidationColumnConfig, deps?: ValidationColumnDeps): BatchColumnGenerator;
export function createValidationColumnGenerator(input: ValidationColumnInput | ValidationColumnConfig, deps: ValidationColumnDeps = {}): BatchColumnGenerator {
  const batchSize = input.batch_size ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidConfigError(`Validation column '${input.name}': batch_size must be an integer ≥ 1, got ${String(batchSize)}.`);
  }
  const validatorType = input.validator_params.validator_type ?? input.validator_type;
  if (validatorType !== input.validator_type) {
    throw new InvalidConfigError(
      `Validation column '${input.name}': validator_params.validator_type '${validatorType}' does not match validator_type '${input.validator_type}'.`,
    );
  }
  // Checked just above: the params belong to the column's validator type, so the column is one
  // member of the input union and narrowing `validator_type` narrows `validator_params` too.
  const column = input as ValidationColumnInput;
  const targets = [...column.target_columns];

  let validate: (rows: ReadonlyArray<Readonly<Row>>, signal: AbortSignal) => Promise<unknown[]>;
  if (column.validator_type === 'code') {
    const check = codeValidatorFor(column.validator_params.code_lang);
    validate = async (rows, signal) => {
      const perTarget: ValidationOutput[][] = [];
      for (const target of targets) {
        const results: ValidationOutput[] = [];
        for (const batch of chunk(rows, batchSize))
          results.push(
            ...(await check(
              batch.map((row) => row[target]),
              signal,
            )),
          );
        perTarget.push(results);
      }
      const [onlyTarget] = perTarget;
      if (targets.length === 1 && onlyTarget) return onlyTarget;
      // Each row gets its own result for every target (the original copied row 0's for the 2nd+ column).
      return rows.map((_, i) => Object.fromEntries(targets.map((target, t) => [target, perTarget[t]?.[i]])));
    };
  } else if (column.validator_type === 'local_callable') {
    const run = createLocalCallableValidator(column.validator_params);
    validate = async (rows) => {
      const results: ValidationOutput[] = [];
      for (const batch of chunk(rows, batchSize)) results.push(...(await run(batch.map(pickTargets))));
      return results;
    };
  } else if (column.validator_type === 'remote') {
    const settings = remoteSettings(column.validator_params);
    validate = async (rows, signal) => (await runRemoteBatches(settings, chunk(rows.map(pickTargets), batchSize), { signal, sleep: deps.sleep })).flat();
  } else {
    throw new InvalidConfigError(`Validation column '${input.name}': unknown validator_type '${String(input.validator_type)}'.`);
  }

  function pickTargets(row: Readonly<Row>): Record<string, unknown> {
    return Object.fromEntries(targets.map((target) => [target, row[target]]));
  }

  return {
    name: column.name,
    columns: [column.name],
    requiredColumns: targets,
    strategy: 'full_column',
    async generateBatch(rows: ReadonlyArray<Readonly<Row>>, context: GenerationContext): Promise<Row[]> {
      if (rows.length === 0) return [];
      assertTargetsPresent(column, rows);
      const results = await validate(rows, combine(context.signal, deps.signal));
      return results.map((result) => ({ [column.name]: result }));
    },
  };
}
