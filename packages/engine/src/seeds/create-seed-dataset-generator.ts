import type { BatchColumnGenerator, Row } from '../columns/index.js';
import type { SeedReader } from './open-seed-reader.js';
import { SeedDatasetError } from './seed-reader-error.js';

/**
 * The from-scratch generator of all seed columns (engine-spec §2.3): for a row group it fills each row
 * with the seed row at its dataset position (`context.rowOffset + i`), so groups can run in any order and
 * be regenerated after a resume with the same rows (with a fixed shuffle seed).
 */
export function createSeedDatasetGenerator(reader: SeedReader, columns: readonly string[] = reader.columnNames, name = 'seed-dataset'): BatchColumnGenerator {
  const missing = columns.filter((column) => !reader.columnNames.includes(column));
  if (missing.length > 0) {
    throw new SeedDatasetError(`Seed column(s) ${missing.map((column) => `'${column}'`).join(', ')} are not in the seed dataset ${reader.description}.`, {
      fix: `Available columns: ${reader.columnNames.join(', ')}.`,
    });
  }
  const outputColumns = [...columns];
  return {
    name,
    strategy: 'full_column',
    columns: outputColumns,
    requiredColumns: [],
    async generateBatch(rows, context) {
      const seedRows = await reader.readRows(context.rowOffset, rows.length);
      return seedRows.map((seedRow) => {
        const out: Row = {};
        for (const column of outputColumns) out[column] = seedRow[column] ?? null;
        return out;
      });
    },
  };
}
