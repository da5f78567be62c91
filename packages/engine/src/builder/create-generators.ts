import {
  isPluginColumnConfig,
  RunConfigSchema,
  skipColumnsOf,
  type AnyColumnConfig,
  type DataDesignerConfig,
  type RunConfig,
  type SamplerColumnConfig,
  type SeedDatasetColumnConfig,
} from '@dd/config';
import { createEmbeddingColumnGenerator, createImageColumnGenerator, createLlmColumnGenerator, type ImageMediaStorage } from '../columns/llm/index.js';
import type { ModelLookup } from '../models/index.js';
import { createValidationColumnGenerator } from '../validators/index.js';
import type { ColumnGenerator } from '../columns/index.js';
import { createExpressionColumnGenerator } from '../columns/expression-column-generator.js';
import { createCustomColumnGenerator } from '../columns/custom-column-generator.js';
import { createSamplerGenerator } from '../samplers/index.js';
import { createSeedDatasetGenerator, type SeedReader } from '../seeds/index.js';
import { createSkipEvaluator } from '../skip/index.js';
import { evaluateCondition } from '../templates/index.js';
import { resolveColumnGeneratorPlugin } from '../plugins/index.js';
import { UnsupportedColumnError } from './unsupported-column-error.js';
import { SkippedCells, withSkip } from './with-skip.js';

/** What generators need besides their column configs. */
export interface GeneratorResources {
  /** Seed for reproducible samplers and shuffles. */
  seed?: number;
  /** Open reader of the seed dataset, when the config has one. */
  seedReader?: SeedReader;
  /** Folder of managed person datasets (`person` sampler). */
  personDatasetPath?: string;
  /** Models by alias, for llm-*, embedding and image columns. */
  models?: ModelLookup;
  /** Run options the model columns read. */
  runConfig?: RunConfig;
  /** Where image columns save images (create); without it images stay base64 (preview). */
  mediaStorage?: ImageMediaStorage;
  /** Told about every `skip.when` that fails to evaluate (the cell is skipped, fail-safe). */
  onSkipError?: (column: string, error: Error) => void;
}

/**
 * One generator per compiled config (engine-spec §1.3): all seed columns fused into one batch
 * generator, all sampler columns into another, then every other column in DAG order, each wrapped
 * with its skip / propagate semantics when it can be skipped.
 */
export function createGenerators(config: DataDesignerConfig, orderedColumns: readonly AnyColumnConfig[], resources: GeneratorResources): ColumnGenerator[] {
  const generators: ColumnGenerator[] = [];
  const seedColumns = orderedColumns.filter(
    (column): column is SeedDatasetColumnConfig => !isPluginColumnConfig(column) && column.column_type === 'seed-dataset',
  );
  const samplerColumns = orderedColumns.filter((column): column is SamplerColumnConfig => !isPluginColumnConfig(column) && column.column_type === 'sampler');

  if (seedColumns.length > 0) {
    if (!resources.seedReader) {
      throw new UnsupportedColumnError('Seed-dataset columns need a seed_config.', { fix: 'Add a seed_config to the config.' });
    }
    generators.push(
      createSeedDatasetGenerator(
        resources.seedReader,
        seedColumns.map((column) => column.name),
      ),
    );
  }
  if (samplerColumns.length > 0) {
    generators.push(
      createSamplerGenerator({
        columns: samplerColumns,
        constraints: config.constraints ?? [],
        seed: resources.seed,
        evaluateCondition,
        personDatasetPath: resources.personDatasetPath,
      }),
    );
  }

  const skipped = new SkippedCells();
  const skippable = new Set<string>();
  for (const column of orderedColumns) {
    if (column.column_type === 'sampler' || column.column_type === 'seed-dataset') continue;
    const generator = createColumnGenerator(column, resources);
    const required = [...generator.requiredColumns];
    const propagates = column.propagate_skip && required.some((name) => skippable.has(name));
    if (column.skip || propagates) {
      for (const name of generator.columns) skippable.add(name);
      generators.push(
        withSkip(generator, {
          decide: createSkipEvaluator(column, required, { onError: resources.onSkipError && ((error) => resources.onSkipError?.(column.name, error)) }),
          skipValue: column.skip?.value ?? null,
          skipped,
          skipColumns: skipColumnsOf(column),
        }),
      );
    } else {
      generators.push(generator);
    }
  }
  return generators;
}

function requireModels(column: AnyColumnConfig, resources: GeneratorResources): ModelLookup {
  if (!resources.models) {
    throw new UnsupportedColumnError(`Column '${column.name}' (${column.column_type}) needs models, but no model registry was given.`, {
      fix: 'Add model_configs to the config and run it through DataDesigner (which registers the model providers).',
    });
  }
  return resources.models;
}

function createColumnGenerator(column: AnyColumnConfig, resources: GeneratorResources): ColumnGenerator {
  if (isPluginColumnConfig(column)) {
    const plugin = resolveColumnGeneratorPlugin(column.column_type);
    if (plugin) return plugin(column);
    throw new UnsupportedColumnError(`Column '${column.name}' has type '${column.column_type}', for which no generator is installed.`, {
      fix: 'Install the plugin that provides this column type (its package must declare dataDesigner.plugins).',
    });
  }
  const runConfig = resources.runConfig ?? RunConfigSchema.parse({});
  switch (column.column_type) {
    case 'expression':
      return createExpressionColumnGenerator(column, { dialect: runConfig.jinja_rendering_engine });
    case 'custom':
      return createCustomColumnGenerator(column, { models: resources.models, runConfig });
    case 'llm-text':
    case 'llm-code':
    case 'llm-structured':
    case 'llm-judge':
      return createLlmColumnGenerator(column, { models: requireModels(column, resources), runConfig });
    case 'embedding':
      return createEmbeddingColumnGenerator(column, { models: requireModels(column, resources) });
    case 'image':
      return createImageColumnGenerator(column, {
        models: requireModels(column, resources),
        mediaStorage: resources.mediaStorage,
        jinjaRenderingEngine: runConfig.jinja_rendering_engine,
      });
    case 'validation':
      return createValidationColumnGenerator(column);
    case 'sampler':
    case 'seed-dataset':
      throw new UnsupportedColumnError(
        `Column '${column.name}' (${column.column_type}) is generated by the fused ${column.column_type} generator, not on its own.`,
      );
  }
}
