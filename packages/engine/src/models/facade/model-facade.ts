import type { ModelConfig, ModelProvider as ModelProviderConfig } from '@dd/config';
import { ModelGenerationValidationFailureError, toModelError, type TruncationReason } from '../errors/index.js';
import type {
  ChatCompletionRequest,
  ChatCompletionResponse,
  ChatMessage,
  ContentBlock,
  GenerateOptions,
  GenerationModel,
  ModelClient,
} from '../model-types.js';
import type { ToolRuntime } from './tool-runtime.js';
import { ResponseParseError } from '../response-parse-error.js';
import { MCPConfigurationError, MCPToolError } from '../errors/mcp-errors.js';
import { ModelUsage } from './model-usage.js';
import { sampleInferenceValue } from './sample-inference-value.js';

const DIFFUSION_MODEL = /dall-e-|dalle|stable-diffusion|sd-|sd_|imagen|gpt-image-/i;
const TRUNCATION_REASONS: Record<string, TruncationReason> = {
  length: 'MAX_TOKENS',
  max_tokens: 'MAX_TOKENS',
  model_context_window_exceeded: 'CONTEXT_WINDOW',
};

/** Options of a `ModelFacade`. */
export interface ModelFacadeOptions {
  modelConfig: ModelConfig;
  provider: ModelProviderConfig;
  /** The client requests go through (normally a `ModelRequestExecutor`: admission + retries). */
  client: ModelClient;
  /** Random source for distribution-valued temperature / top_p. */
  random?: () => number;
  /** MCP tools for `generate` calls with a `toolAlias` (normally an `McpToolRegistry`). */
  tools?: ToolRuntime;
}

/** Content of the tool messages answering calls made after `max_tool_call_turns` was reached. */
export const TOOL_CALL_REFUSAL = 'Tool call refused: the maximum number of tool call turns has been reached. Answer now without calling any tools.';
/** Refused turns tolerated after the limit before the generation fails (a model that ignores refusals). */
const MAX_REFUSED_TURNS = 3;

function isParseError(error: unknown): boolean {
  return ResponseParseError.isInstance(error);
}

function normalizeContent(content: ChatMessage['content']): ContentBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** A message as written into `__trace` columns: content always a block list, empty fields left out. */
export function traceMessage(message: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: message.role, content: normalizeContent(message.content) };
  if (message.reasoning_content) out.reasoning_content = message.reasoning_content;
  if (message.tool_calls && message.tool_calls.length > 0) out.tool_calls = message.tool_calls;
  if (message.tool_call_id) out.tool_call_id = message.tool_call_id;
  return out;
}

/**
 * One model alias: builds requests from its inference parameters (distributions re-sampled per
 * request, provider `extra_body` / headers merged), runs the correction / restart loop of
 * engine-spec §4.2 and converts provider failures into user-facing errors.
 */
export class ModelFacade implements GenerationModel {
  readonly alias: string;
  readonly modelName: string;
  readonly providerName: string;
  /** Token, request and image counts of this alias. */
  readonly usage: ModelUsage;
  private readonly config: ModelConfig;
  private readonly provider: ModelProviderConfig;
  private readonly client: ModelClient;
  private readonly random: () => number;
  private readonly tools: ToolRuntime | undefined;

  constructor(options: ModelFacadeOptions) {
    this.config = options.modelConfig;
    this.provider = options.provider;
    this.client = options.client;
    this.random = options.random ?? Math.random;
    this.tools = options.tools;
    this.alias = options.modelConfig.alias;
    this.modelName = options.modelConfig.model;
    this.providerName = options.provider.name;
    this.usage = new ModelUsage(options.modelConfig.model);
  }

  private commonKwargs(): Pick<ChatCompletionRequest, 'extra_body' | 'extra_headers' | 'timeout'> {
    const params = this.config.inference_parameters;
    const extraBody = { ...(params.extra_body ?? {}), ...(this.provider.extra_body ?? {}) };
    // Only one choice is ever used.
    delete extraBody.n;
    return {
      ...(Object.keys(extraBody).length > 0 ? { extra_body: extraBody } : {}),
      ...(this.provider.extra_headers ? { extra_headers: { ...this.provider.extra_headers } } : {}),
      ...(params.timeout ? { timeout: params.timeout } : {}),
    };
  }

