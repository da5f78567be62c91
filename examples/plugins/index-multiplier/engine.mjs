// Engine side of the index-multiplier plugin: a full-column generator.

/**
 * Generator of an index-multiplier column: row `i` of a batch starting at `ctx.rowOffset` gets
 * `(ctx.rowOffset + i) * column.multiplier`.
 */
export function createGenerator(column) {
  return {
    name: column.name,
    columns: [column.name],
    requiredColumns: [],
    strategy: 'full_column',
    async generateBatch(rows, ctx) {
      return rows.map((_, i) => ({ [column.name]: (ctx.rowOffset + i) * column.multiplier }));
    },
  };
}
