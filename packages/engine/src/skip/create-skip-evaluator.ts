import { defineErrorClass } from '@dd/config';
import { isPythonTruthy } from '../templates/python-value.js';
import { prepareNative } from '../templates/render-template.js';

/** Row-level skip decision: true when the column must not be generated for this row. */
export type SkipEvaluator = (row: Readonly<Record<string, unknown>>, skippedInRow: ReadonlySet<string>) => boolean;

/** The parts of a column config the skip decision reads. */
export interface SkipColumnConfig {
  name: string;
  skip?: { when: string; value?: unknown } | null;
  propagate_skip?: boolean;
}

/** A `skip.when` expression failed to evaluate for a row; the cell was skipped (fail-safe). */
export class SkipEvaluationError extends defineErrorClass('SkipEvaluationError') {}

/** Options of `createSkipEvaluator`. */
export interface SkipEvaluatorOptions {
  /**
   * Called with a `SkipEvaluationError` (column, expression and cause in its message; the
   * original error as `cause`) for every `skip.when` evaluation failure; the cell is then skipped.
   */
  onError?: (error: Error) => void;
}

/**
 * Builds the skip decision of engine spec §2.11: a row is skipped when a required column was
 * skipped in it (unless `propagate_skip` is false), else when `skip.when`, rendered natively with
 * strict undefined against the row, is truthy. Evaluation errors skip the row (fail-safe).
 */
export function createSkipEvaluator(column: SkipColumnConfig, requiredColumns: readonly string[], options: SkipEvaluatorOptions = {}): SkipEvaluator {
  const propagate = column.propagate_skip !== false;
  const when = column.skip?.when;
  let render: ((row: Readonly<Record<string, unknown>>) => unknown) | undefined;
  return (row, skippedInRow) => {
    if (propagate && requiredColumns.some((name) => skippedInRow.has(name))) return true;
    if (when === undefined || when === null) return false;
    try {
      render ??= prepareNative(when, { strictUndefined: true });
      return isPythonTruthy(render(row));
    } catch (error) {
      if (options.onError) {
        const reason = (error as Error)?.message ?? String(error);
        options.onError(
          new SkipEvaluationError(`skip.when of column '${column.name}' failed to evaluate (${JSON.stringify(when)}): ${reason} The cell is skipped.`, {
            cause: error,
            fix: 'Fix the expression or guard it, e.g. {{ x is defined and x.y > 3 }}; the original treats a failing skip.when as true.',
          }),
        );
      }
      return true;
    }
  };
}
