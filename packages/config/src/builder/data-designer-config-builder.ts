import {
  ColumnConfigSchema,
  DataDesignerConfigSchema,
  JudgeScoreProfilerConfigSchema,
  ProcessorConfigSchema,
  SeedConfigSchema,
  type ColumnConfig,
  type DataDesignerConfig,
  type JudgeScoreProfilerConfig,
  type ProcessorConfig,
  type SeedConfig,
} from '../data-designer-config.js';
import { ConstraintConfigSchema, type ConstraintConfig } from '../constraints/index.js';
import { ModelConfigSchema, type ModelConfig } from '../models/index.js';
import { ToolConfigSchema, type ToolConfig } from '../mcp/index.js';
import { BuilderConfigurationError, ConfigValidationError } from '../errors/index.js';
import { loadConfig, type ConfigSourceInput } from '../io/load-config.js';
import { saveConfig } from '../io/dump-config.js';
import { globToRegExp, prototypeKeyIssues, sideEffectColumnsOf, zodIssuesToConfigIssues, type DependencyColumn } from '../validation/index.js';
import type { z } from 'zod';
import type { ExpressionColumnConfigSchema, LLMTextColumnConfigSchema } from '../columns/index.js';
import type { SamplerParamsSchema, SamplerType } from '../samplers/index.js';
import type { BuilderConfig } from '../data-designer-config.js';
import { LIBRARY_VERSION } from '../version.js';
import { readHomeModelConfigs } from './read-home-model-configs.js';

/** Params of one sampler type as a user writes them, without the `sampler_type` tag (it is injected). */
export type SamplerParamsInputOf<Type extends SamplerType> = Omit<Extract<z.input<typeof SamplerParamsSchema>, { sampler_type: Type }>, 'sampler_type'>;

/** Options of `addSamplerColumn`: camelCase names for the wire fields of a `sampler` column. */
export interface SamplerColumnOptions<Type extends SamplerType> {
  name: string;
  samplerType: Type;
  params: SamplerParamsInputOf<Type>;
  /** Params used instead of `params` when a condition (a Jinja expression) holds. */
  conditionalParams?: Record<string, SamplerParamsInputOf<Type>>;
  convertTo?: string | null;
  drop?: boolean;
}

type ExpressionInput = z.input<typeof ExpressionColumnConfigSchema>;
type LLMTextInput = z.input<typeof LLMTextColumnConfigSchema>;

/** Options of `addExpressionColumn` (an `expression` column). */
export interface ExpressionColumnOptions {
  name: string;
  expr: string;
  dtype?: ExpressionInput['dtype'];
  drop?: boolean;
}

/** Options of `addLlmTextColumn` (an `llm-text` column). */
export interface LLMTextColumnOptions {
  name: string;
  prompt: string;
  modelAlias: string;
  systemPrompt?: string | null;
  toolAlias?: string | null;
  withTrace?: LLMTextInput['with_trace'];
  extractReasoningContent?: boolean;
  drop?: boolean;
}

/** Copies only the defined entries (so schema defaults apply to the rest). */
function definedEntries(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

function parseOrThrow<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown): T {
  const prototypeIssues = prototypeKeyIssues(value);
  if (prototypeIssues.length > 0) throw new ConfigValidationError(prototypeIssues);
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigValidationError(zodIssuesToConfigIssues(result.error, value));
  return result.data;
}

/** Fluent builder of a `DataDesignerConfig`; accepts the wire (snake_case) shapes of the original. */
export class DataDesignerConfigBuilder {
  private readonly columns = new Map<string, ColumnConfig>();
  private modelConfigList: ModelConfig[];
  private toolConfigList: ToolConfig[];
  private processors: ProcessorConfig[] = [];
  private constraints: ConstraintConfig[] = [];
  private profilers: JudgeScoreProfilerConfig[] = [];
  private seedConfig: SeedConfig | null = null;

