import { modelAliasesOf } from '../column-dependencies.js';
import type { Violation } from '../violation.js';
import { columnPath, type ValidationContext } from './validation-context.js';

/**
 * `unknown_model_alias` (ours; the original finds these only at run time): a column names a model
 * alias that no model config defines. Skipped when the config has no `model_configs` at all: the
 * defaults (`<home>/model_configs.yaml`, then the built-ins) are filled in before a run, and what
 * they cannot define is reported then (an empty list is checked).
 */
export function checkModelAliases(context: ValidationContext): Violation[] {
  const known = context.modelAliases;
  if (!known) return [];
  return context.columns.flatMap((column) =>
    modelAliasesOf(column)
      .filter((alias) => alias !== '' && !known.has(alias))
      .map((alias) => ({
        type: 'unknown_model_alias',
        level: 'ERROR' as const,
        column: column.name,
        path: columnPath(context, column, column.model_alias === alias ? 'model_alias' : undefined),
        value: alias,
        message:
          `Column '${column.name}' uses model alias '${alias}', but no model config defines it ` +
          `(defined: ${known.size > 0 ? [...known].join(', ') : 'none'}; the config's model_configs, then <DATA_DESIGNER_HOME>/model_configs.yaml, then the built-in defaults are searched). ` +
          `Add a model config with alias '${alias}', or use a defined alias.`,
      })),
  );
}
