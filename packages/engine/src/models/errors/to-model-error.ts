import { DataDesignerError, defineErrorClass } from '@dd/config';
import type { ModelError, ModelErrorOptions } from './model-error.js';
import {
  ModelAPIConnectionError,
  ModelAPIError,
  ModelAuthenticationError,
  ModelBadRequestError,
  ModelContextWindowExceededError,
  ModelInternalServerError,
  ModelNotFoundError,
  ModelPermissionDeniedError,
  ModelQuotaExceededError,
  ModelRateLimitError,
  ModelRequestAdmissionTimeoutError,
  ModelTimeoutError,
  ModelUnprocessableEntityError,
  ModelUnsupportedCapabilityError,
  ModelUnsupportedParamsError,
} from './model-error-classes.js';
import { ModelProviderError } from './model-provider-error.js';
import type { ProviderErrorKind } from './provider-error-kind.js';
import { redactSecrets } from './redact-secrets.js';

/** Who was asked what: named in every model error message. */
export interface ModelErrorContext {
  model: string;
  provider: string;
  /** e.g. "running generation for column 'x'", "running health checks". */
  purpose: string;
  /** Environment variable holding the API key (its name), for authentication hints. */
  apiKeyEnvVar?: string | null;
}

/** Any other failure of a model call ("unexpected error while <purpose>"); not retried. */
export class ModelUnexpectedError extends defineErrorClass('ModelUnexpectedError') {}

type ModelErrorClass = new (message: string, options?: ModelErrorOptions) => ModelError;

const CLASSES: Record<ProviderErrorKind, ModelErrorClass> = {
  RATE_LIMIT: ModelRateLimitError,
  QUOTA_EXCEEDED: ModelQuotaExceededError,
  AUTHENTICATION: ModelAuthenticationError,
  PERMISSION_DENIED: ModelPermissionDeniedError,
  NOT_FOUND: ModelNotFoundError,
  TIMEOUT: ModelTimeoutError,
  REQUEST_ADMISSION_TIMEOUT: ModelRequestAdmissionTimeoutError,
  CONTEXT_WINDOW_EXCEEDED: ModelContextWindowExceededError,
  UNPROCESSABLE_ENTITY: ModelUnprocessableEntityError,
  UNSUPPORTED_PARAMS: ModelUnsupportedParamsError,
  BAD_REQUEST: ModelBadRequestError,
  INTERNAL_SERVER: ModelInternalServerError,
  API_CONNECTION: ModelAPIConnectionError,
  API_ERROR: ModelAPIError,
  UNSUPPORTED_CAPABILITY: ModelUnsupportedCapabilityError,
};

/** The user-facing class for an error kind. */
export function modelErrorClassFor(kind: ProviderErrorKind): ModelErrorClass {
  return CLASSES[kind];
}

interface Described {
  cause: string;
  solution: string;
  /** Provider text worth showing (400-class errors and transport failures). */
  detail?: string | null;
}

