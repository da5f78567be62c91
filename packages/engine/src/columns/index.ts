export type {
  Row,
  GenerationContext,
  ColumnGeneratorBase,
  CellColumnGenerator,
  BatchColumnGenerator,
  ColumnGenerator,
} from './column-generator.js';
export {
  customColumnGenerator,
  createCustomColumnGenerator,
  isCustomColumnFunction,
  CustomColumnGenerationError,
} from './custom-column-generator.js';
export type {
  CustomColumnStrategy,
  CustomColumnContext,
  CustomCellFunction,
  CustomFullColumnFunction,
  CustomColumnOptions,
  CustomColumnMetadata,
  CustomColumnFunction,
  CustomColumnGeneratorConfig,
  CustomColumnDependencies,
} from './custom-column-generator.js';
export { customColumnModel, customColumnModels, CustomColumnModelError } from './custom-column-models.js';
export type { CustomColumnModel, CustomColumnModels, CustomModelGenerateOptions, CustomColumnModelDefaults } from './custom-column-models.js';
export { resolveCustomColumnFunction } from './custom-column-generator.js';
export {
  registerCustomColumnFunction,
  registeredCustomColumnFunctions,
  clearCustomColumnRegistry,
} from './custom-column-registry.js';
export type { RegistrableCustomColumnFunction } from './custom-column-registry.js';
