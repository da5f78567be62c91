export { ProviderErrorKind, isRetryableKind, isPreservedKind } from './provider-error-kind.js';
export { ModelProviderError, type ModelProviderErrorInit, type RequestAttempt } from './model-provider-error.js';
export { classifyHttpError, httpStatusToKind } from './classify-http-error.js';
export { classifyTransportError, transportErrorKind } from './classify-transport-error.js';
export { extractProviderMessage } from './extract-provider-message.js';
export { parseRetryAfterMs } from './parse-retry-after.js';
export { headerValue, type HeaderSource } from './header-value.js';
export { redactSecrets, registerSecret, REDACTED } from './redact-secrets.js';
export { ModelError, defineModelErrorClass, type ModelErrorOptions } from './model-error.js';
export * from './model-error-classes.js';
export {
  ModelGenerationValidationFailureError,
  generationFailureKindOf,
  type GenerationValidationFailure,
  type GenerationFailureKind,
  type TruncationReason,
} from './model-generation-validation-failure-error.js';
export { toModelError, modelErrorClassFor, ModelUnexpectedError, type ModelErrorContext } from './to-model-error.js';
