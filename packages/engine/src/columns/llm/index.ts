export { createLlmColumnGenerator, type LlmColumnDeps } from './llm-column-generator.js';
export { createEmbeddingColumnGenerator, EmbeddingCountMismatchError, type EmbeddingCell } from './embedding-column-generator.js';
export { createImageColumnGenerator, ImagePromptError, type ImageMediaStorage } from './image-column-generator.js';
export { createLlmRecipe, type LlmRecipe, type LlmRecipeSpec } from './llm-recipe.js';
export { codeInstructionBlock, jsonInstructionBlock, serializeSchemaForPrompt, decoratePrompt } from './prompt-blocks.js';
export { buildMultiModalContext, sniffImageFormat, MultiModalContextError } from './multi-modal-context.js';
export { renderPrompt, PromptTemplateRenderError, type PromptRenderContext } from './render-prompt.js';
export { toTraceMessage, traceSideEffects, type TraceMessage } from './trace-messages.js';
export { parseEmbeddingInput } from './embedding-input.js';
