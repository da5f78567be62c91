import { setTimeout as sleep } from 'node:timers/promises';
import { ModelProviderError, type RequestAttempt } from '../errors/model-provider-error.js';
import type {
  AdmissionDomain,
  AdmissionLease,
  ChatCompletionRequest,
  ChatCompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  ImageRequest,
  ImageResponse,
  LeaseOutcome,
  ModelClient,
  RequestAdmission,
} from '../model-types.js';
import { retryAfterMsOf } from '../../resilience/retry-after.js';
import { leaseOutcomeFor } from './lease-outcome.js';
import { RetryPolicy } from './retry-policy.js';

/** Options of a `ModelRequestExecutor`. */
export interface ModelRequestExecutorOptions {
  /** @default new RetryPolicy() */
  retryPolicy?: RetryPolicy;
  /** Longest wait for an admission lease per attempt. @default unbounded */
  admissionTimeoutMs?: number;
}

function attemptOf(error: unknown): RequestAttempt {
  if (ModelProviderError.isInstance(error)) return error.toAttempt();
  return { kind: 'UNEXPECTED', status: null, message: error instanceof Error ? error.message : String(error) };
}

/**
 * A `ModelClient` that runs every request through request admission and the retry policy: each
 * attempt takes a fresh lease for (provider, model, domain) and releases it exactly once with the
 * attempt's outcome. 429s are not retried here (they release `rate_limited` and surface as
 * retryable, preserved errors for the scheduler). The final error carries every attempt.
 */
export class ModelRequestExecutor implements ModelClient {
  readonly providerName: string;
  readonly retryPolicy: RetryPolicy;
  private readonly admissionTimeoutMs: number | undefined;
  private rateLimitedCount = 0;

  constructor(
    private readonly client: ModelClient,
    private readonly admission: RequestAdmission,
    options: ModelRequestExecutorOptions = {},
  ) {
    this.providerName = client.providerName;
    this.retryPolicy = options.retryPolicy ?? new RetryPolicy();
    this.admissionTimeoutMs = options.admissionTimeoutMs;
  }

  /** Chat completion (domain `chat`). */
  completion(request: ChatCompletionRequest, signal?: AbortSignal): Promise<ChatCompletionResponse> {
    return this.execute('chat', request.model, signal, (attemptSignal) => this.client.completion(request, attemptSignal));
  }

  /** Embeddings (domain `embedding`). */
  embeddings(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResponse> {
    return this.execute('embedding', request.model, signal, (attemptSignal) => this.client.embeddings(request, attemptSignal));
  }

  /** Diffusion-route images (domain `image`). */
  generateImages(request: ImageRequest, signal?: AbortSignal): Promise<ImageResponse> {
    return this.execute('image', request.model, signal, (attemptSignal) => this.client.generateImages(request, attemptSignal));
  }

  /** Attempts answered 429 so far (progress output). */
  get rateLimited(): number {
    return this.rateLimitedCount;
  }

  /** Closes the wrapped client. */
  close(): Promise<void> {
    return this.client.close();
  }

  /** Runs `call` with admission and retries; `domain` picks the admission resource. */
  async execute<T>(domain: AdmissionDomain, model: string, signal: AbortSignal | undefined, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const key = { provider: this.providerName, model, domain };
    const attempts: RequestAttempt[] = [];
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      const lease = await this.admission.acquire(key, {
        ...(signal ? { signal } : {}),
        ...(this.admissionTimeoutMs === undefined ? {} : { timeoutMs: this.admissionTimeoutMs }),
      });
      let error: unknown;
      try {
        const result = await call(signal);
        // The freed capacity went to a waiting request: let it be written before this reply is
        // processed further (parsing, validation, the next prompt), see `afterWaitingRequestsLeave`.
        if (releaseOnce(lease, 'success')) await afterWaitingRequestsLeave();
        return result;
      } catch (caught) {
        error = caught;
        const retryAfterMs = retryAfterMsOf(caught);
        const outcome = leaseOutcomeFor(caught, signal);
        if (outcome === 'rate_limited') this.rateLimitedCount += 1;
        releaseOnce(lease, outcome, retryAfterMs === undefined ? undefined : { retryAfterMs });
      }
      if (signal?.aborted) throw signal.reason ?? error;
      attempts.push(attemptOf(error));
      if (!this.retryPolicy.shouldRetry(attempt, error, signal)) throw withAttempts(error, attempts);
      try {
        await sleep(this.retryPolicy.delayMs(attempt - 1, error), undefined, signal ? { signal } : undefined);
      } catch (sleepError) {
        throw signal?.reason ?? sleepError;
      }
    }
  }
}

const released = new WeakSet<AdmissionLease>();

/** Releases a lease once; a second call (or a throwing release) never escapes. True when a waiting request got the capacity. */
function releaseOnce(lease: AdmissionLease, outcome: LeaseOutcome, options?: { retryAfterMs?: number }): boolean {
  if (released.has(lease)) return false;
  released.add(lease);
  try {
    return lease.release(outcome, options);
  } catch {
    // A faulty admission implementation must not mask the request's own result.
    return false;
  }
}

/**
 * Resolves once the requests dispatched in this turn of the event loop have been written. undici
 * writes a request on a reused keep-alive socket only in the loop's check phase (after it checked the
 * idle socket, GHSA-35p6-xmwp-9g52), i.e. after every response read in the same poll phase was
 * handled. Handing a reply on only after that keeps its processing (and that of the other replies of
 * a burst) off the path from a response to the request replacing it.
 */
function afterWaitingRequestsLeave(): Promise<void> {
  // One wait per loop turn, shared by the replies of a burst. The first callback runs in this check
  // phase (before the writes queued after it); the second in the next one.
  waitForWrites ??= new Promise((resolve) =>
    setImmediate(() => {
      waitForWrites = undefined;
      setImmediate(resolve);
    }),
  );
  return waitForWrites;
}
let waitForWrites: Promise<void> | undefined;

function withAttempts(error: unknown, attempts: RequestAttempt[]): unknown {
  if (ModelProviderError.isInstance(error)) return error.with({ attempts: [...attempts] });
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    try {
      Object.defineProperty(error, 'attempts', { value: [...attempts], enumerable: false, configurable: true, writable: true });
    } catch {
      // Frozen or exotic error: keep it as is.
    }
  }
  return error;
}
