/** Comparison operator of a sampler constraint. */
export type ConstraintOperator = 'lt' | 'le' | 'gt' | 'ge';

/** A sampler column in wire (snake_case) form, as found in a Data Designer config. */
export interface SamplerColumnLike {
  name: string;
  drop?: boolean | null;
  column_type: 'sampler';
  sampler_type: string;
  params: Record<string, unknown>;
  conditional_params?: Record<string, Record<string, unknown>> | null;
  convert_to?: string | null;
}

/** A root `constraints` entry in wire form (scalar or column inequality). */
export interface ConstraintLike {
  target_column: string;
  constraint_type?: 'scalar_inequality' | 'column_inequality' | null;
  rhs: number | string;
  operator: ConstraintOperator;
}
