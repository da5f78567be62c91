import type { BuiltinColumnType } from './column-types.js';

/**
 * Column types whose generator calls a model (the original's `column_type_is_model_generated`):
 * they need `model_alias` to name a configured model, and their prompts are checked.
 */
export const MODEL_COLUMN_TYPES = ['llm-text', 'llm-code', 'llm-structured', 'llm-judge', 'embedding', 'image'] as const satisfies readonly BuiltinColumnType[];

/** Column types that send a chat prompt and get text back (prompt, system prompt, trace, reasoning, token usage). */
export const LLM_COLUMN_TYPES = ['llm-text', 'llm-code', 'llm-structured', 'llm-judge'] as const satisfies readonly BuiltinColumnType[];

/** A column type whose generator calls a model. */
export type ModelColumnType = (typeof MODEL_COLUMN_TYPES)[number];

/** A chat-completion column type. */
export type LLMColumnType = (typeof LLM_COLUMN_TYPES)[number];

const MODEL_SET: ReadonlySet<string> = new Set(MODEL_COLUMN_TYPES);
const LLM_SET: ReadonlySet<string> = new Set(LLM_COLUMN_TYPES);

/** True when columns of this type call a model (llm-*, embedding, image). */
export function isModelColumnType(columnType: string): columnType is ModelColumnType {
  return MODEL_SET.has(columnType);
}

/** True when columns of this type are chat-completion columns (llm-text, llm-code, llm-structured, llm-judge). */
export function isLlmColumnType(columnType: string): columnType is LLMColumnType {
  return LLM_SET.has(columnType);
}
