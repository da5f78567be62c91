import { describe, expect, it } from '@jest/globals';
import { DataDesignerError } from '@dd/config';
import {
  classifyHttpError,
  classifyTransportError,
  extractProviderMessage,
  ModelAuthenticationError,
  ModelContextWindowExceededError,
  ModelError,
  ModelGenerationValidationFailureError,
  ModelProviderError,
  ModelRateLimitError,
  ModelRequestAdmissionTimeoutError,
  ModelTimeoutError,
  parseRetryAfterMs,
  redactSecrets,
  registerSecret,
  toModelError,
  type ProviderErrorKind,
} from './index.js';

const ctx = { model: 'gpt-x', provider: 'acme', purpose: "running generation for column 'answer'" };

describe('classifyHttpError', () => {
  const cases: Array<[number, string, ProviderErrorKind, string, boolean]> = [
    [401, 'bad key', 'AUTHENTICATION', 'ModelAuthenticationError', false],
    [403, 'nope', 'PERMISSION_DENIED', 'ModelPermissionDeniedError', false],
    [404, 'no such model', 'NOT_FOUND', 'ModelNotFoundError', false],
    [408, 'slow', 'TIMEOUT', 'ModelTimeoutError', true],
    [413, 'big', 'CONTEXT_WINDOW_EXCEEDED', 'ModelContextWindowExceededError', false],
    [400, "This model's maximum context length is 8192 tokens.", 'CONTEXT_WINDOW_EXCEEDED', 'ModelContextWindowExceededError', false],
    [422, 'unprocessable', 'UNPROCESSABLE_ENTITY', 'ModelUnprocessableEntityError', false],
    [429, 'slow down', 'RATE_LIMIT', 'ModelRateLimitError', true],
    [400, 'Unsupported parameter: seed', 'UNSUPPORTED_PARAMS', 'ModelUnsupportedParamsError', false],
    [400, 'temperature and top_p cannot both be specified', 'UNSUPPORTED_PARAMS', 'ModelUnsupportedParamsError', false],
    [400, 'bad', 'BAD_REQUEST', 'ModelBadRequestError', false],
    [500, 'boom', 'INTERNAL_SERVER', 'ModelInternalServerError', true],
    [503, 'overloaded', 'INTERNAL_SERVER', 'ModelInternalServerError', true],
    [418, 'teapot', 'API_ERROR', 'ModelAPIError', false],
  ];
  it.each(cases)('HTTP %i %j → %s → %s (retryable %s)', (status, message, kind, className, retryable) => {
    const error = classifyHttpError(status, JSON.stringify({ error: { message } }), {});
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.providerMessage).toBe(message);
    const modelError = toModelError(error, ctx);
    expect(modelError.kind).toBe(className);
    expect(modelError.isRetryable).toBe(retryable);
    expect(modelError.isPreserved).toBe(kind === 'RATE_LIMIT');
    expect(DataDesignerError.isInstance(modelError)).toBe(true);
    expect(ModelError.isInstance(modelError)).toBe(true);
    expect(modelError.message).toContain("'gpt-x'");
    expect(modelError.message).toContain("'acme'");
    expect(modelError.message).toContain("running generation for column 'answer'");
  });

  it('puts quota phrases before the status, even for 429', () => {
    expect(classifyHttpError(429, '{"error":{"message":"You exceeded your quota","code":"insufficient_quota"}}').kind).toBe('QUOTA_EXCEEDED');
    expect(classifyHttpError(400, 'Your credit balance is too low to access the API').kind).toBe('QUOTA_EXCEEDED');
    expect(classifyHttpError(401, 'Quota exceeded for this key').kind).toBe('QUOTA_EXCEEDED');
    expect(toModelError(classifyHttpError(429, 'insufficient credits'), ctx).isRetryable).toBe(false);
  });

  it('reads Retry-After seconds, HTTP dates and retry-after-ms', () => {
    expect(classifyHttpError(429, 'x', { 'retry-after': '7' }).retryAfterMs).toBe(7000);
    expect(classifyHttpError(429, 'x', { 'Retry-After': '1.5' }).retryAfterMs).toBe(1500);
    expect(classifyHttpError(429, 'x', { 'retry-after-ms': '250', 'retry-after': '1' }).retryAfterMs).toBe(250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '3' }))).toBe(3000);
    expect(parseRetryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(classifyHttpError(429, 'x').retryAfterMs).toBeUndefined();
    expect(toModelError(classifyHttpError(429, 'x', { 'retry-after': '2' }), ctx).retryAfterMs).toBe(2000);
  });

  it('extracts provider messages from JSON shapes', () => {
    expect(extractProviderMessage('{"message":"a"}')).toBe('a');
    expect(extractProviderMessage('{"error":"b"}')).toBe('b');
    expect(extractProviderMessage('{"type":"error","error":{"type":"x","message":"c"}}')).toBe('c');
    expect(extractProviderMessage('{"detail":[{"msg":"d1"},{"msg":"d2"}]}')).toBe('d1; d2');
    expect(extractProviderMessage('plain text')).toBe('plain text');
    expect(extractProviderMessage('')).toBeNull();
  });
});