  /** The chat request for `messages`, with sampled temperature / top_p. */
  buildChatRequest(messages: ChatMessage[], tools?: ChatCompletionRequest['tools']): ChatCompletionRequest {
    const params = this.config.inference_parameters;
    const request: ChatCompletionRequest = { model: this.modelName, messages, ...this.commonKwargs(), ...(tools && tools.length > 0 ? { tools } : {}) };
    if (params.generation_type === 'chat-completion') {
      const temperature = sampleInferenceValue(params.temperature, this.random);
      const topP = sampleInferenceValue(params.top_p, this.random);
      if (temperature !== undefined) request.temperature = temperature;
      if (topP !== undefined) request.top_p = topP;
      if (params.max_tokens) request.max_tokens = params.max_tokens;
    }
    return request;
  }

  private async complete(
    messages: ChatMessage[],
    purpose: string,
    signal?: AbortSignal,
    tools?: ChatCompletionRequest['tools'],
  ): Promise<ChatCompletionResponse> {
    try {
      // A copy: the conversation keeps growing after the request was handed over.
      const response = await this.client.completion(this.buildChatRequest([...messages], tools), signal);
      this.usage.recordSuccess(response.usage, response.images.length);
      return response;
    } catch (error) {
      this.usage.recordFailure();
      throw toModelError(error, { model: this.modelName, provider: this.providerName, purpose });
    }
  }

  /**
   * Chat completion with parsing, in-conversation corrections and fresh restarts (engine-spec §4.2).
   * With a `toolAlias`, tool-call replies run the MCP tools (in parallel) and loop; after
   * `max_tool_call_turns` further calls get a refusal. Tool turns move the restart checkpoint, so a
   * restart never repeats a tool call.
   */
  async generate<T>(options: GenerateOptions<T>): Promise<{ parsed: T; trace: ChatMessage[] }> {
    const toolAlias = options.toolAlias || null;
    let tools: ChatCompletionRequest['tools'];
    let maxTurns = 0;
    if (toolAlias) {
      if (!this.tools) {
        throw new MCPConfigurationError(`tool_alias '${toolAlias}' was requested while ${options.purpose}, but no MCP tool registry is configured.`, {
          fix: 'Add the tool config to tool_configs and its MCP providers to mcp_providers.yaml (or pass mcpProviders).',
        });
      }
      tools = await this.tools.toolSchemas(toolAlias);
      maxTurns = this.tools.maxToolCallTurns(toolAlias);
    }
    const maxCorrections = Math.max(0, options.maxCorrectionSteps ?? 0);
    const maxRestarts = Math.max(0, options.maxConversationRestarts ?? 5);
    let checkpoint: ChatMessage[] = [];
    if (options.systemPrompt) checkpoint.push({ role: 'system', content: options.systemPrompt });
    checkpoint.push({
      role: 'user',
      content:
        options.multiModalContext && options.multiModalContext.length > 0
          ? [...options.multiModalContext, { type: 'text', text: options.prompt }]
          : options.prompt,
    });
    let messages = [...checkpoint];
    let parseAttempts = 0;
    let restarts = 0;
    let truncation: TruncationReason | null = null;
    let turns = 0;
    let checkpointTurns = 0;
    let toolCalls = 0;
    try {
      for (;;) {
        const response = await this.complete(messages, options.purpose, options.signal, tools);
        if (toolAlias && this.tools && response.toolCalls.length > 0) {
          turns += 1;
          toolCalls += response.toolCalls.length;
          const calls = response.toolCalls;
          // Reasoning is not sent back with tool-call turns.
          messages.push({ role: 'assistant', content: (response.content ?? '').trim(), tool_calls: calls });
          if (turns > maxTurns) {
            if (turns > maxTurns + MAX_REFUSED_TURNS) {
              throw new MCPToolError(
                `Model '${this.modelName}' kept requesting tools after ${MAX_REFUSED_TURNS} refusals (max_tool_call_turns ${maxTurns}) while ${options.purpose}.`,
                {
                  fix: 'Raise max_tool_call_turns in the tool config, or tell the model in the prompt how many tool calls it may make.',
                },
              );
            }
            for (const call of calls) messages.push({ role: 'tool', content: TOOL_CALL_REFUSAL, tool_call_id: call.id });
          } else {
            messages.push(...(await this.tools.executeToolCalls(toolAlias, calls, options.signal)));
          }
          checkpoint = [...messages];
          checkpointTurns = turns;
          continue;
        }
        const text = (response.content ?? '').trim();
        messages.push({ role: 'assistant', content: text, ...(response.reasoning ? { reasoning_content: response.reasoning } : {}) });
        parseAttempts += 1;
        try {
          return { parsed: options.parser(text), trace: messages };
        } catch (error) {
          if (!isParseError(error)) throw error;
          const reason = response.finishReason ? TRUNCATION_REASONS[response.finishReason] : undefined;
          if (reason === 'CONTEXT_WINDOW' || (reason && truncation === null)) truncation = reason;
          const detail = (error as Error).message.replace(/\s+/g, ' ').trim();
          if (maxCorrections === 0 && maxRestarts === 0) throw this.validationFailure(detail, truncation, 0, 0, options.purpose);
          if (parseAttempts <= maxCorrections) {
            messages.push({ role: 'user', content: (error as Error).message });
          } else if (restarts < maxRestarts) {
            restarts += 1;
            parseAttempts = 0;
            truncation = null;
            messages = [...checkpoint];
            turns = checkpointTurns;
          } else {
            throw this.validationFailure(detail, truncation, maxCorrections, maxRestarts, options.purpose);
          }
        }
      }
    } finally {
      if (toolAlias) this.usage.recordToolUsage(toolCalls, turns);
    }
  }

