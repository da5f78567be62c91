import type { ConstraintConfig } from '@dd/config';

/** Comparison operator of a sampler constraint. */
export type ConstraintOperator = ConstraintConfig['operator'];