function describe(error: ModelProviderError, ctx: ModelErrorContext): Described {
  const on = `model '${ctx.model}' on provider '${ctx.provider}'`;
  const whilst = `while ${ctx.purpose}`;
  const said = error.providerMessage;
  switch (error.kind) {
    case 'RATE_LIMIT':
      return {
        cause: `Rate limit reached for ${on} ${whilst}.`,
        solution: 'The request is retried automatically after a pause; if this keeps happening, lower max_parallel_requests for this model.',
      };
    case 'QUOTA_EXCEEDED':
      return {
        cause: `The account of provider '${ctx.provider}' is out of quota or credits (${on}, ${whilst}).`,
        solution: `Add credits or raise the quota with provider '${ctx.provider}', or use another provider.`,
        detail: said,
      };
    case 'AUTHENTICATION': {
      const envVar = ctx.apiKeyEnvVar ?? error.apiKeyEnvVar;
      return {
        cause: `Authentication failed for ${on} ${whilst}: the API key was rejected.`,
        solution: envVar
          ? `Check that the environment variable ${envVar} holds a valid API key for provider '${ctx.provider}'.`
          : `Set api_key of provider '${ctx.provider}' to the name of an environment variable holding a valid key, and export it.`,
      };
    }
    case 'PERMISSION_DENIED':
      return {
        cause: `Permission denied for ${on} ${whilst}.`,
        solution: `Check that your API key for provider '${ctx.provider}' has access to model '${ctx.model}'.`,
        detail: said,
      };
    case 'NOT_FOUND':
      return {
        cause: `Model '${ctx.model}' was not found on provider '${ctx.provider}' ${whilst}.`,
        solution: `Check the model name in your model config and the endpoint of provider '${ctx.provider}'.`,
        detail: said,
      };
    case 'TIMEOUT':
      return {
        cause: `The request to ${on} timed out ${whilst}.`,
        solution: 'Raise `inference_parameters.timeout` (seconds, default 60) for this model, or lower max_parallel_requests.',
      };
    case 'REQUEST_ADMISSION_TIMEOUT':
      return {
        cause: `No request slot for ${on} became free in time ${whilst}.`,
        solution: 'The request is retried later; raise max_parallel_requests or the admission wait timeout if this persists.',
      };
    case 'CONTEXT_WINDOW_EXCEEDED': {
      const limit = said?.match(/maximum context length is[^.]*\.?/i)?.[0];
      return {
        cause: `The request is too long for the context window of ${on} ${whilst}.${limit ? ` The provider says: ${limit}` : ''}`,
        solution:
          'Shrink the prompt (fewer or shorter referenced columns, smaller multi-modal context), or adjust `inference_parameters.max_tokens` so prompt and completion fit.',
        detail: limit ? null : said,
      };
    }
    case 'UNPROCESSABLE_ENTITY':
      return {
        cause: `Provider '${ctx.provider}' could not process the request for model '${ctx.model}' ${whilst}.`,
        solution: 'Check the inference parameters and extra_body of this model.',
        detail: said,
      };
    case 'UNSUPPORTED_PARAMS':
      return {
        cause: `Model '${ctx.model}' on provider '${ctx.provider}' rejected a request parameter ${whilst}.`,
        solution: 'Remove or change the unsupported parameter in `inference_parameters` / `extra_body`.',
        detail: said,
      };
    case 'BAD_REQUEST':
      if (said && /is not a multimodal model/i.test(said)) {
        return {
          cause: `Model '${ctx.model}' on provider '${ctx.provider}' does not accept images, audio or video ${whilst}.`,
          solution: 'Remove the multi-modal context from the column, or use a multi-modal model.',
          detail: said,
        };
      }
      return {
        cause: `Provider '${ctx.provider}' rejected the request for model '${ctx.model}' ${whilst}.`,
        solution: 'Check the prompt and the inference parameters of this model.',
        detail: said,
      };
    case 'INTERNAL_SERVER':
      return {
        cause: `Provider '${ctx.provider}' failed${error.status ? ` with HTTP ${error.status}` : ''} for model '${ctx.model}' ${whilst}.`,
        solution: `This is usually temporary and is retried; if it persists, check the status of provider '${ctx.provider}'.`,
      };
    case 'API_CONNECTION':
      return {
        cause: `Could not connect to provider '${ctx.provider}' for model '${ctx.model}' ${whilst}.`,
        solution: `Check the endpoint of provider '${ctx.provider}' and your network connection.`,
        detail: said,
      };
    case 'UNSUPPORTED_CAPABILITY':
      return {
        cause: `Provider '${ctx.provider}' cannot serve this request for model '${ctx.model}' ${whilst}.`,
        solution: 'Use a provider and model that support this kind of request (e.g. an OpenAI-compatible endpoint).',
        detail: said,
      };
    default:
      return {
        cause: `Unexpected response from provider '${ctx.provider}'${error.status ? ` (HTTP ${error.status})` : ''} for model '${ctx.model}' ${whilst}.`,
        solution: `Check that the endpoint of provider '${ctx.provider}' is the right API type and serves model '${ctx.model}'.`,
        detail: said,
      };
  }
}

/** Builds the message and options of the user-facing error for a provider error. */
function formatModelError(error: ModelProviderError, ctx: ModelErrorContext): { message: string; options: ModelErrorOptions } {
  const { cause, solution, detail } = describe(error, ctx);
  const attempts = error.attempts.length > 1 ? ` (${error.attempts.length} attempts)` : '';
  const provider = detail ? ` Provider message: ${detail.replace(/\s+/g, ' ').trim()}` : '';
  const message = redactSecrets(`${cause.replace(/\.$/, '')}${attempts}.${provider} ${solution}`);
  return {
    message,
    options: {
      fix: solution,
      cause: error,
      model: ctx.model,
      provider: ctx.provider,
      purpose: ctx.purpose,
      status: error.status,
      providerMessage: error.providerMessage,
      attempts: error.attempts,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    },
  };
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Turns a failure of a model call into the user-facing error: provider errors become the matching
 * `Model*Error`; Data Designer errors and aborts pass through; anything else becomes a
 * `ModelUnexpectedError`. Every message names model, provider and purpose, and is redacted.
 */
export function toModelError(error: ModelProviderError, context: ModelErrorContext): ModelError;
export function toModelError(error: unknown, context: ModelErrorContext): Error;
export function toModelError(error: unknown, context: ModelErrorContext): Error {
  if (ModelProviderError.isInstance(error)) {
    const { message, options } = formatModelError(error, context);
    return new (modelErrorClassFor(error.kind))(message, options);
  }
  if (DataDesignerError.isInstance(error) || isAbort(error)) return error as Error;
  const text = error instanceof Error ? error.message : String(error);
  return new ModelUnexpectedError(
    redactSecrets(`Unexpected error while ${context.purpose} with model '${context.model}' on provider '${context.provider}': ${text}`),
    { cause: error },
  );
}
