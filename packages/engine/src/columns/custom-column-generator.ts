import { defineErrorClass } from '@dd/config';
import { isRetryableByFlag } from '../resilience/retryability.js';
import type { ModelLookup } from '../models/model-types.js';
import type { ColumnGenerator, GenerationContext, Row } from './column-generator.js';
import { customColumnModels, CustomColumnModelError, type CustomColumnModelDefaults, type CustomColumnModels } from './custom-column-models.js';
import { lookupCustomColumnFunction, registeredCustomColumnFunctions } from './custom-column-registry.js';

/** Raised when a custom column function fails or returns something the column cannot use. */
export class CustomColumnGenerationError extends defineErrorClass('CustomColumnGenerationError') {}

/** How a custom column function is called: once per row, or once per row group. */
export type CustomColumnStrategy = 'cell_by_cell' | 'full_column';

/** Third argument of every custom column function: the generation context, the column name and its models. */
export interface CustomColumnContext extends GenerationContext {
  /** Name of the column being generated. */
  readonly column: string;
  /**
   * The model facades of the aliases the function declared (`modelAliases`), as the original's
   * `models` argument: `await context.models['alias'].generate('prompt')`. Same request admission,
   * retries and usage accounting as the LLM columns; an undeclared alias throws.
   */
  readonly models: CustomColumnModels;
}

/** What a custom column generator needs besides its config. */
export interface CustomColumnDependencies {
  /** Models of the run (required when the function declares model aliases). */
  models?: ModelLookup;
  /** Defaults of `generate` (corrections and restarts), as the LLM columns take them. */
  runConfig?: CustomColumnModelDefaults;
}

/** A cell-by-cell user function: the row in, the cell value (or the row / an object holding the column) out. */
export type CustomCellFunction<P = Record<string, unknown>> = (row: Row, generatorParams: P, context: CustomColumnContext) => unknown;

/** A full-column user function: the row group in, one row per input row (same order) out. */
export type CustomFullColumnFunction<P = Record<string, unknown>> = (rows: Row[], generatorParams: P, context: CustomColumnContext) => Row[] | Promise<Row[]>;

/** Declarations of `customColumnGenerator`. */
export interface CustomColumnOptions {
  /** How the function is called. @default 'cell_by_cell' */
  strategy?: CustomColumnStrategy;
  /** Columns that must be generated before the function runs on a row. */
  requiredColumns?: string[];
  /** Extra columns the function writes besides its own. */
  sideEffectColumns?: string[];
  /** Model aliases the function uses (for health checks and scheduling). */
  modelAliases?: string[];
}

/** Metadata a wrapped custom column function carries (read by config-side dependency analysis). */
export interface CustomColumnMetadata {
  /** How the function is called. */
  readonly strategy: CustomColumnStrategy;
  /** Columns that must be generated before the function runs on a row. */
  readonly requiredColumns: readonly string[];
  /** Extra columns the function writes besides its own. */
  readonly sideEffectColumns: readonly string[];
  /** Model aliases the function uses. */
  readonly modelAliases: readonly string[];
}

/** A user function wrapped by `customColumnGenerator`: callable as before, with its metadata attached. */
export type CustomColumnFunction = ((input: Row | Row[], generatorParams: unknown, context: CustomColumnContext) => unknown) & CustomColumnMetadata;

/** The fields of a custom column config the generator reads. */
export interface CustomColumnGeneratorConfig {
  /** Column name. */
  name: string;
  /** A wrapped function, a plain function, or the name a function is registered under. */
  generator_function?: unknown;
  /** How the function is called (a wrapped function's own declaration wins for `full_column`). */
  generation_strategy?: CustomColumnStrategy;
  /** Passed as the function's second argument (`{}` when absent). */
  generator_params?: Record<string, unknown> | null;
}

const STRATEGIES: ReadonlySet<string> = new Set(['cell_by_cell', 'full_column']);

