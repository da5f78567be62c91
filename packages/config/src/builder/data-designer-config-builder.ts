import type { z } from 'zod';
import type { AnyColumnConfig, BuiltinColumnType } from '../columns/index.js';
import {
  configSchemas,
  JudgeScoreProfilerConfigSchema,
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
import { globToRegExp, prototypeKeyIssues, sideEffectColumnsOf, zodIssuesToConfigIssues } from '../validation/index.js';
import type { SamplerType } from '../samplers/index.js';
import type { BuilderConfig } from '../data-designer-config.js';
import { LIBRARY_VERSION } from '../version.js';
import { isArrowTableLike, type ArrowTableLike } from '../seeds/arrow-table-rows.js';
import type {
  ColumnConfigInput,
  ColumnOptionsOf,
  ConstraintConfigInput,
  JudgeScoreProfilerConfigInput,
  ModelConfigInput,
  PluginColumnConfigInput,
  ProcessorConfigInput,
  SamplerParamsInputOf,
  SeedSourceInput,
  SelectionStrategyInput,
  ToolConfigInput,
} from './config-inputs.js';
import { readHomeModelConfigs } from './read-home-model-configs.js';

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

/** Options of `addExpressionColumn` (an `expression` column). */
export type ExpressionColumnOptions = ColumnOptionsOf<'expression'>;
/** Options of `addLlmTextColumn` (an `llm-text` column). */
export type LLMTextColumnOptions = ColumnOptionsOf<'llm-text'>;
/** Options of `addLlmCodeColumn` (an `llm-code` column). */
export type LLMCodeColumnOptions = ColumnOptionsOf<'llm-code'>;
/** Options of `addLlmStructuredColumn` (an `llm-structured` column). */
export type LLMStructuredColumnOptions = ColumnOptionsOf<'llm-structured'>;
/** Options of `addLlmJudgeColumn` (an `llm-judge` column). */
export type LLMJudgeColumnOptions = ColumnOptionsOf<'llm-judge'>;
/** Options of `addEmbeddingColumn` (an `embedding` column). */
export type EmbeddingColumnOptions = ColumnOptionsOf<'embedding'>;
/** Options of `addImageColumn` (an `image` column). */
export type ImageColumnOptions = ColumnOptionsOf<'image'>;
/** Options of `addValidationColumn` (a `validation` column). */
export type ValidationColumnOptions = ColumnOptionsOf<'validation'>;
/** Options of `addCustomColumn` (a `custom` column). */
export type CustomColumnOptions = ColumnOptionsOf<'custom'>;

/** `someName` → `some_name` (top-level option keys of the camelCase helpers). */
function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A column of `columnType` from camelCase options; undefined entries are left out so defaults apply. */
function columnFromOptions(columnType: BuiltinColumnType, options: object): Record<string, unknown> {
  const entries = Object.entries(options)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [snakeCase(key), value] as const);
  return { ...Object.fromEntries(entries), column_type: columnType };
}

function parseOrThrow<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError } }, value: unknown): T {
  const prototypeIssues = prototypeKeyIssues(value);
  if (prototypeIssues.length > 0) throw new ConfigValidationError(prototypeIssues);
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigValidationError(zodIssuesToConfigIssues(result.error, value));
  return result.data;
}

/** Fluent builder of a `DataDesignerConfig`; accepts the wire (snake_case) shapes of the original. */
export class DataDesignerConfigBuilder {
  private readonly columns = new Map<string, AnyColumnConfig>();
  private modelConfigList: ModelConfig[];
  private toolConfigList: ToolConfig[];
  private processors: ProcessorConfig[] = [];
  private constraints: ConstraintConfig[] = [];
  private profilers: JudgeScoreProfilerConfig[] = [];
  private seedConfig: SeedConfig | null = null;

  /** Model configs given, else those of `<home>/model_configs.yaml` (or none). */
  constructor(options: { modelConfigs?: readonly ModelConfigInput[] | null; toolConfigs?: readonly ToolConfigInput[] | null } = {}) {
    const models: readonly unknown[] = options.modelConfigs && options.modelConfigs.length > 0 ? options.modelConfigs : readHomeModelConfigs();
    this.modelConfigList = models.map((model) => parseOrThrow(ModelConfigSchema, model));
    this.toolConfigList = (options.toolConfigs ?? []).map((tool) => parseOrThrow(ToolConfigSchema, tool));
  }

