/**
 * Where text output goes: anything with `write(text)` (`process.stdout`, a file stream, a test
 * buffer), plus a terminal's `isTTY` and `columns` when it has them. Structural, so published
 * signatures need no `@types/node`.
 */
export interface TextOutputStream {
  /** Writes a chunk of text; the return value is ignored. */
  write(chunk: string): unknown;
  /** True for a terminal (enables redrawing and colors). */
  isTTY?: boolean;
  /** Terminal width in characters. */
  columns?: number;
}
