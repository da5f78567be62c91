import type { Violation } from '../violation.js';
import { columnPath, type ValidationContext } from './validation-context.js';

/** `code_column_missing`, `code_column_not_code`, `code_lang_mismatch` for code validation columns. */
export function checkCodeValidators(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const byName = new Map(context.columns.map((column) => [column.name, column]));
  for (const column of context.columns) {
    if (column.column_type !== 'validation' || column.validator_type !== 'code') continue;
    const language = (column.validator_params as { code_lang?: string } | undefined)?.code_lang;
    for (const [targetIndex, targetName] of (column.target_columns ?? []).entries()) {
      const path = columnPath(context, column, `target_columns[${targetIndex}]`);
      const target = byName.get(targetName);
      if (!target) {
        violations.push({
          type: 'code_column_missing',
          level: 'ERROR',
          column: column.name,
          path,
          value: targetName,
          message: `Validation column '${column.name}' targets '${targetName}', which is not a column of the config.`,
        });
      } else if (target.column_type !== 'llm-code') {
        violations.push({
          type: 'code_column_not_code',
          level: 'WARNING',
          column: column.name,
          path,
          value: targetName,
          message: `Validation column '${column.name}' checks code in '${targetName}', which is a '${target.column_type}' column, not an 'llm-code' column.`,
        });
      } else if (target.code_lang !== language) {
        violations.push({
          type: 'code_lang_mismatch',
          level: 'ERROR',
          column: column.name,
          path: columnPath(context, column, 'validator_params.code_lang'),
          value: language,
          message: `Validation column '${column.name}' validates ${String(language)} but '${targetName}' generates ${String(target.code_lang)}; make the two code_lang values match.`,
        });
      }
    }
  }
  return violations;
}