  /** A builder holding an existing config (file path, text, URL or object), re-added piece by piece. */
  static async fromConfig(source: ConfigSourceInput): Promise<DataDesignerConfigBuilder> {
    const config = await loadConfig(source);
    const builder = new DataDesignerConfigBuilder({ modelConfigs: config.model_configs, toolConfigs: config.tool_configs });
    for (const column of config.columns) builder.addRawColumn(column);
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

  /**
   * Adds a column; a column of the same name is replaced in place (it keeps its position). Built-in
   * columns are typed by `column_type`; plugin columns use `column_type: pluginType('their-type')`.
   */
  addColumn(column: ColumnConfigInput | PluginColumnConfigInput | AnyColumnConfig): this {
    return this.addRawColumn(column);
  }

  /** Validates and adds a column given in any shape (the typed entry points all end here). */
  private addRawColumn(column: unknown): this {
    const parsed = parseOrThrow(configSchemas.column, column);
    this.columns.set(parsed.name, parsed);
    return this;
  }

  /** Adds a `sampler` column from camelCase options (`params` need not repeat the sampler type). */
  addSamplerColumn<Type extends SamplerType>(options: SamplerColumnOptions<Type>): this {
    return this.addRawColumn(columnFromOptions('sampler', options));
  }

  /** Adds an `expression` column (a Jinja expression over other columns). */
  addExpressionColumn(options: ExpressionColumnOptions): this {
    return this.addRawColumn(columnFromOptions('expression', options));
  }

  /** Adds an `llm-text` column from camelCase options. */
  addLlmTextColumn(options: LLMTextColumnOptions): this {
    return this.addRawColumn(columnFromOptions('llm-text', options));
  }

  /** Adds an `llm-code` column from camelCase options. */
  addLlmCodeColumn(options: LLMCodeColumnOptions): this {
    return this.addRawColumn(columnFromOptions('llm-code', options));
  }

  /** Adds an `llm-structured` column from camelCase options (`outputFormat` is a JSON schema). */
  addLlmStructuredColumn(options: LLMStructuredColumnOptions): this {
    return this.addRawColumn(columnFromOptions('llm-structured', options));
  }

  /** Adds an `llm-judge` column from camelCase options (`scores` is the rubric). */
  addLlmJudgeColumn(options: LLMJudgeColumnOptions): this {
    return this.addRawColumn(columnFromOptions('llm-judge', options));
  }

  /** Adds an `embedding` column from camelCase options. */
  addEmbeddingColumn(options: EmbeddingColumnOptions): this {
    return this.addRawColumn(columnFromOptions('embedding', options));
  }

  /** Adds an `image` column from camelCase options. */
  addImageColumn(options: ImageColumnOptions): this {
    return this.addRawColumn(columnFromOptions('image', options));
  }

  /** Adds a `validation` column from camelCase options (`validatorParams` typed by `validatorType`). */
  addValidationColumn(options: ValidationColumnOptions): this {
    return this.addRawColumn(columnFromOptions('validation', options));
  }

  /** Adds a `custom` column from camelCase options (`generatorFunction`: a function or a registered name). */
  addCustomColumn(options: CustomColumnOptions): this {
    return this.addRawColumn(columnFromOptions('custom', options));
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
  getColumnConfig(name: string): AnyColumnConfig {
    const column = this.columns.get(name);
    if (!column) throw new BuilderConfigurationError(`No column named '${name}'.`, { fix: `Known columns: ${[...this.columns.keys()].join(', ') || 'none'}.` });
    return column;
  }

  /** Every column, in order. */
  getColumnConfigs(): AnyColumnConfig[] {
    return [...this.columns.values()];
  }

  /** Columns of one `column_type`. */
  getColumnsOfType(columnType: string): AnyColumnConfig[] {
    return this.getColumnConfigs().filter((column) => column.column_type === columnType);
  }

  /** Columns of every type but one. */
  getColumnsExcludingType(columnType: string): AnyColumnConfig[] {
    return this.getColumnConfigs().filter((column) => column.column_type !== columnType);
  }

  /** How many columns have that `column_type`. */
  numColumnsOfType(columnType: string): number {
    return this.getColumnsOfType(columnType).length;
  }

  /** Names a template may refer to: column names, then their side-effect columns (e.g. `<name>__trace`). */
  get allowedReferences(): string[] {
    const names = [...this.columns.keys()];
    const sideEffects = this.getColumnConfigs().flatMap((column) => sideEffectColumnsOf(column));
    return [...names, ...new Set([...names, ...sideEffects])];
  }

  /** Adds a model config; a duplicate alias is an error. */
  addModelConfig(modelConfig: ModelConfigInput): this {
    const parsed = parseOrThrow(ModelConfigSchema, modelConfig);
    if (this.modelConfigList.some((model) => model.alias === parsed.alias)) {
      throw new BuilderConfigurationError(`A model config with alias '${parsed.alias}' already exists.`, {
        fix: 'Use another alias or delete the existing one first.',
      });
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
  addToolConfig(toolConfig: ToolConfigInput): this {
    const parsed = parseOrThrow(ToolConfigSchema, toolConfig);
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
  addConstraint(constraint: ConstraintConfigInput): this {
    this.constraints.push(parseOrThrow(ConstraintConfigSchema, constraint));
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
  addProcessor(processor: ProcessorConfigInput | ProcessorConfig): this {
    const parsed = parseOrThrow(configSchemas.processor, processor);
    const previous = this.processors.find((existing) => existing.name === parsed.name);
    this.processors = this.processors.filter((existing) => existing.name !== parsed.name);
    if (previous?.processor_type === 'drop_columns') {
      const stillDropped = new Set(
        this.processors.flatMap((other) => (other.processor_type === 'drop_columns' ? this.matchColumns(other.column_names as string[]) : [])),
      );
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
  addProfiler(profiler: JudgeScoreProfilerConfigInput): this {
    this.profilers.push(parseOrThrow(JudgeScoreProfilerConfigSchema, profiler));
    return this;
  }

  /** Profilers, in order. */
  getProfilers(): JudgeScoreProfilerConfig[] {
    return [...this.profilers];
  }

  /** Sets the seed dataset (its columns join the config at generation time); an array of records or an Arrow table is an in-memory seed. */
  withSeedDataset(
    source: SeedSourceInput | SeedConfig['source'] | ReadonlyArray<Record<string, unknown>> | ArrowTableLike,
    options: { samplingStrategy?: 'ordered' | 'shuffle'; selectionStrategy?: SelectionStrategyInput | null } = {},
  ): this {
    this.seedConfig = parseOrThrow(configSchemas.seedConfig, {
      // An array of records or an Arrow table is an in-memory seed dataset (the original's DataFrame seed).
      source: Array.isArray(source) || isArrowTableLike(source) ? { seed_type: 'df', df: source } : source,
      sampling_strategy: options.samplingStrategy ?? 'ordered',
      selection_strategy: options.selectionStrategy ?? null,
    });
    return this;
  }

  /** The seed config, when set. */
  getSeedConfig(): SeedConfig | null {
    return this.seedConfig;
  }

  /** A validated `DataDesignerConfig` of everything added so far (duplicate `allow_tools` entries are refused). */
  build(): DataDesignerConfig {
    for (const tool of this.toolConfigList) {
      const duplicates = new Set((tool.allow_tools ?? []).filter((name, index, names) => names.indexOf(name) !== index));
      if (duplicates.size > 0) {
        throw new BuilderConfigurationError(`Tool config '${tool.tool_alias}' lists tools more than once in allow_tools: ${[...duplicates].join(', ')}.`, {
          fix: 'List each allowed tool once.',
        });
      }
    }
    return parseOrThrow(configSchemas.dataDesignerConfig, {
      columns: this.getColumnConfigs(),
      model_configs: this.modelConfigList,
      tool_configs: this.toolConfigList,
      seed_config: this.seedConfig,
      constraints: this.constraints.length > 0 ? this.constraints : null,
      profilers: this.profilers.length > 0 ? this.profilers : null,
      processors: this.processors.length > 0 ? this.processors : null,
    });
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
