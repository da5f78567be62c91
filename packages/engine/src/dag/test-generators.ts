// Test-only generator factories (excluded from the build by the `test-*.ts` pattern).
import type { BatchColumnGenerator, CellColumnGenerator, GenerationContext, Row } from '../columns/index.js';

/** Options for a test cell generator. */
export interface TestCellOptions {
  requires?: string[];
  columns?: string[];
  resource?: string;
  run?: (row: Readonly<Row>, context: GenerationContext) => Promise<Row> | Row;
}

/** A cell generator writing `<name>` = `<name>:<row index in group>` unless `run` is given. */
export function cellGenerator(name: string, options: TestCellOptions = {}): CellColumnGenerator {
  const run = options.run;
  return {
    name,
    strategy: 'cell_by_cell',
    columns: options.columns ?? [name],
    requiredColumns: options.requires ?? [],
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    async generateCell(row, context) {
      if (run) return run(row, context);
      return { [name]: `${name}!` };
    },
  };
}

/** Options for a test batch generator. */
export interface TestBatchOptions {
  requires?: string[];
  columns?: string[];
  resource?: string;
  run?: (rows: ReadonlyArray<Readonly<Row>>, context: GenerationContext) => Promise<Row[]> | Row[];
}

/** A batch generator writing `<name>` = the row's position in the dataset unless `run` is given. */
export function batchGenerator(name: string, options: TestBatchOptions = {}): BatchColumnGenerator {
  const run = options.run;
  return {
    name,
    strategy: 'full_column',
    columns: options.columns ?? [name],
    requiredColumns: options.requires ?? [],
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    async generateBatch(rows, context) {
      if (run) return run(rows, context);
      return rows.map((_, i) => ({ [name]: context.rowOffset + i }));
    },
  };
}
