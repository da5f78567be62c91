import { createRequire } from 'node:module';
import { compileOutputSchema } from './output-schema.js';
import { asValidationOutputs, checkValidationOutputs } from './validation-output.js';
import { RemoteValidationError, type ValidationOutput, type ValidatorParamsInput } from './validation-types.js';

type Undici = typeof import('undici');
let undiciModule: Undici | undefined;
/** undici, loaded with `require` (an ESM import of this CommonJS package lexes its files at start-up) on the first request. */
const request: Undici['request'] = (...args) => {
  undiciModule ??= createRequire(import.meta.url)('undici') as Undici;
  return undiciModule.request(...args);
};

/** HTTP statuses that are retried (as in the original's retry transport). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
/** Longest wait between two attempts, in seconds. */
const MAX_BACKOFF_SECONDS = 120;

/** Injectable pieces of the remote validator (tests replace `sleep`). */
export interface RemoteValidatorDeps {
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Resolved remote params with defaults applied. */
export interface RemoteSettings {
  endpointUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBackoff: number;
  maxParallelRequests: number;
  checkSchema: ((value: unknown) => string | null) | null;
}

/** Applies the config defaults (timeout 30 s, 3 retries, backoff 2.0, 4 parallel requests). */
export function remoteSettings(params: ValidatorParamsInput<'remote'>): RemoteSettings {
  return {
    endpointUrl: params.endpoint_url,
    timeoutMs: (params.timeout ?? 30) * 1000,
    maxRetries: params.max_retries ?? 3,
    retryBackoff: params.retry_backoff ?? 2,
    maxParallelRequests: params.max_parallel_requests ?? 4,
    checkSchema: params.output_schema ? compileOutputSchema(params.output_schema) : null,
  };
}

/** Wait before retry `n` (1-based): `Retry-After` when given, else `retry_backoff · 2^(n−1)` seconds, capped. */
export function retryDelayMs(n: number, retryBackoff: number, retryAfter?: string | string[]): number {
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (header !== undefined) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, MAX_BACKOFF_SECONDS) * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - Date.now()), MAX_BACKOFF_SECONDS * 1000);
  }
  return Math.min(retryBackoff * 2 ** (n - 1), MAX_BACKOFF_SECONDS) * 1000;
}

/** Sleeps `ms`, rejecting early when `signal` aborts. */
function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Text of an error for messages. */
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * POSTs `{ data: records }` to the endpoint with timeout and retries, checks the optional
 * `output_schema` (extra properties forbidden) and returns one output per record.
 */
export async function postRemoteBatch(
  settings: RemoteSettings,
  records: Record<string, unknown>[],
  deps: RemoteValidatorDeps = {},
): Promise<ValidationOutput[]> {
  const sleep = deps.sleep ?? defaultSleep;
  const body = JSON.stringify({ data: records });
  for (let attempt = 0; ; attempt++) {
    const signals = [AbortSignal.timeout(settings.timeoutMs), ...(deps.signal ? [deps.signal] : [])];
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await request(settings.endpointUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.any(signals),
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      if (attempt < settings.maxRetries) {
        await sleep(retryDelayMs(attempt + 1, settings.retryBackoff), deps.signal);
        continue;
      }
      throw new RemoteValidationError(`Remote validator request to ${settings.endpointUrl} failed after ${attempt + 1} attempt(s): ${describe(error)}`, {
        cause: error,
      });
    }
    if (RETRY_STATUSES.has(status) && attempt < settings.maxRetries) {
      await sleep(retryDelayMs(attempt + 1, settings.retryBackoff, retryAfter), deps.signal);
      continue;
    }
    if (status < 200 || status >= 300) {
      throw new RemoteValidationError(
        `Remote validator ${settings.endpointUrl} answered HTTP ${status} after ${attempt + 1} attempt(s): ${text.slice(0, 500)}`,
      );
    }
    return parseRemoteResponse(settings, text, records.length);
  }
}

/** Checks a remote response body: JSON, optional schema, `{ data: [...] }` with one output per row. */
function parseRemoteResponse(settings: RemoteSettings, text: string, rows: number): ValidationOutput[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RemoteValidationError(`Remote validator ${settings.endpointUrl} did not answer with JSON: ${describe(error)}`);
  }
  if (settings.checkSchema) {
    const problem = settings.checkSchema(json);
    if (problem !== null) throw new RemoteValidationError(`Remote validator response does not match output_schema: ${problem}`);
  }
  const data = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>).data : undefined;
  const problem = checkValidationOutputs(data, rows);
  if (problem !== null) throw new RemoteValidationError(`Remote validator response must be { "data": [...] } with one output per row: ${problem}`);
  return asValidationOutputs(data);
}

/**
 * Runs every batch through the endpoint. With `max_parallel_requests > 1` batches run concurrently
 * and a failed batch gives every one of its rows `{ is_valid: null }`; otherwise batches run in
 * order and the first failure is thrown.
 */
export async function runRemoteBatches(
  settings: RemoteSettings,
  batches: Record<string, unknown>[][],
  deps: RemoteValidatorDeps = {},
): Promise<ValidationOutput[][]> {
  const results: ValidationOutput[][] = new Array<ValidationOutput[]>(batches.length);
  if (settings.maxParallelRequests <= 1) {
    for (const [i, batch] of batches.entries()) results[i] = await postRemoteBatch(settings, batch, deps);
    return results;
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const i = next++;
      const batch = batches[i] ?? [];
      try {
        results[i] = await postRemoteBatch(settings, batch, deps);
      } catch (error) {
        if (deps.signal?.aborted) throw error;
        results[i] = batch.map(() => ({ is_valid: null }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.maxParallelRequests, batches.length) }, worker));
  return results;
}
