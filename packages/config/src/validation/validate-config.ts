import { sideEffectColumnsOf, type DependencyColumn } from './column-dependencies.js';
import { checkCodeValidators } from './rules/check-code-validators.js';
import { checkDependencyCycles } from './rules/check-dependency-cycles.js';
import { checkExpressionAndSkipReferences } from './rules/check-expression-and-skip-references.js';
import { checkModelAliases } from './rules/check-model-aliases.js';
import { checkProcessors } from './rules/check-processors.js';
import { checkPromptReferences } from './rules/check-prompt-references.js';
import type { ValidationContext, ValidationRule } from './rules/validation-context.js';
import type { Violation } from './violation.js';

/** The parts of a config static validation reads. */
export interface ValidatableConfig {
  columns: ReadonlyArray<DependencyColumn>;
  processors?: ReadonlyArray<unknown> | null;
  model_configs?: ReadonlyArray<{ alias: string }> | null;
}

const RULES: readonly ValidationRule[] = [
  checkPromptReferences,
  checkCodeValidators,
  checkExpressionAndSkipReferences,
  checkProcessors,
  checkModelAliases,
  checkDependencyCycles,
];

/**
 * Static validation before generation (config-spec §12): every rule runs and every finding is
 * returned at once. Seed columns not yet in `columns` can be passed by name.
 */
export function validateConfig(config: ValidatableConfig, options: { seedColumnNames?: readonly string[] } = {}): Violation[] {
  const present = new Set(config.columns.map((column) => column.name));
  const seedColumns = (options.seedColumnNames ?? []).filter((name) => !present.has(name)).map((name) => ({ name, column_type: 'seed-dataset', drop: false }));
  const columns = [...config.columns, ...seedColumns] as ValidationContext['columns'];
  const columnNames = new Set(columns.map((column) => column.name));
  const allowedReferences = new Set([...columnNames, ...columns.flatMap((column) => sideEffectColumnsOf(column))]);
  const context: ValidationContext = {
    columns,
    columnNames,
    allowedReferences,
    processors: (config.processors ?? []) as ValidationContext['processors'],
    modelAliases: config.model_configs ? new Set(config.model_configs.map((model) => model.alias)) : null,
  };
  return RULES.flatMap((rule) => rule(context));
}
