/**
 * `@dd/config/core`: the dependency-free part of `@dd/config` (error classes, invariants, the Data
 * Designer home folder), the same modules the main entry exports. For code that needs no config schema,
 * such as the engine's data factory: importing it loads none of zod, yaml or the schema.
 */
export {
  DataDesignerError,
  defineErrorClass,
  type DataDesignerErrorOptions,
  type ErrorClassFactoryResult,
  type ErrorClassLike,
} from './errors/data-designer-error.js';
export { InternalInvariantError, definedOrThrow, missingInvariant } from './errors/internal-invariant.js';
export { dataDesignerHome, type EnvironmentVariables } from './home/data-designer-home.js';
