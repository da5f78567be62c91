/** One static-validation finding (config-spec §12.2): its `type` code, level, column and message. */
export interface Violation {
  /** Violation code of the original (`invalid_reference`, `all_columns_dropped`, …). */
  type: string;
  /** ERROR blocks generation; WARNING does not. */
  level: 'ERROR' | 'WARNING';
  /** Column concerned, or null for config-wide findings. */
  column: string | null;
  /** Plain-words description and what to do. */
  message: string;
}
