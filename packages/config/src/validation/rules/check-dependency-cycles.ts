import { InvalidConfigError } from '../../errors/index.js';
import { topologicalColumnOrder } from '../column-dependencies.js';
import type { Violation } from '../violation.js';
import type { ValidationContext } from './validation-context.js';

/** `dependency_cycle`: columns that reference each other cannot be ordered. */
export function checkDependencyCycles(context: ValidationContext): Violation[] {
  try {
    topologicalColumnOrder(context.columns);
    return [];
  } catch (error) {
    if (!InvalidConfigError.isInstance(error)) throw error;
    return [{ type: 'dependency_cycle', level: 'ERROR', column: null, path: 'columns', message: error.message }];
  }
}
