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
import { globToRegExp, zodIssuesToConfigIssues } from '../validation/index.js';
import { readHomeModelConfigs } from './read-home-model-configs.js';

function parseOrThrow<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown): T {
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
    if (config.seed_config) builder.seedConfig = config.seed_config;
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

  /** Adds a constraint (tagged, or the legacy untagged shape). */
  addConstraint(constraint: Record<string, unknown> | ConstraintConfig): this {
    this.constraints.push(parseOrThrow(ConstraintConfigSchema, constraint) as ConstraintConfig);
    return this;
  }

  /** Constraints on one target column. */
  getConstraints(targetColumn: string): ConstraintConfig[] {
    return this.constraints.filter((constraint) => constraint.target_column === targetColumn);
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

  /** Sets the seed dataset (its columns join the config at generation time). */
  withSeedDataset(
    source: Record<string, unknown>,
    options: { samplingStrategy?: 'ordered' | 'shuffle'; selectionStrategy?: Record<string, unknown> | null } = {},
  ): this {
    this.seedConfig = parseOrThrow(SeedConfigSchema, {
      source,
      sampling_strategy: options.samplingStrategy ?? 'ordered',
      selection_strategy: options.selectionStrategy ?? null,
    }) as SeedConfig;
    return this;
  }

  /** The seed config, when set. */
  getSeedConfig(): SeedConfig | null {
    return this.seedConfig;
  }

  /** A validated `DataDesignerConfig` of everything added so far. */
  build(): DataDesignerConfig {
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

  /** Writes the config in the original's file format (.yaml, .yml or .json). */
  async writeConfig(filePath: string): Promise<void> {
    await saveConfig(this.build(), filePath);
  }
}
