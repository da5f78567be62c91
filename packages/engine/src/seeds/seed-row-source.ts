/** Random access to the rows of one seed source; what `openSeedReader` samples from. */
export interface SeedRowSource {
  /** Path or label used in messages. */
  readonly description: string;
  /** Column names in source order. */
  readonly columnNames: readonly string[];
  /** Rows in the source. */
  readonly rowCount: number;
  /** Rows at the given indices (sorted, unique, each `< rowCount`), keyed by index. */
  fetchRows(indices: readonly number[]): Promise<Map<number, Record<string, unknown>>>;
  /** Releases files, DuckDB instances and temp folders. */
  close(): Promise<void>;
}
