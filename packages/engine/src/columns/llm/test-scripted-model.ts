import type { GenerationContext } from '../column-generator.js';
import type { ChatMessage, ContentBlock, GenerateOptions, GenerationModel, ModelLookup } from '../../models/model-types.js';
import { ResponseParseError } from '../../models/response-parse-error.js';

/** A scripted assistant turn: reply text and optional reasoning. */
export interface ScriptedReply {
  content: string;
  reasoning?: string;
}

/**
 * Test double of `GenerationModel`: replays scripted replies, runs the real parser and follows the
 * correction / restart loop of engine-spec §4.2 (minimal). Records every request's messages.
 */
export class ScriptedModel implements GenerationModel {
  readonly alias: string;
  readonly modelName = 'scripted-model';
  readonly providerName = 'scripted';
  /** The messages of each chat request, in order. */
  readonly requests: ChatMessage[][] = [];
  /** Inputs of each embeddings call. */
  readonly embeddingCalls: string[][] = [];
  /** Prompts and contexts of each image call. */
  readonly imageCalls: Array<{ prompt: string; multiModalContext?: ContentBlock[] }> = [];
  private readonly replies: Array<string | ScriptedReply>;

  constructor(
    alias: string,
    replies: Array<string | ScriptedReply> = [],
    private readonly extra: { vectors?: (inputs: string[]) => number[][]; images?: string[] } = {},
  ) {
    this.alias = alias;
    this.replies = [...replies];
  }

  async generate<T>(options: GenerateOptions<T>): Promise<{ parsed: T; trace: ChatMessage[] }> {
    const maxCorrections = options.maxCorrectionSteps ?? 0;
    const maxRestarts = options.maxConversationRestarts ?? 5;
    const checkpoint: ChatMessage[] = [];
    if (options.systemPrompt) checkpoint.push({ role: 'system', content: options.systemPrompt });
    checkpoint.push({
      role: 'user',
      content: options.multiModalContext?.length ? [...options.multiModalContext, { type: 'text', text: options.prompt }] : options.prompt,
    });
    let messages = [...checkpoint];
    let attempts = 0;
    let restarts = 0;
    for (;;) {
      this.requests.push([...messages]);
      const next = this.replies.shift();
      if (next === undefined) throw Object.assign(new Error('script exhausted'), { isRetryable: false });
      const reply = typeof next === 'string' ? { content: next } : next;
      messages.push({ role: 'assistant', content: reply.content.trim(), ...(reply.reasoning ? { reasoning_content: reply.reasoning } : {}) });
      attempts += 1;
      try {
        return await Promise.resolve({ parsed: options.parser(reply.content.trim()), trace: messages });
      } catch (error) {
        if (!ResponseParseError.isInstance(error)) throw error;
        if (attempts <= maxCorrections) messages.push({ role: 'user', content: (error as Error).message });
        else if (restarts < maxRestarts) {
          restarts += 1;
          attempts = 0;
          messages = [...checkpoint];
        } else throw new Error(`validation failure: ${(error as Error).message}`);
      }
    }
  }

  generateEmbeddings(inputs: string[]): Promise<number[][]> {
    this.embeddingCalls.push(inputs);
    return Promise.resolve(this.extra.vectors ? this.extra.vectors(inputs) : inputs.map((text) => [text.length, 1]));
  }

  generateImages(prompt: string, options: { multiModalContext?: ContentBlock[] }): Promise<string[]> {
    this.imageCalls.push({ prompt, multiModalContext: options.multiModalContext });
    return Promise.resolve(this.extra.images ?? ['aW1n']);
  }
}

/** A `ModelLookup` over scripted models. */
export function lookupOf(...models: ScriptedModel[]): ModelLookup {
  return {
    getModel: (alias: string): GenerationModel => {
      const model = models.find((candidate) => candidate.alias === alias);
      if (!model) throw new Error(`unknown alias ${alias}`);
      return model;
    },
  };
}

/** A generation context for tests. */
export const testContext: GenerationContext = { rowGroup: 0, rowOffset: 0, signal: new AbortController().signal };
