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
  'seed-dataset',
  'sampler',
  'llm-text',
  'llm-code',
  'llm-structured',
  'llm-judge',
  'embedding',
  'image',
  'validation',
  'expression',
  'custom',
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

/** A built-in `column_type` value. */
export type BuiltinColumnType = (typeof BUILTIN_COLUMN_TYPES)[number];

declare const pluginTypeBrand: unique symbol;

/**
 * A plugin's discriminator value (`column_type`, `seed_type` or `processor_type`): a string that is
 * not a built-in type. The brand keeps built-in literals out of it, so built-in unions still narrow
 * and a typo such as `column_type: 'expresion'` does not compile. Make one with `pluginType('name')`.
 */
export type PluginTypeName = string & { readonly [pluginTypeBrand]: true };

/** Marks a string as a plugin's discriminator value (type-level only; plugins register at run time). */
export function pluginType(name: string): PluginTypeName {
  return name as PluginTypeName;
}

/** A plugin's `column_type`. */
export type PluginColumnType = PluginTypeName;

/** A plugin column config: the common fields plus whatever the plugin's schema declares. */
export interface PluginColumnConfig extends Omit<ColumnConfigBase, 'column_type'> {
  column_type: PluginColumnType;
  [key: string]: unknown;
}

/**
 * Any built-in column config. Narrows on `column_type`: `switch (column.column_type)` gives each
 * branch its typed fields.
 */
export type ColumnConfig =
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

/** A column of a loaded config: a built-in one or a plugin's. Separate them with `isPluginColumnConfig`. */
export type AnyColumnConfig = ColumnConfig | PluginColumnConfig;

const BUILTIN_TYPE_SET: ReadonlySet<string> = new Set(BUILTIN_COLUMN_TYPES);

/** True when `columnType` is one of the built-in column types. */
export function isBuiltinColumnType(columnType: string): columnType is BuiltinColumnType {
  return BUILTIN_TYPE_SET.has(columnType);
}

/** True when the column's type comes from a plugin (then it is not part of the narrowing `ColumnConfig` union). */
export function isPluginColumnConfig(column: AnyColumnConfig): column is PluginColumnConfig {
  return !BUILTIN_TYPE_SET.has(column.column_type);
}

/** True for a built-in column config; in that branch `switch (column.column_type)` narrows. */
export function isBuiltinColumnConfig(column: AnyColumnConfig): column is ColumnConfig {
  return BUILTIN_TYPE_SET.has(column.column_type);
}

/** Any built-in column config (the same union as `ColumnConfig`). */
export type BuiltinColumnConfig = ColumnConfig;

/** A chat-completion column config (`llm-text`, `llm-code`, `llm-structured`, `llm-judge`). */
export type LLMColumnConfig = LLMTextColumnConfig | LLMCodeColumnConfig | LLMStructuredColumnConfig | LLMJudgeColumnConfig;
