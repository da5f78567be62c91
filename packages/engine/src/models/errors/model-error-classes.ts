import { defineModelErrorClass } from './model-error.js';

/** The provider rate-limited the request (HTTP 429); retried by the scheduler until it succeeds. */
export const ModelRateLimitError = defineModelErrorClass('ModelRateLimitError', 'RATE_LIMIT');
/** The account is out of quota or credits. */
export const ModelQuotaExceededError = defineModelErrorClass('ModelQuotaExceededError', 'QUOTA_EXCEEDED');
/** The API key was rejected (HTTP 401). */
export const ModelAuthenticationError = defineModelErrorClass('ModelAuthenticationError', 'AUTHENTICATION');
/** The key may not use this model or endpoint (HTTP 403). */
export const ModelPermissionDeniedError = defineModelErrorClass('ModelPermissionDeniedError', 'PERMISSION_DENIED');
/** The model or route does not exist on the provider (HTTP 404). */
export const ModelNotFoundError = defineModelErrorClass('ModelNotFoundError', 'NOT_FOUND');
/** The request timed out (HTTP 408 or the client's timeout). */
export const ModelTimeoutError = defineModelErrorClass('ModelTimeoutError', 'TIMEOUT');
/** No request slot was granted in time by request admission (a `ModelTimeoutError`). */
export const ModelRequestAdmissionTimeoutError = defineModelErrorClass('ModelRequestAdmissionTimeoutError', 'REQUEST_ADMISSION_TIMEOUT', ['ModelTimeoutError']);
/** Prompt plus completion do not fit in the model's context window. */
export const ModelContextWindowExceededError = defineModelErrorClass('ModelContextWindowExceededError', 'CONTEXT_WINDOW_EXCEEDED');
/** The provider could not process the request (HTTP 422). */
export const ModelUnprocessableEntityError = defineModelErrorClass('ModelUnprocessableEntityError', 'UNPROCESSABLE_ENTITY');
/** The model rejected a request parameter. */
export const ModelUnsupportedParamsError = defineModelErrorClass('ModelUnsupportedParamsError', 'UNSUPPORTED_PARAMS');
/** The provider rejected the request (HTTP 400). */
export const ModelBadRequestError = defineModelErrorClass('ModelBadRequestError', 'BAD_REQUEST');
/** The provider failed (HTTP 5xx). */
export const ModelInternalServerError = defineModelErrorClass('ModelInternalServerError', 'INTERNAL_SERVER');
/** The provider could not be reached (connection refused or reset, DNS). */
export const ModelAPIConnectionError = defineModelErrorClass('ModelAPIConnectionError', 'API_CONNECTION');
/** The provider answered with something unexpected (other status, non-JSON body). */
export const ModelAPIError = defineModelErrorClass('ModelAPIError', 'API_ERROR');
/** The provider type cannot do this (e.g. Anthropic embeddings, audio input). */
export const ModelUnsupportedCapabilityError = defineModelErrorClass('ModelUnsupportedCapabilityError', 'UNSUPPORTED_CAPABILITY');
