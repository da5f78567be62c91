import type { DuckDBConnection } from '@duckdb/node-api';

/** One aggregate to compute; `sql` lists alternatives tried in order when it is computed on its own. */
export interface AggregateExpr {
  /** Result key. */
  key: string;
  /** Group of the expression (a column index): the retry unit after the single scan fails. */
  column: number;
  /** SQL aggregate expression and fallbacks. */
  sql: readonly string[];
}

/**
 * Computes aggregates over `source` in one scan; on failure retries per column group, then per expression
 * (each alternative in turn), so only the failing statistics are missing from the returned map.
 */
export async function runAggregates(connection: DuckDBConnection, source: string, expressions: readonly AggregateExpr[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const tryGroup = async (group: readonly AggregateExpr[]): Promise<boolean> => {
    try {
      const reader = await connection.runAndReadAll(`SELECT ${group.map((expression) => expression.sql[0]).join(', ')} FROM ${source}`);
      const row = reader.getRowsJS()[0] ?? [];
      group.forEach((expression, position) => {
        out.set(expression.key, row[position]);
      });
      return true;
    } catch {
      return false;
    }
  };
  if (expressions.length === 0 || (await tryGroup(expressions))) return out;
  const byColumn = new Map<number, AggregateExpr[]>();
  for (const expression of expressions) byColumn.set(expression.column, [...(byColumn.get(expression.column) ?? []), expression]);
  for (const group of byColumn.values()) {
    if (await tryGroup(group)) continue;
    for (const expression of group) {
      for (const sql of expression.sql) {
        if (await tryGroup([{ ...expression, sql: [sql] }])) break;
      }
    }
  }
  return out;
}
