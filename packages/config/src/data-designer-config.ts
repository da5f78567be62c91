import { z } from 'zod';
import { BUILTIN_COLUMN_SCHEMAS, injectColumnShorthand, type BuiltinColumnConfig, type ColumnConfigBase } from './columns/index.js';
import { ConstraintConfigSchema } from './constraints/index.js';
import { ToolConfigSchema } from './mcp/index.js';
import { ModelConfigSchema } from './models/index.js';
import { onPluginsChanged, registeredPlugins } from './plugins/plugin-registry.js';
import { BUILTIN_PROCESSOR_SCHEMAS } from './processors/index.js';
import { intField } from './schema/index.js';
import { BUILTIN_SEED_SOURCE_SCHEMAS, SelectionStrategySchema } from './seeds/index.js';
import { sideEffectColumnsOf } from './validation/column-dependencies.js';
import { findTemplateReferences } from './validation/template-references.js';
import { LIBRARY_VERSION } from './version.js';

/** Optional profiler that summarises llm-judge scores with a model. */
export const JudgeScoreProfilerConfigSchema = z.strictObject({
  model_alias: z.string(),
  summary_score_sample_size: intField({ ge: 1 }).nullable().default(20),
});

/** A validated judge-score profiler config. */
export type JudgeScoreProfilerConfig = z.output<typeof JudgeScoreProfilerConfigSchema>;

/** Any column config: a built-in one, or a plugin's (which has at least the common fields). */
export type ColumnConfig = BuiltinColumnConfig | (ColumnConfigBase & Record<string, unknown>);

/** A seed source (built-in or plugin), with its `seed_type`. */
export type SeedSource = { seed_type: string } & Record<string, unknown>;

/** How the seed dataset is read. */
export interface SeedConfig {
  source: SeedSource;
  sampling_strategy: 'ordered' | 'shuffle';
  selection_strategy: { start: number; end: number } | { index: number; num_partitions: number } | null;
}

/** Any processor config (built-in or plugin). */
export type ProcessorConfig = { name: string; processor_type: string } & Record<string, unknown>;

/** A constraint on sampler columns. */
export type { ConstraintConfig } from './constraints/index.js';

/** The dataset config: columns, models, tools, seed, constraints, profilers, processors. */
export interface DataDesignerConfig {
  columns: ColumnConfig[];
  model_configs: z.output<typeof ModelConfigSchema>[] | null;
  tool_configs: z.output<typeof ToolConfigSchema>[] | null;
  seed_config: SeedConfig | null;
  constraints: z.output<typeof ConstraintConfigSchema>[] | null;
  profilers: JudgeScoreProfilerConfig[] | null;
  processors: ProcessorConfig[] | null;
}

/** The file wrapper written by `write_config`. */
export interface BuilderConfig {
  data_designer: DataDesignerConfig;
  library_version: string;
}

function checkColumn(column: ColumnConfigBase & Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  if (!column.skip) return;
  const own = new Set([column.name, ...sideEffectColumnsOf(column as never)]);
  const selfRefs = findTemplateReferences(column.skip.when).filter((name) => own.has(name));
  if (selfRefs.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['skip', 'when'],
      input: column.skip.when,
      message: `skip.when of column '${column.name}' refers to the column itself (${selfRefs.join(', ')}); a column cannot be skipped based on its own value`,
    });
  }
}

function checkSubcategoryParents(columns: ReadonlyArray<Record<string, unknown>>, ctx: z.core.$RefinementCtx): void {
  columns.forEach((column, index) => {
    if (column.column_type !== 'sampler' || column.sampler_type !== 'subcategory') return;
    const parentName = (column.params as { category?: string }).category;
    const parent = columns.find((candidate) => candidate.name === parentName);
    if (!parent || (parent.column_type === 'sampler' && parent.sampler_type === 'category')) return;
    const kind = parent.column_type === 'sampler' ? `a sampler column with sampler_type='${String(parent.sampler_type)}'` : `a '${String(parent.column_type)}' column`;
    ctx.addIssue({
      code: 'custom',
      path: ['columns', index, 'params', 'category'],
      input: parentName,
      message: `subcategory column '${String(column.name)}' has parent '${parentName}', which is ${kind}; the parent of a subcategory must be a category sampler`,
    });
  });
}