describe('classifyTransportError', () => {
  it('classifies by code and type name', () => {
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNRESET' })).kind).toBe('API_CONNECTION');
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' })).kind).toBe('API_CONNECTION');
    expect(classifyTransportError(Object.assign(new Error('x'), { name: 'HeadersTimeoutError' })).kind).toBe('TIMEOUT');
    expect(classifyTransportError(Object.assign(new Error('x'), { name: 'ConnectTimeoutError' })).kind).toBe('TIMEOUT');
    expect(classifyTransportError(new TypeError('fetch failed', { cause: Object.assign(new Error('y'), { code: 'ECONNREFUSED' }) })).kind).toBe(
      'API_CONNECTION',
    );
    expect(classifyTransportError(Object.assign(new Error('x'), { name: 'RateLimitError' })).kind).toBe('RATE_LIMIT');
    expect(classifyTransportError(new Error('weird')).kind).toBe('API_ERROR');
    expect(classifyTransportError(new Error('weird')).status).toBeNull();
  });
});

describe('user-facing messages', () => {
  it('names the env var for a rejected key', () => {
    const error = toModelError(new ModelProviderError({ kind: 'AUTHENTICATION', status: 401, apiKeyEnvVar: 'ACME_API_KEY' }), ctx);
    expect(ModelAuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('ACME_API_KEY');
    expect(error.fix).toContain('ACME_API_KEY');
    expect(toModelError(new ModelProviderError({ kind: 'AUTHENTICATION', status: 401 }), { ...ctx, apiKeyEnvVar: 'OTHER_KEY' }).message).toContain('OTHER_KEY');
  });

  it('explains not found, context window and timeout', () => {
    expect(toModelError(new ModelProviderError({ kind: 'NOT_FOUND', status: 404 }), ctx).message).toMatch(/Model 'gpt-x' was not found on provider 'acme'/);
    const context = toModelError(
      new ModelProviderError({
        kind: 'CONTEXT_WINDOW_EXCEEDED',
        status: 400,
        providerMessage: "This model's maximum context length is 8192 tokens. You asked 9000.",
      }),
      ctx,
    );
    expect(ModelContextWindowExceededError.isInstance(context)).toBe(true);
    expect(context.message).toContain('maximum context length is 8192 tokens');
    expect(context.message).toMatch(/Shrink the prompt/);
    expect(context.message).toContain('max_tokens');
    const timeout = toModelError(new ModelProviderError({ kind: 'TIMEOUT', status: null }), ctx);
    expect(ModelTimeoutError.isInstance(timeout)).toBe(true);
    expect(timeout.message).toContain('inference_parameters.timeout');
  });

  it('treats admission timeouts as preserved timeouts', () => {
    const error = toModelError(new ModelProviderError({ kind: 'REQUEST_ADMISSION_TIMEOUT' }), ctx);
    expect(ModelRequestAdmissionTimeoutError.isInstance(error)).toBe(true);
    expect(ModelTimeoutError.isInstance(error)).toBe(true);
    expect(ModelRateLimitError.isInstance(error)).toBe(false);
    expect(error.isRetryable && error.isPreserved).toBe(true);
  });

  it('passes Data Designer errors and aborts through, wraps the rest', () => {
    const dd = new ModelRateLimitError('x');
    expect(toModelError(dd, ctx)).toBe(dd);
    const abort = new DOMException('aborted', 'AbortError');
    expect(toModelError(abort, ctx)).toBe(abort);
    const other = toModelError(new RangeError('oops'), ctx);
    expect(other.message).toBe("Unexpected error while running generation for column 'answer' with model 'gpt-x' on provider 'acme': oops");
    expect((other as { isRetryable?: boolean }).isRetryable).toBeUndefined();
  });

  it('builds generation validation failures with truncation-specific fixes', () => {
    const error = new ModelGenerationValidationFailureError({
      ...ctx,
      detail: "Response doesn't match   requested schema",
      corrections: 0,
      restarts: 5,
      truncation: 'MAX_TOKENS',
    });
    expect(error.failureKind).toBe('schema_validation');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('despite 0 correction step(s) and 5 restart(s)');
    expect(error.fix).toContain('max_tokens');
    expect(new ModelGenerationValidationFailureError({ ...ctx, detail: 'no json', corrections: 0, restarts: 0, truncation: 'CONTEXT_WINDOW' }).fix).toMatch(
      /shrink the prompt/,
    );
    const legacy = new ModelGenerationValidationFailureError('plain message', { fix: 'do x' });
    expect(ModelGenerationValidationFailureError.isInstance(legacy)).toBe(true);
    expect(legacy.fix).toBe('do x');
  });
});

describe('redactSecrets', () => {
  it('scrubs keys and bearer tokens from any text', () => {
    const key = 'sk-test-0123456789abcdef';
    expect(redactSecrets(`Incorrect API key provided: ${key}.`, [key])).toBe('Incorrect API key provided: [REDACTED].');
    expect(redactSecrets('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('{"x-api-key": "zzz-secret"}')).not.toContain('zzz-secret');
    registerSecret('registered-secret-42');
    expect(redactSecrets('leak registered-secret-42 here')).toBe('leak [REDACTED] here');
    const error = toModelError(new ModelProviderError({ kind: 'BAD_REQUEST', status: 400, providerMessage: 'bad key registered-secret-42' }), ctx);
    expect(error.message).not.toContain('registered-secret-42');
    expect(error.providerMessage).not.toContain('registered-secret-42');
  });
});
