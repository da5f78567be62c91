import { defineErrorClass } from '@dd/config';
import type { ChatMessage, ContentBlock, GenerationModel, ModelLookup, ResponseParser } from '../models/model-types.js';

/** A custom column function used a model alias it did not declare, or declared one without models. */
export class CustomColumnModelError extends defineErrorClass('CustomColumnModelError') {}

/** Options of `CustomColumnModel.generate` (everything but the prompt is optional). */
export interface CustomModelGenerateOptions<T = string> {
  /** The user message. */
  prompt: string;
  /** System message; none when empty. */
  systemPrompt?: string;
  /** Turns the reply text into a value; throw `ResponseParseError` to ask for a correction. @default the text as is */
  parser?: ResponseParser<T>;
  /** Media blocks placed before the prompt text. */
  multiModalContext?: ContentBlock[];
  /** In-conversation corrections after a parse failure. @default the run config's max_conversation_correction_steps */
  maxCorrectionSteps?: number;
  /** Fresh restarts after corrections are exhausted. @default the run config's max_conversation_restarts */
  maxConversationRestarts?: number;
  /** Used in error messages. @default "running generation for custom column '<name>'" */
  purpose?: string;
}

/**
 * A model as a custom column function sees it: the same facade as the LLM columns (request
 * admission, retries, usage accounting), with the column's defaults filled in.
 */
export interface CustomColumnModel {
  /** The model alias. */
  readonly alias: string;
  /** The provider's model name. */
  readonly modelName: string;
  /** The provider's name. */
  readonly providerName: string;
  /** A chat completion: the parsed reply and the conversation (`trace`, as LLM columns record it). */
  generate<T = string>(prompt: string | CustomModelGenerateOptions<T>): Promise<{ parsed: T; trace: ChatMessage[] }>;
  /** One vector per input. */
  generateEmbeddings(inputs: string[]): Promise<number[][]>;
  /** Base64 images for a prompt. */
  generateImages(prompt: string, options?: { multiModalContext?: ContentBlock[] }): Promise<string[]>;
}

/** The `models` a custom column function receives: one entry per declared alias. */
export type CustomColumnModels = Readonly<Record<string, CustomColumnModel>>;

/** Run settings the facades take their defaults from. */
export interface CustomColumnModelDefaults {
  /** Corrections per generate call. */
  max_conversation_correction_steps: number;
  /** Restarts per generate call. */
  max_conversation_restarts: number;
}

const identity = ((text: string) => text) as ResponseParser<never>;

/** Wraps a `GenerationModel` with the defaults of one custom column and the call's signal. */
export function customColumnModel(
  model: GenerationModel,
  options: { purpose: string; signal?: AbortSignal; defaults: CustomColumnModelDefaults },
): CustomColumnModel {
  return {
    alias: model.alias,
    modelName: model.modelName,
    providerName: model.providerName,
    generate<T = string>(input: string | CustomModelGenerateOptions<T>) {
      const request: CustomModelGenerateOptions<T> = typeof input === 'string' ? { prompt: input } : input;
      if (typeof request?.prompt !== 'string') {
        throw new CustomColumnModelError(`models['${model.alias}'].generate needs a prompt string, got ${typeof request?.prompt}.`, {
          fix: "Call generate('your prompt') or generate({ prompt: 'your prompt', parser })",
        });
      }
      return model.generate<T>({
        prompt: request.prompt,
        systemPrompt: request.systemPrompt,
        parser: request.parser ?? (identity as ResponseParser<T>),
        multiModalContext: request.multiModalContext,
        maxCorrectionSteps: request.maxCorrectionSteps ?? options.defaults.max_conversation_correction_steps,
        maxConversationRestarts: request.maxConversationRestarts ?? options.defaults.max_conversation_restarts,
        purpose: request.purpose ?? options.purpose,
        signal: options.signal,
      });
    },
    generateEmbeddings(inputs: string[]) {
      return model.generateEmbeddings(inputs, { purpose: options.purpose, signal: options.signal });
    },
    generateImages(prompt: string, extra: { multiModalContext?: ContentBlock[] } = {}) {
      return model.generateImages(prompt, { purpose: options.purpose, multiModalContext: extra.multiModalContext, signal: options.signal });
    },
  };
}

/**
 * The `models` object of a custom column: the facades of its declared aliases. Reading an alias the
 * column did not declare throws a `CustomColumnModelError` naming the declared ones.
 */
export function customColumnModels(
  columnName: string,
  aliases: readonly string[],
  lookup: ModelLookup,
  options: { signal?: AbortSignal; defaults: CustomColumnModelDefaults },
): CustomColumnModels {
  const purpose = `running generation for custom column '${columnName}'`;
  const entries = Object.fromEntries(aliases.map((alias) => [alias, customColumnModel(lookup.getModel(alias), { ...options, purpose })]));
  return new Proxy(Object.freeze(entries), {
    get(target, key, receiver) {
      if (typeof key !== 'string' || key in target || key === 'then' || key === 'toJSON') return Reflect.get(target, key, receiver) as unknown;
      throw new CustomColumnModelError(
        `Custom column '${columnName}' used model alias '${key}', which it did not declare (declared: ${aliases.length > 0 ? aliases.map((alias) => `'${alias}'`).join(', ') : 'none'}).`,
        { fix: `Declare it: customColumnGenerator(fn, { modelAliases: [${[...aliases, key].map((alias) => `'${alias}'`).join(', ')}] }).` },
      );
    },
  });
}
