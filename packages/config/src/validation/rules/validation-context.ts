import type { DependencyColumn } from '../column-dependencies.js';
import type { Violation } from '../violation.js';

/** What every rule receives: the columns (seed columns appended) and the names they may reference. */
export interface ValidationContext {
  columns: ReadonlyArray<DependencyColumn & Record<string, unknown>>;
  /** Every column name plus every side-effect column name. */
  allowedReferences: ReadonlySet<string>;
  /** Column names only. */
  columnNames: ReadonlySet<string>;
  processors: ReadonlyArray<Record<string, unknown>>;
  modelAliases: ReadonlySet<string> | null;
}

/** Path of a column (or one of its fields) in the config: `columns[2]`, `columns[2].prompt`. */
export function columnPath(context: ValidationContext, column: ValidationContext['columns'][number], field?: string): string {
  return `columns[${context.columns.indexOf(column)}]${field ? `.${field}` : ''}`;
}

/** A static-validation rule: reads the context, returns its findings. */
export type ValidationRule = (context: ValidationContext) => Violation[];

/** Quotes and joins names for messages. */
export function quoteNames(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}
