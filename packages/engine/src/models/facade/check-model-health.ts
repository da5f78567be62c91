import { setTimeout as sleep } from 'node:timers/promises';
import { ModelError } from '../errors/model-error.js';
import type { RetryPolicy } from '../executor/retry-policy.js';
import { ResponseParseError } from '../response-parse-error.js';
import type { ModelRegistry } from './model-registry.js';

const HEALTH_CHECK_TIMEOUT_MS = 180_000;

/**
 * Runs one probe; a retryable failure (429, 500, timeout, admission timeout, connection) that the
 * request executor did not already retry is retried with the registry's request retry policy (its
 * attempts and delays, Retry-After honoured), so one transient answer does not abort the run.
 */
async function withRetries(policy: RetryPolicy, signal: AbortSignal, probe: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await probe();
      return;
    } catch (error) {
      const retryable = ModelError.isInstance(error) && error.isRetryable && error.attempts.length <= 1;
      if (!retryable || attempt >= policy.maxAttempts || signal.aborted) throw error;
      await sleep(policy.delayMs(attempt - 1, error), undefined, { signal }).catch(() => {
        throw error;
      });
    }
  }
}

/**
 * Startup probe of every alias the columns use (engine-spec §4.8), skipping `skip_health_check`
 * models: a chat model must answer "Hello!", an embedding model return one vector, an image model
 * return an image. Transient failures are retried (see `withRetries`). Skipped entirely when
 * `DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS=1`.
 */
export async function checkModelHealth(
  registry: ModelRegistry,
  aliases: readonly string[],
  signal?: AbortSignal,
  options: { ignoreSkipEnv?: boolean } = {},
): Promise<void> {
  if (process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS === '1' && !options.ignoreSkipEnv) return;
  const timeout = AbortSignal.timeout(HEALTH_CHECK_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const purpose = 'running health checks';
  await Promise.all(
    [...new Set(aliases)].map(async (alias) => {
      const config = registry.modelConfig(alias);
      if (config.skip_health_check) return;
      const model = registry.getModel(alias);
      await withRetries(registry.retryPolicy, combined, async () => {
        switch (config.inference_parameters.generation_type) {
          case 'embedding': {
            const vectors = await model.generateEmbeddings(['Hello!'], { purpose, signal: combined });
            if (vectors.length !== 1 || !vectors[0]?.length) throw new Error(`Model '${alias}' returned no embedding while ${purpose}.`);
            return;
          }
          case 'image':
            await model.generateImages('Generate a simple illustration of a thumbs up sign.', { purpose, signal: combined });
            return;
          default:
            await model.generate({
              prompt: 'Hello!',
              systemPrompt: 'You are a helpful assistant.',
              parser: (text) => {
                if (text.length === 0) throw new ResponseParseError('The reply was empty.');
                return text;
              },
              maxCorrectionSteps: 0,
              maxConversationRestarts: 0,
              purpose,
              signal: combined,
            });
        }
      });
    }),
  );
}
