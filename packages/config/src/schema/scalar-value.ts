import { freeFormValue } from './free-form-object.js';

/** True for `str | int | float | bool` (Python scalar unions keep the input type). */
export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A `str | int | float` list with at least one item, kept by reference (float literals survive). */
export function scalarListField(what: string) {
  return freeFormValue().superRefine((value, ctx) => {
    if (!Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be a list of strings or numbers`, input: value });
      return;
    }
    if (value.length === 0) ctx.addIssue({ code: 'custom', message: `${what} must have at least one item`, input: value });
    value.forEach((item, index) => {
      if (!isScalar(item) || typeof item === 'boolean') {
        ctx.addIssue({ code: 'custom', message: `${what} item must be a string or a number`, path: [index], input: item });
      }
    });
  }) as unknown as import('zod').ZodType<Array<string | number>>;
}
