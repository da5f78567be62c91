export { OpenAICompatibleClient } from './openai-compatible-client.js';
export { AnthropicClient, anthropicMessagesUrl, ANTHROPIC_VERSION } from './anthropic-client.js';
export {
  createModelClient,
  ModelProviderConfigurationError,
  type CreateModelClientOptions,
} from './create-model-client.js';
export type { ProviderClientOptions } from './client-options.js';
export { resolveApiKey, type ResolvedApiKey } from './resolve-api-key.js';
export { HttpTransport, poolConnections, DEFAULT_TIMEOUT_SECONDS, type HttpTransportOptions, type SendOptions } from './http-transport.js';
export { toOpenAIMessage, toOpenAIBlock } from './openai-messages.js';
export { toAnthropicPayload, toAnthropicConversation, toAnthropicBlock, ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic-messages.js';
export { parseOpenAIChatReply, parseOpenAIEmbeddingReply, parseOpenAIImageReply, contentText } from './parse-openai-reply.js';
export { parseAnthropicReply } from './parse-anthropic-reply.js';
export { parseUsage } from './parse-usage.js';
export { estimateTokens } from './estimate-tokens.js';
export { extractImages, resolveImageReference, type ImageDownloader } from './extract-images.js';
