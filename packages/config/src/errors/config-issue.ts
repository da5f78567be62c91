/** One problem in a config: where, what was written, what is wrong, what to do. */
export interface ConfigIssue {
  /** Dotted path with list indices, e.g. `columns[3].params.weights`; `''` for the root. */
  path: string;
  /** Plain-words description of the problem. */
  message: string;
  /** The offending value, when known (redacted for secret-like keys). */
  value?: unknown;
  /** What to write instead, when we can tell. */
  fix?: string;
}