  /** Model configs given, else those of `<home>/model_configs.yaml` (or none). */
  constructor(options: { modelConfigs?: readonly unknown[] | null; toolConfigs?: readonly unknown[] | null } = {}) {
    const models = options.modelConfigs && options.modelConfigs.length > 0 ? options.modelConfigs : readHomeModelConfigs();
    this.modelConfigList = models.map((model) => parseOrThrow(ModelConfigSchema, model) as ModelConfig);
    this.toolConfigList = (options.toolConfigs ?? []).map((tool) => parseOrThrow(ToolConfigSchema, tool) as ToolConfig);
  }

  /** A builder holding an existing config (file path, text, URL or object), re-added piece by piece. */
  static async fromConfig(source: ConfigSourceInput): Promise<DataDesignerConfigBuilder> {
    const config = await loadConfig(source);
    const builder = new DataDesignerConfigBuilder({ modelConfigs: config.model_configs, toolConfigs: config.tool_configs });
    for (const column of config.columns) builder.addColumn(column);
    for (const constraint of config.constraints ?? []) builder.addConstraint(constraint);
    if (config.seed_config) {
      const { source, sampling_strategy: samplingStrategy, selection_strategy: selectionStrategy } = config.seed_config;
      builder.withSeedDataset(source, { samplingStrategy, selectionStrategy });
    }
    for (const processor of config.processors ?? []) builder.addProcessor(processor);
    for (const profiler of config.profilers ?? []) builder.addProfiler(profiler);
    return builder;
  }

  /** Current model configs. */
  get modelConfigs(): readonly ModelConfig[] {
    return this.modelConfigList;
  }

  /** Current tool configs. */
  get toolConfigs(): readonly ToolConfig[] {
    return this.toolConfigList;
  }

  /** Adds a column; a column of the same name is replaced in place (it keeps its position). */
  addColumn(column: Record<string, unknown> | ColumnConfig): this {
    const parsed = parseOrThrow(ColumnConfigSchema, column) as ColumnConfig;
    this.columns.set(parsed.name, parsed);
    return this;
  }

  /** Adds a `sampler` column from camelCase options (`params` need not repeat the sampler type). */
  addSamplerColumn<Type extends SamplerType>(options: SamplerColumnOptions<Type>): this {
    return this.addColumn(
      definedEntries({
        name: options.name,
        column_type: 'sampler',
        sampler_type: options.samplerType,
        params: options.params,
        conditional_params: options.conditionalParams,
        convert_to: options.convertTo,
        drop: options.drop,
      }),
    );
  }

  /** Adds an `expression` column (a Jinja expression over other columns). */
  addExpressionColumn(options: ExpressionColumnOptions): this {
    return this.addColumn(definedEntries({ name: options.name, column_type: 'expression', expr: options.expr, dtype: options.dtype, drop: options.drop }));
  }

  /** Adds an `llm-text` column from camelCase options. */
  addLlmTextColumn(options: LLMTextColumnOptions): this {
    return this.addColumn(
      definedEntries({
        name: options.name,
        column_type: 'llm-text',
        prompt: options.prompt,
        model_alias: options.modelAlias,
        system_prompt: options.systemPrompt,
        tool_alias: options.toolAlias,
        with_trace: options.withTrace,
        extract_reasoning_content: options.extractReasoningContent,
        drop: options.drop,
      }),
    );
  }

  /** Removes a column (seed-dataset columns cannot be removed; unknown names are ignored). */
  deleteColumn(name: string): this {
    if (this.columns.get(name)?.column_type === 'seed-dataset') {
      throw new BuilderConfigurationError(`Seed-dataset column '${name}' cannot be deleted.`, { fix: 'Drop it with drop: true or a drop_columns processor.' });
    }
    this.columns.delete(name);
    return this;
  }

  /** The column of that name; throws when absent. */
  getColumnConfig(name: string): ColumnConfig {
    const column = this.columns.get(name);
    if (!column) throw new BuilderConfigurationError(`No column named '${name}'.`, { fix: `Known columns: ${[...this.columns.keys()].join(', ') || 'none'}.` });
    return column;
  }

