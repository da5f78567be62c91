import { z } from 'zod';
import { floatField } from '../schema/index.js';

const operator = () => z.enum(['lt', 'le', 'gt', 'ge']);

/** Keep a sampled row only when `row[target_column] <operator> rhs` (a number). */
export const ScalarInequalityConstraintSchema = z.strictObject({
  target_column: z.string(),
  constraint_type: z.literal('scalar_inequality'),
  rhs: floatField(),
  operator: operator(),
});

/** Keep a sampled row only when `row[target_column] <operator> row[rhs]` (another column). */
export const ColumnInequalityConstraintSchema = z.strictObject({
  target_column: z.string(),
  constraint_type: z.literal('column_inequality'),
  rhs: z.string(),
  operator: operator(),
});

/**
 * The legacy untagged form: without `constraint_type`, no `rhs` or a numeric `rhs` (or a string
 * holding a finite number) is a scalar constraint, any other string `rhs` names a column.
 */
function resolveConstraintType(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || 'constraint_type' in value) return value;
  const rhs = (value as { rhs?: unknown }).rhs;
  const isColumn = typeof rhs === 'string' && !(rhs.trim() !== '' && Number.isFinite(Number(rhs)));
  return { ...value, constraint_type: isColumn ? 'column_inequality' : 'scalar_inequality' };
}

/** Any constraint on sampler columns. */
export const ConstraintConfigSchema = z.preprocess(
  resolveConstraintType,
  z.discriminatedUnion('constraint_type', [ScalarInequalityConstraintSchema, ColumnInequalityConstraintSchema]),
);

/** A validated constraint. */
export type ConstraintConfig = z.output<typeof ConstraintConfigSchema>;
