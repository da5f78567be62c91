import { definedOrThrow, missingInvariant } from '@dd/config';
import type { ColumnGenerator, Row } from '../columns/index.js';
import type { SkipEvaluator } from '../skip/index.js';
import { loopIsBusy, waitForTurn } from '../templates/event-loop-turns.js';

/** Decides per row whether a column is skipped, given the columns already skipped in that row (the skip/ evaluator). */
export type SkipDecider = SkipEvaluator;

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Which columns each live row has skipped. Keyed by the row object the scheduler hands to
 * generators, so concurrent cells of one row never race on a copied list.
 */
export class SkippedCells {
  private readonly byRow = new WeakMap<object, Set<string>>();

  /** Columns skipped so far in `row`. */
  of(row: object): ReadonlySet<string> {
    return this.byRow.get(row) ?? EMPTY;
  }

  /** Records that `columns` were skipped in `row`. */
  mark(row: object, columns: readonly string[]): void {
    let set = this.byRow.get(row);
    if (!set) {
      set = new Set();
      this.byRow.set(row, set);
    }
    for (const column of columns) set.add(column);
  }
}

/**
 * Wraps a generator so rows it must skip get `skipValue` in its own column (null in its side-effect
 * columns) instead of being generated, are remembered as skipped for downstream propagation, and are
 * reported to the scheduler's statistics (`context.reportSkipped`).
 */
export function withSkip(
  generator: ColumnGenerator,
  options: { decide: SkipDecider; skipValue: unknown; skipped: SkippedCells; skipColumns?: readonly string[] },
): ColumnGenerator {
  const { decide, skipValue, skipped } = options;
  // skip.when references are dependencies too: the gate can only be evaluated once they exist.
  const requiredColumns = [...new Set([...generator.requiredColumns, ...(options.skipColumns ?? [])])];
  const primary = definedOrThrow(generator.columns[0], `the first column of generator '${generator.name}'`);
  const sideEffects = generator.columns.slice(1);
  const skippedValues = (): Row => {
    const values: Row = { [primary]: skipValue ?? null };
    for (const column of sideEffects) values[column] = null;
    return values;
  };

  if (generator.strategy === 'cell_by_cell') {
    return {
      ...generator,
      requiredColumns,
      generateCell: async (row, context) => {
        // skip.when renders synchronously: let Ctrl-C and I/O in between heavy gates.
        if (loopIsBusy()) await waitForTurn(context.signal);
        if (decide(row, skipped.of(row))) {
          skipped.mark(row, generator.columns);
          context.reportSkipped?.(generator.name, 1);
          return skippedValues();
        }
        return generator.generateCell(row, context);
      },
    };
  }
  return {
    ...generator,
    requiredColumns,
    generateBatch: async (rows, context) => {
      const output: Row[] = new Array(rows.length);
      const toGenerate: Array<Readonly<Row>> = [];
      const positions: number[] = [];
      rows.forEach((row, index) => {
        if (decide(row, skipped.of(row))) {
          skipped.mark(row, generator.columns);
          output[index] = skippedValues();
        } else {
          toGenerate.push(row);
          positions.push(index);
        }
      });
      if (toGenerate.length < rows.length) context.reportSkipped?.(generator.name, rows.length - toGenerate.length);
      if (toGenerate.length > 0) {
        const generated = await generator.generateBatch(toGenerate, context);
        positions.forEach((position, index) => {
          const row = generated[index];
          if (row === undefined) missingInvariant(`row ${index} of the batch generator '${generator.name}' returned`);
          output[position] = row;
        });
      }
      return output;
    },
  };
}