function stringList(value: unknown, what: string): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new TypeError(`customColumnGenerator: ${what} must be a list of non-empty strings.`);
  }
  return Object.freeze([...new Set(value as string[])]);
}

/** Wraps a user function (sync or async) as a custom column function carrying its metadata. */
export function customColumnGenerator<P = Record<string, unknown>>(
  fn: CustomCellFunction<P>,
  options?: CustomColumnOptions & { strategy?: 'cell_by_cell' },
): CustomColumnFunction;
/** Wraps a full-column user function (sync or async) as a custom column function carrying its metadata. */
export function customColumnGenerator<P = Record<string, unknown>>(
  fn: CustomFullColumnFunction<P>,
  options: CustomColumnOptions & { strategy: 'full_column' },
): CustomColumnFunction;
export function customColumnGenerator(
  fn: (input: never, generatorParams: never, context: CustomColumnContext) => unknown,
  options: CustomColumnOptions = {},
): CustomColumnFunction {
  if (typeof fn !== 'function') throw new TypeError('customColumnGenerator: expected a function.');
  const strategy = options.strategy ?? 'cell_by_cell';
  if (!STRATEGIES.has(strategy)) {
    throw new TypeError(`customColumnGenerator: strategy must be 'cell_by_cell' or 'full_column', got '${String(strategy)}'.`);
  }
  // Widening the never-typed parameters: the caller's function gets whatever the scheduler passes (its contract).
  const call = fn as (input: Row | Row[], generatorParams: unknown, context: CustomColumnContext) => unknown;
  const wrapped = (input: Row | Row[], generatorParams: unknown, context: CustomColumnContext): unknown => call(input, generatorParams, context);
  Object.defineProperties(wrapped, {
    name: { value: fn.name, configurable: true },
    strategy: { value: strategy, enumerable: true },
    requiredColumns: { value: stringList(options.requiredColumns, 'requiredColumns'), enumerable: true },
    sideEffectColumns: { value: stringList(options.sideEffectColumns, 'sideEffectColumns'), enumerable: true },
    modelAliases: { value: stringList(options.modelAliases, 'modelAliases'), enumerable: true },
  });
  return wrapped as CustomColumnFunction;
}

/** True when `value` is a function wrapped by `customColumnGenerator` (or carries the same metadata). */
export function isCustomColumnFunction(value: unknown): value is CustomColumnFunction {
  if (typeof value !== 'function') return false;
  const meta: Partial<Record<keyof CustomColumnMetadata, unknown>> = {
    strategy: Reflect.get(value, 'strategy'),
    requiredColumns: Reflect.get(value, 'requiredColumns'),
    sideEffectColumns: Reflect.get(value, 'sideEffectColumns'),
    modelAliases: Reflect.get(value, 'modelAliases'),
  };
  return (
    typeof meta.strategy === 'string' &&
    STRATEGIES.has(meta.strategy) &&
    Array.isArray(meta.requiredColumns) &&
    Array.isArray(meta.sideEffectColumns) &&
    Array.isArray(meta.modelAliases)
  );
}

function resolveFunction(column: CustomColumnGeneratorConfig): CustomColumnFunction {
  let fn = column.generator_function;
  if (typeof fn === 'string') {
    const found = lookupCustomColumnFunction(fn);
    if (found === undefined) throw unregistered(column.name, fn);
    fn = found;
  }
  if (isCustomColumnFunction(fn)) {
    if (column.generation_strategy === 'full_column' && fn.strategy === 'cell_by_cell') {
      // A function declared cell_by_cell cannot be run on a whole row group.
      throw new CustomColumnGenerationError(
        `Custom column '${column.name}' has generation_strategy 'full_column', but its function was declared with strategy 'cell_by_cell'.`,
        { fix: "Wrap the function with customColumnGenerator(fn, { strategy: 'full_column' }), or set generation_strategy: cell_by_cell." },
      );
    }
    return fn;
  }
  if (typeof fn === 'function') {
    const plain = fn as CustomCellFunction;
    return column.generation_strategy === 'full_column'
      ? customColumnGenerator(plain as unknown as CustomFullColumnFunction, { strategy: 'full_column' })
      : customColumnGenerator(plain);
  }
  throw new CustomColumnGenerationError(
    `Custom column '${column.name}' needs generator_function to be a function or a registered function name, got ${describe(fn)}.`,
    { fix: 'Pass a function wrapped with customColumnGenerator, or the name it was registered under.' },
  );
}

