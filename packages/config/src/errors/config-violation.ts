/** One problem that makes a config invalid, as `InvalidConfigError.violations` lists them. */
export interface ConfigViolation {
  /** Stable code of the problem (`invalid_reference`, `unknown_model_alias`, `seed_column_collision`, …). */
  code: string;
  /** Field path in the config: `columns[2].prompt`, `processors[0].column_names[1]`; `''` for the whole config. */
  path: string;
  /** Plain-words description (the line the CLI prints). */
  message: string;
  /** The offending value (a column name, an alias) when it is safe to show; never a secret. */
  value?: unknown;
  /** What to do about it, when known. */
  fix?: string;
}
