import { z } from 'zod';
import { freeFormValue, isScalar, templateSyntaxProblem } from '../schema/index.js';
import { findTemplateReferences } from '../validation/template-references.js';

/** Gate of a column: when the Jinja expression `when` is truthy for a row, the cell gets `value`. */
export const SkipConfigSchema = z.strictObject({
  when: z.string().superRefine((when, ctx) => {
    const problem = templateSyntaxProblem(when);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, input: when });
      return;
    }
    if (findTemplateReferences(when).length === 0) {
      ctx.addIssue({
        code: 'custom',
        input: when,
        message: "skip.when references no columns; write a Jinja expression with delimiters, e.g. '{{ in_stock == 0 }}' rather than 'in_stock == 0'",
      });
    }
  }),
  value: freeFormValue()
    .nullable()
    .default(null)
    .refine((value) => value === null || isScalar(value), { message: 'skip.value must be a string, number, boolean or null' }) as unknown as z.ZodType<
    string | number | boolean | null,
    string | number | boolean | null | undefined
  >,
});

/** A validated skip gate. */
export type SkipConfig = z.output<typeof SkipConfigSchema>;
