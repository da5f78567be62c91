import type { z } from 'zod';
import {
  CustomColumnConfigSchema,
  EmbeddingColumnConfigSchema,
  ExpressionColumnConfigSchema,
  ImageColumnConfigSchema,
  LLMCodeColumnConfigSchema,
  LLMJudgeColumnConfigSchema,
  LLMStructuredColumnConfigSchema,
  LLMTextColumnConfigSchema,
  SamplerColumnConfigSchema,
  SeedDatasetColumnConfigSchema,
  ValidationColumnConfigSchema,
} from './column-configs.js';

/** Built-in column schemas in display order (seed-dataset first, custom last). */
export const BUILTIN_COLUMN_SCHEMAS = [
  SeedDatasetColumnConfigSchema,
  SamplerColumnConfigSchema,
  LLMTextColumnConfigSchema,
  LLMCodeColumnConfigSchema,
  LLMStructuredColumnConfigSchema,
  LLMJudgeColumnConfigSchema,
  EmbeddingColumnConfigSchema,
  ImageColumnConfigSchema,
  ValidationColumnConfigSchema,
  ExpressionColumnConfigSchema,
  CustomColumnConfigSchema,
] as const;

/** Built-in `column_type` values in display order. */
export const BUILTIN_COLUMN_TYPES = [
  'seed-dataset', 'sampler', 'llm-text', 'llm-code', 'llm-structured', 'llm-judge', 'embedding', 'image', 'validation', 'expression', 'custom',
] as const;

/** A sampler column config. */
export type SamplerColumnConfig = z.output<typeof SamplerColumnConfigSchema>;
/** An llm-text column config. */
export type LLMTextColumnConfig = z.output<typeof LLMTextColumnConfigSchema>;
/** An llm-code column config. */
export type LLMCodeColumnConfig = z.output<typeof LLMCodeColumnConfigSchema>;
/** An llm-structured column config. */
export type LLMStructuredColumnConfig = z.output<typeof LLMStructuredColumnConfigSchema>;
/** An llm-judge column config. */
export type LLMJudgeColumnConfig = z.output<typeof LLMJudgeColumnConfigSchema>;
/** An embedding column config. */
export type EmbeddingColumnConfig = z.output<typeof EmbeddingColumnConfigSchema>;
/** An image column config. */
export type ImageColumnConfig = z.output<typeof ImageColumnConfigSchema>;
/** A validation column config. */
export type ValidationColumnConfig = z.output<typeof ValidationColumnConfigSchema>;
/** An expression column config. */
export type ExpressionColumnConfig = z.output<typeof ExpressionColumnConfigSchema>;
/** A seed-dataset column config. */
export type SeedDatasetColumnConfig = z.output<typeof SeedDatasetColumnConfigSchema>;
/** A custom column config. */
export type CustomColumnConfig = z.output<typeof CustomColumnConfigSchema>;

/** Fields every column config has (plugin columns too). */
export interface ColumnConfigBase {
  name: string;
  drop: boolean;
  column_type: string;
  skip: { when: string; value: string | number | boolean | null } | null;
  propagate_skip: boolean;
}

/** Any built-in column config. */
export type BuiltinColumnConfig =
  | SamplerColumnConfig
  | LLMTextColumnConfig
  | LLMCodeColumnConfig
  | LLMStructuredColumnConfig
  | LLMJudgeColumnConfig
  | EmbeddingColumnConfig
  | ImageColumnConfig
  | ValidationColumnConfig
  | ExpressionColumnConfig
  | SeedDatasetColumnConfig
  | CustomColumnConfig;
