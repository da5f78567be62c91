import { z } from 'zod';
import { injectColumnShorthand, isPluginColumnConfig, type AnyColumnConfig } from './columns/index.js';
import { ConstraintConfigSchema } from './constraints/index.js';
import { ToolConfigSchema } from './mcp/index.js';
import { ModelConfigSchema } from './models/index.js';
import { onPluginsChanged, schemaFamilyMembers } from './plugins/plugin-registry.js';
import { intField } from './schema/index.js';
import { SelectionStrategySchema } from './seeds/index.js';
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
  /** Built-in and plugin columns; `isPluginColumnConfig` separates them so built-in ones narrow on `column_type`. */
  columns: AnyColumnConfig[];
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

function checkColumn(column: AnyColumnConfig, ctx: z.core.$RefinementCtx): void {
  if (!column.skip) return;
  const own = new Set([column.name, ...sideEffectColumnsOf(column)]);
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

function checkSubcategoryParents(columns: readonly AnyColumnConfig[], ctx: z.core.$RefinementCtx): void {
  columns.forEach((column, index) => {
    if (
      isPluginColumnConfig(column) ||
      column.column_type !== 'sampler' ||
      column.sampler_type !== 'subcategory' ||
      column.params.sampler_type !== 'subcategory'
    )
      return;
    const parentName = column.params.category;
    const parent = columns.find((candidate) => candidate.name === parentName);
    if (!parent) return;
    const parentSamplerType = !isPluginColumnConfig(parent) && parent.column_type === 'sampler' ? parent.sampler_type : undefined;
    if (parentSamplerType === 'category') return;
    const kind = parentSamplerType !== undefined ? `a sampler column with sampler_type='${parentSamplerType}'` : `a '${parent.column_type}' column`;
    ctx.addIssue({
      code: 'custom',
      path: ['columns', index, 'params', 'category'],
      input: parentName,
      message: `subcategory column '${column.name}' has parent '${parentName}', which is ${kind}; the parent of a subcategory must be a category sampler`,
    });
  });
}

/** The config's zod schemas: discriminated unions of the built-in types plus registered plugins. */
export interface ConfigSchemas {
  /** Any column config, discriminated on `column_type` (shorthand injected). */
  readonly column: z.ZodType<AnyColumnConfig>;
  /** Any seed source, discriminated on `seed_type`. */
  readonly seedSource: z.ZodType<SeedSource>;
  /** The `seed_config` object. */
  readonly seedConfig: z.ZodType<SeedConfig>;
  /** Any processor config, discriminated on `processor_type`. */
  readonly processor: z.ZodType<ProcessorConfig>;
  /** The dataset config (the `data_designer` object of a file, or a bare `columns:` file). */
  readonly dataDesignerConfig: z.ZodType<DataDesignerConfig>;
  /** The file wrapper `{data_designer, library_version}`. */
  readonly builderConfig: z.ZodType<BuilderConfig>;
}

function buildSchemas(): ConfigSchemas {
  const column = z
    .preprocess(injectColumnShorthand, z.discriminatedUnion('column_type', schemaFamilyMembers('column-generator')))
    .superRefine((value, ctx) => checkColumn(value as AnyColumnConfig, ctx)) as z.ZodType<AnyColumnConfig>;
  const seedSource = z.discriminatedUnion('seed_type', schemaFamilyMembers('seed-reader')) as z.ZodType<SeedSource>;
  const seedConfig = z.strictObject({
    source: seedSource,
    sampling_strategy: z.enum(['ordered', 'shuffle']).default('ordered'),
    selection_strategy: SelectionStrategySchema.nullable().default(null),
  });
  const processor = z.discriminatedUnion('processor_type', schemaFamilyMembers('processor')) as z.ZodType<ProcessorConfig>;
  const dataDesignerConfig = z
    .strictObject({
      columns: z.array(column),
      model_configs: z.array(ModelConfigSchema).nullable().default(null),
      tool_configs: z.array(ToolConfigSchema).nullable().default(null),
      seed_config: seedConfig.nullable().default(null),
      constraints: z.array(ConstraintConfigSchema).nullable().default(null),
      profilers: z.array(JudgeScoreProfilerConfigSchema).nullable().default(null),
      processors: z.array(processor).nullable().default(null),
    })
    .superRefine((config, ctx) => checkSubcategoryParents(config.columns, ctx));
  const builderConfig = z.strictObject({
    data_designer: dataDesignerConfig,
    library_version: z
      .string()
      .nullable()
      .default(null)
      .transform((version) => version ?? LIBRARY_VERSION),
  });
  return { column, seedSource, seedConfig, processor, dataDesignerConfig, builderConfig };
}

/**
 * Builds the config schemas from the built-in types and the plugin registry on first use, and again
 * after a plugin registration changes one of the unions. Read them as `configSchemas.column`,
 * `configSchemas.dataDesignerConfig`, ... (each read returns the current schema).
 */
export class ConfigSchemaRegistry implements ConfigSchemas {
  private built: ConfigSchemas | undefined;

  constructor() {
    onPluginsChanged(() => {
      this.built = undefined;
    });
  }

  private get current(): ConfigSchemas {
    this.built ??= buildSchemas();
    return this.built;
  }

  /** Any column config, discriminated on `column_type` (plugins included; shorthand injected). */
  get column(): z.ZodType<AnyColumnConfig> {
    return this.current.column;
  }

  /** Any seed source, discriminated on `seed_type` (plugins included). */
  get seedSource(): z.ZodType<SeedSource> {
    return this.current.seedSource;
  }

  /** The `seed_config` object. */
  get seedConfig(): z.ZodType<SeedConfig> {
    return this.current.seedConfig;
  }

  /** Any processor config, discriminated on `processor_type` (plugins included). */
  get processor(): z.ZodType<ProcessorConfig> {
    return this.current.processor;
  }

  /** The dataset config (the `data_designer` object of a file, or a bare `columns:` file). */
  get dataDesignerConfig(): z.ZodType<DataDesignerConfig> {
    return this.current.dataDesignerConfig;
  }

  /** The file wrapper `{data_designer, library_version}`. */
  get builderConfig(): z.ZodType<BuilderConfig> {
    return this.current.builderConfig;
  }
}

/** The config schemas of this process (built-in types plus registered plugins). */
export const configSchemas: ConfigSchemas = new ConfigSchemaRegistry();
