import { ResponseParseError } from '../response-parse-error.js';
import type { ModelRegistry } from './model-registry.js';

const HEALTH_CHECK_TIMEOUT_MS = 180_000;

/**
 * Startup probe of every alias the columns use (engine-spec §4.8), skipping `skip_health_check`
 * models: a chat model must answer "Hello!", an embedding model return one vector, an image model
 * return an image. Skipped entirely when `DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS=1`.
 */
export async function checkModelHealth(registry: ModelRegistry, aliases: readonly string[], signal?: AbortSignal): Promise<void> {
  if (process.env.DATA_DESIGNER_SKIP_MODEL_HEALTH_CHECKS === '1') return;
  const timeout = AbortSignal.timeout(HEALTH_CHECK_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const purpose = 'running health checks';
  await Promise.all(
    [...new Set(aliases)].map(async (alias) => {
      const config = registry.modelConfig(alias);
      if (config.skip_health_check) return;
      const model = registry.getModel(alias);
      switch (config.inference_parameters.generation_type) {
        case 'embedding': {
          const vectors = await model.generateEmbeddings(['Hello!'], { purpose, signal: combined });
          if (vectors.length !== 1 || vectors[0].length === 0) throw new Error(`Model '${alias}' returned no embedding while ${purpose}.`);
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
    }),
  );
}