function unregistered(columnName: string, fn: string): Error {
  const registered = registeredCustomColumnFunctions();
  return new CustomColumnGenerationError(
    `Custom column '${columnName}' refers to the function '${fn}', which is not registered. Registered functions: ${
      registered.length > 0 ? registered.map((name) => `'${name}'`).join(', ') : '(none)'
    }.`,
    {
      fix: `Import the module that calls registerCustomColumnFunction('${fn}', …) before running the config (with the CLI: --import ./path/to/module.mjs).`,
    },
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isPlainObject(value: unknown): value is Row {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function quote(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

/**
 * Checks one returned record: it must hold the column and every side effect, and no key that is
 * neither in the input row nor declared. Returns just the generator's columns.
 */
function pickOutput(result: Row, input: Readonly<Row>, columnName: string, columns: readonly string[], where: string): Row {
  const missing = columns.filter((name) => !(name in result));
  if (missing.length > 0) {
    const own = missing.includes(columnName);
    throw new CustomColumnGenerationError(
      `Custom column '${columnName}' function returned ${where} without ${own ? 'the column' : 'the side-effect column(s)'} ${quote(missing)}.`,
      {
        fix: own
          ? `Return the row with '${columnName}' set (or, cell by cell, just the value).`
          : 'Set every declared side-effect column in the returned record.',
      },
    );
  }
  const declared = new Set(columns);
  const extra = Object.keys(result).filter((key) => !declared.has(key) && !(key in input));
  if (extra.length > 0) {
    throw new CustomColumnGenerationError(
      `Custom column '${columnName}' function returned undeclared column(s) ${quote(extra)}${where === 'a record' ? '' : ` in ${where}`}.`,
      { fix: `Declare them with customColumnGenerator(fn, { sideEffectColumns: [${extra.map((key) => `'${key}'`).join(', ')}] }), or stop returning them.` },
    );
  }
  const out: Row = {};
  for (const name of columns) out[name] = result[name];
  return out;
}

async function invoke(fn: CustomColumnFunction, columnName: string, input: Row | Row[], params: unknown, context: CustomColumnContext): Promise<unknown> {
  try {
    return await fn(input, params, context);
  } catch (error) {
    // Retryable model errors pass through unchanged so the scheduler can retry / salvage them.
    if (isRetryableByFlag(error) || CustomColumnGenerationError.isInstance(error) || CustomColumnModelError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CustomColumnGenerationError(`Custom column '${columnName}' function failed: ${message}`, { cause: error });
  }
}

const NO_MODELS: ModelLookup = {
  getModel(alias: string) {
    throw new CustomColumnModelError(`No model '${alias}': the run has no models.`);
  },
};

/**
 * Generator of a `custom` column (engine-spec §2.10): resolves the user function (wrapped, plain or
 * registered by name), calls it cell by cell or once per row group, and validates what it returns.
 */
export function createCustomColumnGenerator(column: CustomColumnGeneratorConfig, deps: CustomColumnDependencies = {}): ColumnGenerator {
  const fn = resolveFunction(column);
  const columnName = column.name;
  const aliases = fn.modelAliases;
  if (aliases.length > 0 && !deps.models) {
    throw new CustomColumnModelError(`Custom column '${columnName}' declares model aliases (${aliases.join(', ')}), but the run has no models.`, {
      fix: 'Run the config through DataDesigner (or pass a model registry), with model configs for those aliases.',
    });
  }
  const defaults = deps.runConfig ?? { max_conversation_correction_steps: 0, max_conversation_restarts: 5 };
  const contextOf = (context: GenerationContext): CustomColumnContext => ({
    ...context,
    column: columnName,
    models: deps.models
      ? customColumnModels(columnName, aliases, deps.models, { signal: context.signal, defaults })
      : customColumnModels(columnName, [], NO_MODELS, { defaults }),
  });
  // The function's declaration decides: the config's default `cell_by_cell` cannot be told apart
  // from an explicit one, so a full_column function runs full_column either way.
  const strategy: CustomColumnStrategy = fn.strategy;
  const columns = Object.freeze([columnName, ...fn.sideEffectColumns.filter((name) => name !== columnName)]);
  const requiredColumns = Object.freeze([...fn.requiredColumns]);
  const params = column.generator_params ?? {};
  // One declared alias: the column takes that model's scheduler slots, like an LLM column.
  const base = { name: columnName, columns, requiredColumns, ...(aliases.length === 1 ? { resource: `model:${aliases[0]}` } : {}) } as const;

  if (strategy === 'full_column') {
    return {
      ...base,
      strategy: 'full_column',
      async generateBatch(rows: ReadonlyArray<Readonly<Row>>, context: GenerationContext): Promise<Row[]> {
        const inputs = rows.map((row) => ({ ...row }));
        const result = await invoke(fn, columnName, inputs, params, contextOf(context));
        if (!Array.isArray(result)) {
          throw new CustomColumnGenerationError(`Custom column '${columnName}' (full_column) function must return an array of rows, got ${describe(result)}.`, {
            fix: 'Return one record per input row, in the same order.',
          });
        }
        if (result.length !== rows.length) {
          throw new CustomColumnGenerationError(
            `Custom column '${columnName}' (full_column) function returned ${result.length} rows for ${rows.length} input rows.`,
            { fix: 'Return exactly one record per input row, in the same order.' },
          );
        }
        return result.map((record: unknown, index) => {
          if (!isPlainObject(record)) {
            throw new CustomColumnGenerationError(
              `Custom column '${columnName}' (full_column) function returned ${describe(record)} at index ${index} instead of a row object.`,
              { fix: 'Return one record (an object) per input row.' },
            );
          }
          return pickOutput(record, rows[index] ?? {}, columnName, columns, `row ${index}`);
        });
      },
    };
  }

  return {
    ...base,
    strategy: 'cell_by_cell',
    async generateCell(row: Readonly<Row>, context: GenerationContext): Promise<Row> {
      const result = await invoke(fn, columnName, { ...row }, params, contextOf(context));
      if (result === undefined) {
        throw new CustomColumnGenerationError(`Custom column '${columnName}' function returned undefined.`, {
          fix: `Return the value of '${columnName}', or the row with '${columnName}' set.`,
        });
      }
      if (isPlainObject(result)) return pickOutput(result, row, columnName, columns, 'a record');
      if (columns.length > 1) {
        throw new CustomColumnGenerationError(
          `Custom column '${columnName}' declares side-effect columns ${quote(columns.slice(1))}, so its function must return an object holding them, got ${describe(result)}.`,
          { fix: `Return { ${columns.map((name) => `${name}: …`).join(', ')} } (or the whole row with them set).` },
        );
      }
      return { [columnName]: result };
    },
  };
}

/** The function registered under `name` (plain functions come back wrapped as cell-by-cell), or undefined. */
export function resolveCustomColumnFunction(name: string): CustomColumnFunction | undefined {
  const fn = lookupCustomColumnFunction(name);
  if (fn === undefined) return undefined;
  return isCustomColumnFunction(fn) ? fn : customColumnGenerator(fn as CustomCellFunction);
}
