import { requiredColumnsOf, skipColumnsOf } from '../column-dependencies.js';
import type { Violation } from '../violation.js';
import { columnPath, type ValidationContext } from './validation-context.js';

/** `expression_reference_missing`, `skip_on_sampler_seed`, `skip_reference_missing`. */
export function checkExpressionAndSkipReferences(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const column of context.columns) {
    if (column.column_type === 'expression') {
      for (const name of requiredColumnsOf(column)) {
        if (!context.allowedReferences.has(name)) {
          violations.push({
            type: 'expression_reference_missing',
            level: 'ERROR',
            column: column.name,
            path: columnPath(context, column, 'expr'),
            value: name,
            message: `The expression of '${column.name}' references '${name}', which is not a column of the config.`,
          });
        }
      }
    }
    if (!column.skip) continue;
    if (column.column_type === 'sampler' || column.column_type === 'seed-dataset') {
      violations.push({
        type: 'skip_on_sampler_seed',
        level: 'ERROR',
        column: column.name,
        path: columnPath(context, column, 'skip'),
        message: `'${column.name}' is a ${column.column_type} column; skip is not supported there.`,
      });
      continue;
    }
    for (const name of skipColumnsOf(column)) {
      if (!context.allowedReferences.has(name)) {
        violations.push({
          type: 'skip_reference_missing',
          level: 'ERROR',
          column: column.name,
          path: columnPath(context, column, 'skip.when'),
          value: name,
          message: `skip.when of '${column.name}' references '${name}', which is not a column of the config.`,
        });
      }
    }
  }
  return violations;
}
