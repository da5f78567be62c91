import type { ColumnConfig } from '../columns/index.js';
import { configSchemas } from '../data-designer-config.js';
import { toConfigValidationError } from '../validation/index.js';
import type { ColumnConfigInput } from './config-inputs.js';

/** The built-in column config whose `column_type` is `Type`. */
export type ColumnConfigOf<Type extends ColumnConfig['column_type']> = Extract<ColumnConfig, { column_type: Type }>;

/**
 * Validates one built-in column (defaults applied, shorthand injected) and returns it typed by its
 * `column_type`. Throws `ConfigValidationError` naming every problem.
 */
export function parseColumnConfig<Input extends ColumnConfigInput>(input: Input): ColumnConfigOf<Input['column_type']> {
  const result = configSchemas.column.safeParse(input);
  if (!result.success) throw toConfigValidationError(result.error, input);
  return result.data as ColumnConfigOf<Input['column_type']>;
}
