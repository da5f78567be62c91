import type { z } from 'zod';
import type {
  BuiltinColumnType,
  CustomColumnConfigSchema,
  EmbeddingColumnConfigSchema,
  ExpressionColumnConfigSchema,
  ImageColumnConfigSchema,
  LLMCodeColumnConfigSchema,
  LLMJudgeColumnConfigSchema,
  LLMStructuredColumnConfigSchema,
  LLMTextColumnConfigSchema,
  PluginTypeName,
  SamplerColumnConfigSchema,
  SeedDatasetColumnConfigSchema,
  SkipConfig,
  ValidationColumnConfigSchema,
} from '../columns/index.js';
import type { ColumnInequalityConstraintSchema, ScalarInequalityConstraintSchema } from '../constraints/index.js';
import type { JudgeScoreProfilerConfigSchema } from '../data-designer-config.js';
import type { ToolConfigSchema } from '../mcp/index.js';
import type { ModelConfigSchema } from '../models/index.js';
import type { DropColumnsProcessorConfigSchema, SchemaTransformProcessorConfigSchema } from '../processors/index.js';
import type { SamplerParamsSchema, SamplerType } from '../samplers/index.js';
import type {
  AgentRolloutSeedSourceSchema,
  DirectorySeedSourceSchema,
  FileContentsSeedSourceSchema,
  HuggingFaceSeedSourceSchema,
  LocalFileSeedSourceSchema,
  SelectionStrategySchema,
} from '../seeds/index.js';
import type { ValidatorParamsSchema, VALIDATOR_TYPES } from '../validators/index.js';

/** Params of one sampler type as a user writes them, without the `sampler_type` tag (it is injected). */
export type SamplerParamsInputOf<Type extends SamplerType> = Omit<Extract<z.input<typeof SamplerParamsSchema>, { sampler_type: Type }>, 'sampler_type'>;

/** Params of one sampler type in a column: the tag may be repeated, or left out (the shorthand). */
type SamplerParamsShorthand<Type extends SamplerType> = SamplerParamsInputOf<Type> & { sampler_type?: Type };

/** A `sampler` column of one sampler type as `addColumn` accepts it. */
export type SamplerColumnInputOf<Type extends SamplerType> = Omit<
  z.input<typeof SamplerColumnConfigSchema>,
  'sampler_type' | 'params' | 'conditional_params'
> & {
  sampler_type: Type;
  params: SamplerParamsShorthand<Type>;
  conditional_params?: Record<string, SamplerParamsShorthand<Type>>;
};

/** A `sampler` column as `addColumn` accepts it (any sampler type; `params` typed by `sampler_type`). */
export type SamplerColumnConfigInput = { [Type in SamplerType]: SamplerColumnInputOf<Type> }[SamplerType];

/** A built-in validator type. */
export type ValidatorType = (typeof VALIDATOR_TYPES)[number];

/** Params of one validator type as a user writes them (the `validator_type` tag may be left out). */
export type ValidatorParamsInputOf<Type extends ValidatorType> = Omit<
  Extract<z.input<typeof ValidatorParamsSchema>, { validator_type: Type }>,
  'validator_type'
> & {
  validator_type?: Type;
};

/** A `validation` column as `addColumn` accepts it (`validator_params` typed by `validator_type`). */
export type ValidationColumnConfigInput = {
  [Type in ValidatorType]: Omit<z.input<typeof ValidationColumnConfigSchema>, 'validator_type' | 'validator_params'> & {
    validator_type: Type;
    validator_params: ValidatorParamsInputOf<Type>;
  };
}[ValidatorType];

/** Input (pre-default) shape of every built-in column type, keyed by `column_type`. */
export interface ColumnConfigInputs {
  'seed-dataset': z.input<typeof SeedDatasetColumnConfigSchema>;
  sampler: SamplerColumnConfigInput;
  'llm-text': z.input<typeof LLMTextColumnConfigSchema>;
  'llm-code': z.input<typeof LLMCodeColumnConfigSchema>;
  'llm-structured': z.input<typeof LLMStructuredColumnConfigSchema>;
  'llm-judge': z.input<typeof LLMJudgeColumnConfigSchema>;
  embedding: z.input<typeof EmbeddingColumnConfigSchema>;
  image: z.input<typeof ImageColumnConfigSchema>;
  validation: ValidationColumnConfigInput;
  expression: z.input<typeof ExpressionColumnConfigSchema>;
  custom: z.input<typeof CustomColumnConfigSchema>;
}

