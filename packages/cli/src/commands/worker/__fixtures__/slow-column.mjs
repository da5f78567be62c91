// Loaded with -i by the distributed CLI tests: a custom column that takes ~1.5 s per row group, so a
// worker can be killed while it holds one.
import { customColumnGenerator, registerCustomColumnFunction } from '@dd/engine';

registerCustomColumnFunction(
  'slow_tag',
  customColumnGenerator(
    async (rows) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return rows.map((row) => ({ ...row, tag: `${row.tier}!` }));
    },
    { strategy: 'full_column', requiredColumns: ['tier'] },
  ),
);
