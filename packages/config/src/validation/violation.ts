/** One static-validation finding: its `type` code, level, column, field path and message. */
export interface Violation {
  /** Violation code of the original (`invalid_reference`, `all_columns_dropped`, …). */
  type: string;
  /** ERROR blocks generation; WARNING does not. */
  level: 'ERROR' | 'WARNING';
  /** Column concerned, or null for config-wide findings. */
  column: string | null;
  /** Plain-words description and what to do. */
  message: string;
  /** Field path in the config: `columns[2].prompt`, `processors[0].column_names[1]`; `''` for the whole config. */
  path: string;
  /** The offending value (a column name, an alias, a pattern) when it is safe to show; never a secret. */
  value?: unknown;
}