/** A built-in column of one type as `addColumn` accepts it (fields with defaults are optional). */
export type ColumnInputOf<Type extends BuiltinColumnType> = ColumnConfigInputs[Type];

/** Any built-in column as `addColumn` accepts it; `column_type` must be a built-in type. */
export type ColumnConfigInput = ColumnConfigInputs[BuiltinColumnType];

/** A plugin column as `addColumn` accepts it: `column_type: pluginType('my-type')` plus the plugin's fields. */
export interface PluginColumnConfigInput {
  name: string;
  column_type: PluginTypeName;
  drop?: boolean;
  skip?: SkipConfig | null;
  propagate_skip?: boolean;
  [key: string]: unknown;
}

/** A model config as `addModelConfig` and the constructor accept it. */
export type ModelConfigInput = z.input<typeof ModelConfigSchema>;

/** A tool config as `addToolConfig` and the constructor accept it. */
export type ToolConfigInput = z.input<typeof ToolConfigSchema>;

type UntaggedConstraint<Constraint extends { constraint_type: string }> = Omit<Constraint, 'constraint_type'> & {
  constraint_type?: Constraint['constraint_type'];
};

/** A constraint as `addConstraint` accepts it (tagged, or the legacy form without `constraint_type`). */
export type ConstraintConfigInput =
  | UntaggedConstraint<z.input<typeof ScalarInequalityConstraintSchema>>
  | UntaggedConstraint<z.input<typeof ColumnInequalityConstraintSchema>>;

/** A plugin processor as `addProcessor` accepts it: `processor_type: pluginType('my-processor')` plus its fields. */
export interface PluginProcessorConfigInput {
  name: string;
  processor_type: PluginTypeName;
  [key: string]: unknown;
}

/** A processor config as `addProcessor` accepts it. */
export type ProcessorConfigInput =
  | z.input<typeof DropColumnsProcessorConfigSchema>
  | z.input<typeof SchemaTransformProcessorConfigSchema>
  | PluginProcessorConfigInput;

/** A plugin seed source as `withSeedDataset` accepts it: `seed_type: pluginType('my-reader')` plus its fields. */
export interface PluginSeedSourceInput {
  seed_type: PluginTypeName;
  [key: string]: unknown;
}

/** An in-memory seed dataset: `{ seed_type: 'df', df: rows }` (rows, or an apache-arrow Table). */
export interface DataFrameSeedSourceInput {
  seed_type: 'df';
  df: ReadonlyArray<Record<string, unknown>> | object;
}

/** A seed source as `withSeedDataset` accepts it. */
export type SeedSourceInput =
  | z.input<typeof LocalFileSeedSourceSchema>
  | DataFrameSeedSourceInput
  | z.input<typeof HuggingFaceSeedSourceSchema>
  | z.input<typeof DirectorySeedSourceSchema>
  | z.input<typeof FileContentsSeedSourceSchema>
  | z.input<typeof AgentRolloutSeedSourceSchema>
  | PluginSeedSourceInput;

/** A seed selection strategy as `withSeedDataset` accepts it. */
export type SelectionStrategyInput = z.input<typeof SelectionStrategySchema>;

/** A judge-score profiler as `addProfiler` accepts it. */
export type JudgeScoreProfilerConfigInput = z.input<typeof JudgeScoreProfilerConfigSchema>;

/** `snake_case` → `camelCase`, at the type level. */
export type CamelCase<Text extends string> = Text extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Text;

/** An object type with its top-level keys in camelCase (nested objects keep the wire names). */
export type CamelCaseKeys<Shape> = Shape extends unknown ? { [Key in keyof Shape as Key extends string ? CamelCase<Key> : Key]: Shape[Key] } : never;

/** `Omit` applied to each member of a union. */
type DistributiveOmit<Shape, Key extends PropertyKey> = Shape extends unknown ? Omit<Shape, Key> : never;

/** Options of a typed `add…Column` helper: the column's input fields in camelCase, without `column_type`. */
export type ColumnOptionsOf<Type extends BuiltinColumnType> = CamelCaseKeys<DistributiveOmit<ColumnInputOf<Type>, 'column_type'>>;
