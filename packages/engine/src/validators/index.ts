export { createValidationColumnGenerator } from './validation-column-generator.js';
export type { ValidationColumnDeps } from './validation-column-generator.js';
export {
  registerValidationFunction,
  resolveValidationFunction,
  registeredValidationFunctions,
  clearValidationFunctionRegistry,
} from './validation-function-registry.js';
export { LocalCallableValidationError, RemoteValidationError, CodeValidationError } from './validation-types.js';
export type { ValidationOutput, ValidationFunction, ValidationColumnInput, ValidatorParamsInput } from './validation-types.js';
export { SUPPORTED_CODE_LANGS, codeValidatorFor } from './code-validator.js';
export type { CodeBatchValidator } from './code-validator.js';
export { validatePython, pylintScore, severityOfRuffCode, RUFF_MISSING_NOTE } from './python-validator.js';
export type { PythonLinterMessage, PythonLinterSeverity } from './python-validator.js';
export { validateSql, SQL_DIALECTS, DECIMAL_WITHOUT_SCALE_MESSAGE } from './sql-validator.js';
export { validateJavaScript, validateTypeScript } from './js-validator.js';
export { postRemoteBatch, runRemoteBatches, remoteSettings, retryDelayMs, RETRY_STATUSES } from './remote-validator.js';
export type { RemoteSettings, RemoteValidatorDeps } from './remote-validator.js';
export { compileOutputSchema } from './output-schema.js';
