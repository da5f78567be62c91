// Custom column functions referenced by name from config.yaml (`generator_function: loyalty_tier`).
// Import this module before running the config; it registers the functions with the engine.
import { customColumnGenerator, registerCustomColumnFunction } from '@dd/engine';

registerCustomColumnFunction(
  'loyalty_tier',
  customColumnGenerator(
    (row) => {
      const total = Number(row.total);
      return { loyalty_tier: total >= 500 ? 'gold' : total >= 150 ? 'silver' : 'bronze' };
    },
    { strategy: 'cell_by_cell', requiredColumns: ['total'] },
  ),
);
