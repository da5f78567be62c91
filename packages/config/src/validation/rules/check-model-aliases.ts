import { modelAliasesOf } from '../column-dependencies.js';
import type { Violation } from '../violation.js';
import type { ValidationContext } from './validation-context.js';

/**
 * `unknown_model_alias` (ours; the original finds these only at run time): a column names a model
 * alias that no model config defines. Skipped when the config has no model configs (defaults apply).
 */
export function checkModelAliases(context: ValidationContext): Violation[] {
  const known = context.modelAliases;
  if (!known || known.size === 0) return [];
  return context.columns.flatMap((column) =>
    modelAliasesOf(column)
      .filter((alias) => !known.has(alias))
      .map((alias) => ({
        type: 'unknown_model_alias',
        level: 'ERROR' as const,
        column: column.name,
        message: `Column '${column.name}' uses model alias '${alias}', but no model config defines it (defined: ${[...known].join(', ')}).`,
      })),
  );
}
