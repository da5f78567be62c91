import { missingInvariant } from '@dd/config';
import type { SeedRowSource } from './seed-row-source.js';

/** Rows held in memory (`seed_type: df`); columns in first-seen key order. */
export function openMemoryRowSource(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, description = 'in-memory rows'): SeedRowSource {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  const columnNames = [...columns];
  return {
    description,
    columnNames,
    rowCount: rows.length,
    async fetchRows(indices) {
      const out = new Map<number, Record<string, unknown>>();
      for (const index of indices) {
        const row: Record<string, unknown> = {};
        const source = rows[index];
        if (source === undefined) missingInvariant(`seed row ${index}`);
        for (const column of columnNames) row[column] = source[column] ?? null;
        out.set(index, row);
      }
      return out;
    },
    async close() {},
  };
}
