/** Contiguous runs `[first, last]` of sorted unique indices. */
export function indexRuns(indices: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const index of indices) {
    const last = runs[runs.length - 1];
    if (last !== undefined && index === last[1] + 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

const MAX_RANGE_TERMS = 32;

/**
 * SQL predicate selecting sorted unique `indices` of an integer column: OR-ed BETWEENs for a few runs
 * (ordered reads), one IN list for scattered indices (shuffled reads). Both push down into DuckDB scans.
 */
export function rowIndexFilter(column: string, indices: readonly number[], shift = 0): string {
  const runs = indexRuns(indices);
  if (runs.length <= MAX_RANGE_TERMS) {
    return runs
      .map(([first, last]) => (first === last ? `${column} = ${first - shift}` : `${column} BETWEEN ${first - shift} AND ${last - shift}`))
      .join(' OR ');
  }
  return `${column} IN (${indices.map((index) => index - shift).join(', ')})`;
}