  private validationFailure(detail: string, truncation: TruncationReason | null, corrections: number, restarts: number, purpose: string): Error {
    return new ModelGenerationValidationFailureError({
      model: this.modelName,
      provider: this.providerName,
      purpose,
      detail,
      corrections,
      restarts,
      truncation,
    });
  }

  /** One vector per input (`/embeddings`). */
  async generateEmbeddings(inputs: string[], options: { purpose: string; signal?: AbortSignal }): Promise<number[][]> {
    const params = this.config.inference_parameters;
    try {
      const response = await this.client.embeddings(
        {
          model: this.modelName,
          input: inputs,
          ...this.commonKwargs(),
          ...(params.generation_type === 'embedding'
            ? { encoding_format: params.encoding_format, ...(params.dimensions ? { dimensions: params.dimensions } : {}) }
            : {}),
        },
        options.signal,
      );
      this.usage.recordSuccess(response.usage);
      return response.vectors;
    } catch (error) {
      this.usage.recordFailure();
      throw toModelError(error, { model: this.modelName, provider: this.providerName, purpose: options.purpose });
    }
  }

  /** Base64 images: `/images/generations` for diffusion models, else a chat request whose reply carries images. */
  async generateImages(prompt: string, options: { purpose: string; multiModalContext?: ContentBlock[]; signal?: AbortSignal }): Promise<string[]> {
    let images: string[];
    if (DIFFUSION_MODEL.test(this.modelName)) {
      try {
        const response = await this.client.generateImages({ model: this.modelName, prompt, ...this.commonKwargs() }, options.signal);
        this.usage.recordSuccess(response.usage, response.images.length);
        images = response.images;
      } catch (error) {
        this.usage.recordFailure();
        throw toModelError(error, { model: this.modelName, provider: this.providerName, purpose: options.purpose });
      }
    } else {
      const content: ChatMessage['content'] = options.multiModalContext?.length ? [...options.multiModalContext, { type: 'text', text: prompt }] : prompt;
      images = (await this.complete([{ role: 'user', content }], options.purpose, options.signal)).images;
    }
    if (images.length === 0) {
      throw new ModelGenerationValidationFailureError(`Model '${this.modelName}' returned no image while ${options.purpose}.`, {
        fix: 'Check that the model generates images and that extra_body holds the options it needs (e.g. size).',
      });
    }
    return images;
  }
}