type AnyObjectSchema = z.ZodType;

function discriminated(key: string, options: AnyObjectSchema[]): z.ZodType {
  return z.discriminatedUnion(key, options as unknown as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]);
}

function buildSchemas() {
  const columnOptions = [...BUILTIN_COLUMN_SCHEMAS, ...registeredPlugins('column-generator').map((plugin) => plugin.configSchema)] as AnyObjectSchema[];
  const columnSchema = z
    .preprocess(injectColumnShorthand, discriminated('column_type', columnOptions))
    .superRefine((column, ctx) => checkColumn(column as ColumnConfigBase & Record<string, unknown>, ctx)) as unknown as z.ZodType<ColumnConfig>;
  const seedSourceSchema = discriminated('seed_type', [
    ...BUILTIN_SEED_SOURCE_SCHEMAS,
    ...registeredPlugins('seed-reader').map((plugin) => plugin.configSchema),
  ] as AnyObjectSchema[]) as z.ZodType<SeedSource>;
  const seedConfigSchema = z.strictObject({
    source: seedSourceSchema,
    sampling_strategy: z.enum(['ordered', 'shuffle']).default('ordered'),
    selection_strategy: SelectionStrategySchema.nullable().default(null),
  }) as unknown as z.ZodType<SeedConfig>;
  const processorSchema = discriminated('processor_type', [
    ...BUILTIN_PROCESSOR_SCHEMAS,
    ...registeredPlugins('processor').map((plugin) => plugin.configSchema),
  ] as AnyObjectSchema[]) as z.ZodType<ProcessorConfig>;
  const configSchema = z
    .strictObject({
      columns: z.array(columnSchema),
      model_configs: z.array(ModelConfigSchema).nullable().default(null),
      tool_configs: z.array(ToolConfigSchema).nullable().default(null),
      seed_config: seedConfigSchema.nullable().default(null),
      constraints: z.array(ConstraintConfigSchema).nullable().default(null),
      profilers: z.array(JudgeScoreProfilerConfigSchema).nullable().default(null),
      processors: z.array(processorSchema).nullable().default(null),
    })
    .superRefine((config, ctx) => checkSubcategoryParents(config.columns as unknown as ReadonlyArray<Record<string, unknown>>, ctx)) as unknown as z.ZodType<
    DataDesignerConfig,
    unknown
  >;
  const builderSchema = z.strictObject({
    data_designer: configSchema,
    library_version: z
      .string()
      .nullable()
      .default(null)
      .transform((version) => version ?? LIBRARY_VERSION),
  }) as unknown as z.ZodType<BuilderConfig, unknown>;
  return { columnSchema, seedSourceSchema, seedConfigSchema, processorSchema, configSchema, builderSchema };
}

let schemas = buildSchemas();

/** Any column config, discriminated on `column_type` (plugins included; shorthand injected). */
export let ColumnConfigSchema = schemas.columnSchema;
/** Any seed source, discriminated on `seed_type` (plugins included). */
export let SeedSourceSchema = schemas.seedSourceSchema;
/** The `seed_config` object. */
export let SeedConfigSchema = schemas.seedConfigSchema;
/** Any processor config, discriminated on `processor_type` (plugins included). */
export let ProcessorConfigSchema = schemas.processorSchema;
/** The dataset config (the `data_designer` object of a file, or a bare `columns:` file). */
export let DataDesignerConfigSchema = schemas.configSchema;
/** The file wrapper `{data_designer, library_version}`. */
export let BuilderConfigSchema = schemas.builderSchema;

onPluginsChanged(() => {
  schemas = buildSchemas();
  ColumnConfigSchema = schemas.columnSchema;
  SeedSourceSchema = schemas.seedSourceSchema;
  SeedConfigSchema = schemas.seedConfigSchema;
  ProcessorConfigSchema = schemas.processorSchema;
  DataDesignerConfigSchema = schemas.configSchema;
  BuilderConfigSchema = schemas.builderSchema;
});
