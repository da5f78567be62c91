import { z } from 'zod';
import { SkipConfigSchema } from './skip-config.js';

/**
 * A column name. `__proto__` is refused: records are JavaScript objects, where that key replaces the
 * prototype instead of holding a value, so the column would be reported as generated and then be
 * missing from the dataset.
 */
export const ColumnNameSchema = z.string().refine((name) => name !== '__proto__', {
  message: "the column name '__proto__' cannot be used: JavaScript records cannot hold a field with that name; rename the column",
});

/**
 * The zod object of a column type: the five common fields first (`name`, `drop`, `column_type`,
 * `skip`, `propagate_skip`, in the original's order), then the type's own fields. Unknown keys are
 * rejected. Plugins build their column schemas with it too.
 */
export function columnConfigSchema<Type extends string, Shape extends z.core.$ZodLooseShape>(columnType: Type, shape: Shape) {
  return z.strictObject({
    name: ColumnNameSchema,
    drop: z.boolean().default(false),
    column_type: z.literal(columnType),
    skip: SkipConfigSchema.nullable().default(null),
    propagate_skip: z.boolean().default(true),
    ...shape,
  });
}

/** Reports `skip` on a column type that cannot be skipped (samplers, seed columns are fused). */
export function forbidSkip(column: { skip: unknown; column_type: string }, ctx: z.core.$RefinementCtx): void {
  if (column.skip !== null && column.skip !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['skip'],
      input: column.skip,
      message: `skip is not supported on ${column.column_type} columns, because they are generated together by one multi-column generator; remove skip or use an expression column`,
    });
  }
}
