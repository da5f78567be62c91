// Shared by the SIGKILL resume test and its child process: one config, one custom function.
export const resumeConfig = {
  columns: [
    { name: 'id', column_type: 'sampler', sampler_type: 'uuid', params: {} },
    { name: 'x', column_type: 'sampler', sampler_type: 'uniform', params: { low: 0, high: 10 } },
    { name: 'doubled', column_type: 'expression', expr: '{{ x * 2 }}', dtype: 'float' },
    { name: 'slow', column_type: 'custom', generator_function: 'slow_copy' },
  ],
};

/** Registers `slow_copy` (1 ms per cell) with the given engine module. */
export function registerSlowCopy(engine) {
  engine.registerCustomColumnFunction(
    'slow_copy',
    engine.customColumnGenerator(
      async (row) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { slow: row.id };
      },
      { strategy: 'cell_by_cell', requiredColumns: ['id'] },
    ),
  );
}
