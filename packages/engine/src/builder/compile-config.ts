import {
  configSchemas,
  InvalidConfigError,
  isPluginColumnConfig,
  topologicalColumnOrder,
  validateConfig,
  withDefaultModelConfigs,
  type AnyColumnConfig,
  type ConfigViolation,
  type DataDesignerConfig,
  type Violation,
} from '@dd/config';
import { resolveCustomColumnFunction } from '../columns/custom-column-generator.js';

/**
 * Custom columns naming a registered function get its metadata (required and side-effect columns)
 * for dependency analysis; the config itself keeps the name, as the original's files do.
 */
export function withResolvedCustomFunctions(columns: readonly AnyColumnConfig[]): AnyColumnConfig[] {
  return columns.map((column) => {
    if (isPluginColumnConfig(column) || column.column_type !== 'custom' || typeof column.generator_function !== 'string') return column;
    const fn = resolveCustomColumnFunction(column.generator_function);
    return fn ? { ...column, generator_function: fn } : column;
  });
}

/** A static-validation error as `InvalidConfigError.violations` carries it. */
function toConfigViolation(violation: Violation): ConfigViolation {
  return { code: violation.type, path: violation.path, message: violation.message, ...(violation.value === undefined ? {} : { value: violation.value }) };
}

/** Name of the hidden UUID column added when a config has neither samplers nor seed columns. */
export const INTERNAL_ROW_ID_COLUMN = '_internal_row_id';

/** A config ready to run: seed columns added, columns in execution order, warnings kept. */
export interface CompiledConfig {
  /** The enriched config (what `builder_config.json` holds). */
  config: DataDesignerConfig;
  /** Columns in execution order: seed columns and samplers first, then the DAG. */
  orderedColumns: AnyColumnConfig[];
  /** Columns that come from the seed dataset. */
  seedColumnNames: string[];
  /** Static-validation warnings (errors throw). */
  warnings: Violation[];
}

/**
 * Compiles a config for generation (engine-spec §1.1): fills in default model configs for aliases
 * the config uses but does not define, appends one seed-dataset column per seed
 * column, adds a dropped `_internal_row_id` UUID sampler when nothing else creates rows, runs every
 * static check at once and orders the columns. Throws `InvalidConfigError` listing all errors.
 */
export function compileConfig(input: DataDesignerConfig, options: { seedColumnNames?: readonly string[] } = {}): CompiledConfig {
  // Aliases the config does not define come from <home>/model_configs.yaml, else the built-ins.
  const config = withDefaultModelConfigs({ ...input, columns: withResolvedCustomFunctions(input.columns) });
  config.columns = input.columns;
  const seedColumnNames = [...(options.seedColumnNames ?? [])];
  const declared = new Set(config.columns.map((column) => column.name));
  const collisions = seedColumnNames.filter((name) => declared.has(name));
  if (collisions.length > 0) {
    const fix = 'Rename the config columns, or drop the duplicated columns from the seed file.';
    throw new InvalidConfigError(`Seed dataset column(s) ${collisions.map((name) => `'${name}'`).join(', ')} collide with columns of the config.`, {
      fix,
      violations: collisions.map((name) => ({
        code: 'seed_column_collision',
        path: `columns[${config.columns.findIndex((column) => column.name === name)}].name`,
        message: `Seed dataset column '${name}' collides with a column of the config.`,
        value: name,
        fix,
      })),
    });
  }
  const columns: AnyColumnConfig[] = [...config.columns];
  for (const name of seedColumnNames) {
    columns.push(configSchemas.column.parse({ name, column_type: 'seed-dataset' }));
  }
  const createsRows = columns.some((column) => column.column_type === 'sampler' || column.column_type === 'seed-dataset');
  if (!createsRows) {
    columns.unshift(
      configSchemas.column.parse({
        name: INTERNAL_ROW_ID_COLUMN,
        column_type: 'sampler',
        sampler_type: 'uuid',
        params: {},
        drop: true,
      }),
    );
  }
  const enriched: DataDesignerConfig = { ...config, columns };
  const resolved = withResolvedCustomFunctions(columns);
  const original = new Map(resolved.map((column, index) => [column, columns[index]]));
  // Paths name the user's columns: the hidden row-id column, when added, is not one of them.
  const violations = validateConfig({ ...enriched, columns: resolved }, { seedColumnNames }).map((violation) =>
    createsRows ? violation : { ...violation, path: violation.path.replace(/^columns\[(\d+)\]/, (_, index: string) => `columns[${Number(index) - 1}]`) },
  );
  const errors = violations.filter((violation) => violation.level === 'ERROR');
  if (errors.length > 0) {
    const lines = errors.map((violation) => `  ✖ [${violation.type}] ${violation.message}`);
    throw new InvalidConfigError(`🛑 Your configuration contains validation errors:\n${lines.join('\n')}`, {
      fix: 'Fix every error listed, then run `data-designer validate` again.',
      violations: errors.map(toConfigViolation),
    });
  }
  return {
    config: enriched,
    orderedColumns: topologicalColumnOrder(resolved).map((column) => original.get(column) ?? column),
    seedColumnNames,
    warnings: violations.filter((violation) => violation.level !== 'ERROR'),
  };
}
