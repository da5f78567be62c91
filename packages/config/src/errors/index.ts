export {
  DataDesignerError,
  defineErrorClass,
  type DataDesignerErrorOptions,
  type ErrorClassLike,
  type ErrorClassFactoryResult,
} from './data-designer-error.js';
export type { ConfigIssue } from './config-issue.js';
export type { ConfigViolation } from './config-violation.js';
export { ConfigValidationError } from './config-validation-error.js';
export {
  UserJinjaTemplateSyntaxError,
  InvalidConfigError,
  InvalidFilePathError,
  InvalidFileFormatError,
  BuilderConfigurationError,
  BuilderSerializationError,
  ConfigFileError,
  PluginError,
} from './simple-errors.js';
export { InternalInvariantError, definedOrThrow, missingInvariant } from './internal-invariant.js';
