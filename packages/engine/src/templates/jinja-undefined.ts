import { EmptyTemplateRenderError, TemplateUndefinedError } from './template-errors.js';

/**
 * Jinja's `Undefined`: what a missing attribute or key evaluates to. Lenient ones print as `""`,
 * are falsy and iterate as empty, but raise when accessed through; strict ones (skip conditions)
 * raise on any use except `is defined` / `default`.
 */
export class JinjaUndefined {
  constructor(
    /** Why it is undefined, e.g. `'dict object' has no attribute 'b'`. */
    readonly hint: string,
    /** Strict undefined raises on every use. */
    readonly strict: boolean,
  ) {}

  /** The error to throw when this value is used in a way its mode forbids. */
  error(): Error {
    return this.strict
      ? new TemplateUndefinedError(this.hint, { fix: 'Reference only columns that exist in every row, or guard with `is defined`.' })
      : new EmptyTemplateRenderError(this.hint, {
          fix: "Guard optional values, e.g. {{ chain if gate else 'N/A' }}, or skip the cell with skip: {when: '{{ not gate }}'}.",
        });
  }

  /** Throws when strict; used before printing, testing truth or iterating. */
  checkUse(): void {
    if (this.strict) throw this.error();
  }
}
