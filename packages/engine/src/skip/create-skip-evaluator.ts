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

/** Options of `createSkipEvaluator`. */
export interface SkipEvaluatorOptions {
  /** Called with every `skip.when` evaluation error (the row is then skipped). */
  onError?: (error: unknown) => void;
}

/**
 * Builds the skip decision of engine spec §2.11: a row is skipped when a required column was
 * skipped in it (unless `propagate_skip` is false), else when `skip.when`, rendered natively with
 * strict undefined against the row, is truthy. Evaluation errors skip the row (fail-safe).
 */
export function createSkipEvaluator(
  column: SkipColumnConfig,
  requiredColumns: readonly string[],
  options: SkipEvaluatorOptions = {},
): SkipEvaluator {
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
      options.onError?.(error);
      return true;
    }
  };
}
