import { z } from 'zod';
import { SamplerParamsSchema } from '../samplers/sampler-params.js';
import { SAMPLER_TYPES } from '../samplers/sampler-type.js';
import { freeFormObject, intField, templateField } from '../schema/index.js';
import { VALIDATOR_TYPES, ValidatorParamsSchema } from '../validators/validator-params.js';
import { CODE_LANGS } from './code-lang.js';
import { columnConfigSchema, forbidSkip } from './column-base.js';
import { MultiModalContextSchema } from './multi-modal-context.js';

/** `sampler`: values drawn from a statistical sampler (fused with the other samplers at run time). */
export const SamplerColumnConfigSchema = columnConfigSchema('sampler', {
  sampler_type: z.enum(SAMPLER_TYPES),
  params: SamplerParamsSchema,
  conditional_params: z.record(z.string(), SamplerParamsSchema).default({}),
  convert_to: z.string().nullable().default(null),
}).superRefine(forbidSkip);

const llmShape = {
  prompt: templateField(),
  model_alias: z.string(),
  system_prompt: templateField().nullable().default(null),
  multi_modal_context: z.array(MultiModalContextSchema).nullable().default(null),
  tool_alias: z.string().nullable().default(null),
  with_trace: z.enum(['none', 'last_message', 'all_messages']).default('none'),
  extract_reasoning_content: z.boolean().default(false),
};

/** `llm-text`: free text from a model. */
export const LLMTextColumnConfigSchema = columnConfigSchema('llm-text', llmShape);

/** `llm-code`: code in `code_lang`, extracted from the model's reply. */
export const LLMCodeColumnConfigSchema = columnConfigSchema('llm-code', { ...llmShape, code_lang: z.enum(CODE_LANGS) });

/** `llm-structured`: a JSON object following the JSON schema `output_format`. */
export const LLMStructuredColumnConfigSchema = columnConfigSchema('llm-structured', { ...llmShape, output_format: freeFormObject() });

/** A rubric dimension of an `llm-judge` column. */
export const ScoreSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  options: z.record(z.string(), z.string()),
});

/** `llm-judge`: scores of other columns against a rubric. */
export const LLMJudgeColumnConfigSchema = columnConfigSchema('llm-judge', { ...llmShape, scores: z.array(ScoreSchema).min(1) });

/** `embedding`: an embedding vector of a text column. */
export const EmbeddingColumnConfigSchema = columnConfigSchema('embedding', { target_column: z.string(), model_alias: z.string() });

/** `image`: an image generated from a prompt. */
export const ImageColumnConfigSchema = columnConfigSchema('image', {
  prompt: templateField(),
  model_alias: z.string(),
  multi_modal_context: z.array(MultiModalContextSchema).nullable().default(null),
});

/** `validation`: validator results for other columns. */
export const ValidationColumnConfigSchema = columnConfigSchema('validation', {
  target_columns: z.array(z.string()),
  validator_type: z.enum(VALIDATOR_TYPES),
  validator_params: ValidatorParamsSchema,
  batch_size: intField({ ge: 1 }).default(10),
});

const EXPRESSION_DTYPES = ['int', 'float', 'str', 'bool'] as const;

/** Python's conversion of a skip value to an expression column's dtype (`int("5")`, `bool("false")`…). */
function coerceSkipValue(value: string | number | boolean, dtype: (typeof EXPRESSION_DTYPES)[number]): { value: unknown } | { error: string } {
  switch (dtype) {
    case 'str':
      return { value: typeof value === 'string' ? value : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value) };
    case 'bool':
      return { value: typeof value === 'boolean' ? value : typeof value === 'string' ? value.length > 0 : value !== 0 };
    case 'float': {
      if (typeof value === 'number') return { value };
      if (typeof value === 'boolean') return { value: value ? 1 : 0 };
      const parsed = Number(value.trim());
      return value.trim() !== '' && !Number.isNaN(parsed) ? { value: parsed } : { error: 'could not convert string to float' };
    }
    case 'int': {
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'number') return { value: Math.trunc(value) };
      return /^\s*[+-]?\d+\s*$/.test(value) ? { value: Number.parseInt(value, 10) } : { error: 'invalid literal for int()' };
    }
  }
}

/** `expression`: a Jinja expression over other columns, converted to `dtype`. */
export const ExpressionColumnConfigSchema = columnConfigSchema('expression', {
  expr: z.string(),
  dtype: z.enum(EXPRESSION_DTYPES).default('str'),
}).transform((column, ctx) => {
  if (column.expr.trim() === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['expr'],
      input: column.expr,
      message: `expression column '${column.name}' has an empty expression; write one such as '{{ column_name }}' or remove the column`,
    });
    return column;
  }
  const problem = templateField().safeParse(column.expr);
  if (!problem.success) {
    ctx.addIssue({ code: 'custom', path: ['expr'], input: column.expr, message: problem.error.issues[0]?.message ?? 'invalid Jinja template' });
  }
  if (column.skip && column.skip.value !== null) {
    const coerced = coerceSkipValue(column.skip.value, column.dtype);
    if ('error' in coerced) {
      ctx.addIssue({
        code: 'custom',
        path: ['skip', 'value'],
        input: column.skip.value,
        message: `skip.value ${JSON.stringify(column.skip.value)} of column '${column.name}' cannot be converted to dtype '${column.dtype}' (${coerced.error})`,
      });
      return column;
    }
    return { ...column, skip: { ...column.skip, value: coerced.value as string | number | boolean } };
  }
  return column;
});

/** `seed-dataset`: a column of the seed dataset (added by the engine when the seed is read). */
export const SeedDatasetColumnConfigSchema = columnConfigSchema('seed-dataset', {}).superRefine(forbidSkip);

/** A user function (or the name it is registered under) that generates a custom column. */
export type CustomGeneratorFunction = string | ((...args: never[]) => unknown);

/** `custom`: a user function generates the column (cell by cell or the whole batch). */
export const CustomColumnConfigSchema = columnConfigSchema('custom', {
  generator_function: z.union([
    z.string().min(1),
    z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { message: 'expected a function or a registered function name' }),
  ]),
  generation_strategy: z.enum(['cell_by_cell', 'full_column']).default('cell_by_cell'),
  generator_params: freeFormObject().nullable().default(null),
});
