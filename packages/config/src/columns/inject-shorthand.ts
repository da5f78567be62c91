function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies `tag` into `params` when the params object lacks it (the original's shorthand). */
function withTag(params: unknown, key: string, tag: unknown): unknown {
  return isRecord(params) && !(key in params) ? { ...params, [key]: tag } : params;
}

/**
 * Before validation, copies a sampler column's `sampler_type` into `params` and every
 * `conditional_params` value, and a validation column's `validator_type` into `validator_params`,
 * when they lack it. Users write `params: {values: [a, b]}`; dumps always carry the tag.
 */
export function injectColumnShorthand(column: unknown): unknown {
  if (!isRecord(column)) return column;
  if (column.column_type === 'sampler' && typeof column.sampler_type === 'string') {
    const next: Record<string, unknown> = { ...column, params: withTag(column.params, 'sampler_type', column.sampler_type) };
    if (isRecord(column.conditional_params)) {
      next.conditional_params = Object.fromEntries(
        Object.entries(column.conditional_params).map(([condition, params]) => [condition, withTag(params, 'sampler_type', column.sampler_type)]),
      );
    }
    return next;
  }
  if (column.column_type === 'validation' && typeof column.validator_type === 'string') {
    return { ...column, validator_params: withTag(column.validator_params, 'validator_type', column.validator_type) };
  }
  return column;
}