  /** Every column, in order. */
  getColumnConfigs(): ColumnConfig[] {
    return [...this.columns.values()];
  }

  /** Columns of one `column_type`. */
  getColumnsOfType(columnType: string): ColumnConfig[] {
    return this.getColumnConfigs().filter((column) => column.column_type === columnType);
  }

  /** Columns of every type but one. */
  getColumnsExcludingType(columnType: string): ColumnConfig[] {
    return this.getColumnConfigs().filter((column) => column.column_type !== columnType);
  }

  /** How many columns have that `column_type`. */
  numColumnsOfType(columnType: string): number {
    return this.getColumnsOfType(columnType).length;
  }

  /** Names a template may refer to: column names, then their side-effect columns (e.g. `<name>__trace`). */
  get allowedReferences(): string[] {
    const names = [...this.columns.keys()];
    const sideEffects = this.getColumnConfigs().flatMap((column) => sideEffectColumnsOf(column as DependencyColumn));
    return [...names, ...new Set([...names, ...sideEffects])];
  }

  /** Adds a model config; a duplicate alias is an error. */
  addModelConfig(modelConfig: Record<string, unknown> | ModelConfig): this {
    const parsed = parseOrThrow(ModelConfigSchema, modelConfig) as ModelConfig;
    if (this.modelConfigList.some((model) => model.alias === parsed.alias)) {
      throw new BuilderConfigurationError(`A model config with alias '${parsed.alias}' already exists.`, { fix: 'Use another alias or delete the existing one first.' });
    }
    this.modelConfigList.push(parsed);
    return this;
  }

  /** Removes every model config with that alias. */
  deleteModelConfig(alias: string): this {
    this.modelConfigList = this.modelConfigList.filter((model) => model.alias !== alias);
    return this;
  }

  /** Adds a tool config; a duplicate alias is an error. */
  addToolConfig(toolConfig: Record<string, unknown> | ToolConfig): this {
    const parsed = parseOrThrow(ToolConfigSchema, toolConfig) as ToolConfig;
    if (this.toolConfigList.some((tool) => tool.tool_alias === parsed.tool_alias)) {
      throw new BuilderConfigurationError(`A tool config with alias '${parsed.tool_alias}' already exists.`);
    }
    this.toolConfigList.push(parsed);
    return this;
  }

  /** Removes the tool config with that alias (unknown aliases are ignored). */
  deleteToolConfig(alias: string): this {
    this.toolConfigList = this.toolConfigList.filter((tool) => tool.tool_alias !== alias);
    return this;
  }

  /** The tool config with that alias; throws when absent. */
  getToolConfig(alias: string): ToolConfig {
    const tool = this.toolConfigList.find((candidate) => candidate.tool_alias === alias);
    if (!tool) {
      throw new BuilderConfigurationError(`No tool config with alias '${alias}'.`, {
        fix: `Known tool aliases: ${this.toolConfigList.map((candidate) => candidate.tool_alias).join(', ') || 'none'}.`,
      });
    }
    return tool;
  }

  /** Adds a constraint (tagged, or the legacy untagged shape). */
  addConstraint(constraint: Record<string, unknown> | ConstraintConfig): this {
    this.constraints.push(parseOrThrow(ConstraintConfigSchema, constraint) as ConstraintConfig);
    return this;
  }

  /** Constraints on one target column. */
  getConstraints(targetColumn: string): ConstraintConfig[] {
    return this.constraints.filter((constraint) => constraint.target_column === targetColumn);
  }

  /** Removes every constraint on one target column. */
  deleteConstraints(targetColumn: string): this {
    this.constraints = this.constraints.filter((constraint) => constraint.target_column !== targetColumn);
    return this;
  }

  /**
   * Adds a processor, replacing one of the same name. A drop_columns processor marks the columns it
   * matches (globs included) `drop: true`; replacing it reverts marks no other drop processor sets.
   */
  addProcessor(processor: Record<string, unknown> | ProcessorConfig): this {
    const parsed = parseOrThrow(ProcessorConfigSchema, processor) as ProcessorConfig;
    const previous = this.processors.find((existing) => existing.name === parsed.name);
    this.processors = this.processors.filter((existing) => existing.name !== parsed.name);
    if (previous?.processor_type === 'drop_columns') {
      const stillDropped = new Set(this.processors.flatMap((other) => (other.processor_type === 'drop_columns' ? this.matchColumns(other.column_names as string[]) : [])));
      for (const name of this.matchColumns(previous.column_names as string[])) {
        const column = this.columns.get(name);
        if (column && !stillDropped.has(name)) column.drop = false;
      }
    }
    this.processors.push(parsed);
    if (parsed.processor_type === 'drop_columns') {
      for (const name of this.matchColumns(parsed.column_names as string[])) {
        const column = this.columns.get(name);
        if (column) column.drop = true;
      }
    }
    return this;
  }

  private matchColumns(patterns: readonly string[]): string[] {
    const names = [...this.columns.keys()];
    return patterns.flatMap((pattern) => names.filter((name) => globToRegExp(pattern).test(name)));
  }

  /** Processors, in order. */
  getProcessorConfigs(): ProcessorConfig[] {
    return [...this.processors];
  }

  /** Adds a judge-score profiler. */
  addProfiler(profiler: Record<string, unknown> | JudgeScoreProfilerConfig): this {
    this.profilers.push(parseOrThrow(JudgeScoreProfilerConfigSchema, profiler) as JudgeScoreProfilerConfig);
    return this;
  }

  /** Profilers, in order. */
  getProfilers(): JudgeScoreProfilerConfig[] {
    return [...this.profilers];
  }

  /** Sets the seed dataset (its columns join the config at generation time); an array of records is an in-memory seed. */
  withSeedDataset(
    source: Record<string, unknown> | ReadonlyArray<Record<string, unknown>>,
    options: { samplingStrategy?: 'ordered' | 'shuffle'; selectionStrategy?: Record<string, unknown> | null } = {},
  ): this {
    this.seedConfig = parseOrThrow(SeedConfigSchema, {
      // An array of records is an in-memory seed dataset (the original's DataFrame seed).
      source: Array.isArray(source) ? { seed_type: 'df', df: source } : source,
      sampling_strategy: options.samplingStrategy ?? 'ordered',
      selection_strategy: options.selectionStrategy ?? null,
    }) as SeedConfig;
    return this;
  }

  /** The seed config, when set. */
  getSeedConfig(): SeedConfig | null {
    return this.seedConfig;
  }

  /** A validated `DataDesignerConfig` of everything added so far (duplicate `allow_tools` entries are refused). */
  build(): DataDesignerConfig {
    for (const tool of this.toolConfigList) {
      const seen = new Set<string>();
      const duplicates = new Set((tool.allow_tools ?? []).filter((name) => (seen.has(name) ? true : (seen.add(name), false))));
      if (duplicates.size > 0) {
        throw new BuilderConfigurationError(`Tool config '${tool.tool_alias}' lists tools more than once in allow_tools: ${[...duplicates].join(', ')}.`, {
          fix: 'List each allowed tool once.',
        });
      }
    }
    return parseOrThrow(DataDesignerConfigSchema, {
      columns: this.getColumnConfigs(),
      model_configs: this.modelConfigList,
      tool_configs: this.toolConfigList,
      seed_config: this.seedConfig,
      constraints: this.constraints.length > 0 ? this.constraints : null,
      profilers: this.profilers.length > 0 ? this.profilers : null,
      processors: this.processors.length > 0 ? this.processors : null,
    }) as DataDesignerConfig;
  }

  /** The file wrapper `{data_designer, library_version}` of `build()`. */
  getBuilderConfig(): BuilderConfig {
    return { data_designer: this.build(), library_version: LIBRARY_VERSION };
  }

  /** Writes the config in the original's file format (.yaml, .yml or .json). */
  async writeConfig(filePath: string): Promise<void> {
    await saveConfig(this.build(), filePath);
  }
}
