import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  collapseRepeatedColumns,
  ConfigValidationError,
  dataDesignerHome,
  DataDesignerConfigBuilder,
  defaultModelConfigsByAlias,
  DEFAULT_MODEL_PROVIDERS,
  InvalidConfigError,
  LIBRARY_VERSION,
  MCPProviderConfigSchema,
  ModelConfigSchema,
  parseEntryListText,
  zodIssuesToConfigIssues,
  type ConfigIssue,
  type EntryParseResult,
  type MCPProviderConfig,
  type ModelConfig,
  loadConfig,
  ModelProviderSchema,
  RunConfigSchema,
  type ModelProvider,
  type DataDesignerConfig,
  type RunConfig,
  type Violation,
} from '@dd/config';
import {
  createDataset,
  checkModels,
  createDatasetDistributed,
  customColumnModels,
  McpProviderSession,
  ModelRegistry,
  registerSeedReaderPlugin,
  type CheckModelsResult,
  type CustomColumnModels,
  type SeedRowsLoader,
  LocalArtifactStorage,
  previewDataset,
  profileDataset,
  ProfilingInstance,
  RequestAdmissionController,
  beginRunTelemetry,
  MissingOptionalPackageError,
  type DatasetProfile,
  validateForGeneration,
  type GenerationEvent,
  type ResumeMode,
  type Row,
  type RunTelemetry,
} from '@dd/engine';
import { writeDefaultModelFiles } from './commands/config/write-default-model-files.js';
import { writeHtmlReport } from './report/index.js';
import { CompositeWorkflow } from './workflow/index.js';
import { defaultSecretResolver, secretEnvironment, type SecretResolver } from './secrets/index.js';
import { DatasetCreationResults } from './results/dataset-creation-results.js';
import { PreviewResults } from './results/preview-results.js';
import { CLI_VERSION } from './version.js';

/** The run config's default `otel_metrics_port`: when it is busy the run says so at info level only. */
const DEFAULT_OTEL_METRICS_PORT = 9464;

/** Anything a config can come from: a builder, a parsed config, a file path, YAML/JSON text or a URL. */
export type ConfigSource = DataDesignerConfigBuilder | DataDesignerConfig | string | Record<string, unknown>;

/** Options of `DataDesigner.create`. */
export interface CreateOptions {
  /** Records to generate. @default 10 */
  numRecords?: number;
  /** Folder name of the dataset under the artifact path. @default 'dataset' */
  datasetName?: string;
  /** Resume an interrupted run: never | always | if_possible. @default 'never' */
  resume?: ResumeMode;
  /** Overrides the instance's artifact path for this call. */
  artifactPath?: string;
  /** Seed for reproducible samplers. */
  seed?: number;
  /** Progress and lifecycle events. */
  onEvent?: (event: GenerationEvent) => void;
  /** Called with the parquet file of each row group once it is written (the original's `on_batch_complete`); a throw fails the run. */
  onBatchComplete?: (batchPath: string) => void;
  /** Stops admitting work; finished row groups stay on disk. */
  signal?: AbortSignal;
  /** Profile the dataset and write `analysis/profile.json` and `analysis/report.html`. @default true */
  analyze?: boolean;
}

/** Options of `DataDesigner.preview`. */
export interface PreviewOptions {
  /** Records to generate (one row group). @default 10 */
  numRecords?: number;
  /** Profile the records into `PreviewResults.analysis`, as the original does. @default true */
  analyze?: boolean;
  /** Seed for reproducible samplers. */
  seed?: number;
  /** Progress and lifecycle events. */
  onEvent?: (event: GenerationEvent) => void;
}

/** Options of the `DataDesigner` constructor. */
export interface DataDesignerOptions {
  /** Run options; fields left out take their defaults. */
  runConfig?: Partial<RunConfig>;
  /**
   * Model providers (snake_case, as in `model_providers.yaml`). Default: the `providers:` of
   * `<DATA_DESIGNER_HOME or ~/.data-designer>/model_providers.yaml`, else the built-ins.
   */
  modelProviders?: ReadonlyArray<Partial<ModelProvider> & { name: string; endpoint: string }>;
  /** How API key references (e.g. `NVIDIA_API_KEY`) become keys. @default the environment, then the reference as a literal key */
  secretResolver?: SecretResolver;
  /** MCP providers the tool configs name. @default the `providers:` of `<home>/mcp_providers.yaml` */
  mcpProviders?: ReadonlyArray<{ name: string; provider_type: string }>;
  /** Extra seed readers by `seed_type` (registered process-wide, like seed-reader plugins). */
  seedReaders?: ReadonlyArray<{ seedType: string; loadRows: SeedRowsLoader }>;
  /** Root of managed assets (person datasets). @default $DATA_DESIGNER_MANAGED_ASSETS_PATH or <home>/managed-assets */
  managedAssetsPath?: string;
  /**
   * Distributed generation: `create` enqueues row groups on this Redis for `data-designer worker`
   * processes instead of generating them here. Without it, everything runs in this process.
   */
  queue?: DistributedQueueOptions;
}

/** Where a distributed `create` enqueues its row groups. */
export interface DistributedQueueOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  redis: string;
  /** Queue name (workers must use the same). @default 'data-designer' */
  name?: string;
  /** Key prefix. @default 'dd' */
  prefix?: string;
}

export { dataDesignerHome };

/** Providers from `<home>/model_providers.yaml`, or the built-in nvidia / openai / openrouter ones. */
export function defaultModelProviders(): ModelProvider[] {
  const file = path.join(dataDesignerHome(), 'model_providers.yaml');
  if (existsSync(file)) {
    const providers = parseEntryListText(readFileSync(file, 'utf8'), {
      source: file,
      listKey: 'providers',
      parseEntry: (entry) => ModelProviderSchema.safeParse(entry) as EntryParseResult<ModelProvider>,
      fix: 'Fix the entry (`data-designer config providers update`), or run `data-designer config reset` to restore the defaults.',
    });
    if (providers.length > 0) return providers;
  }
  return DEFAULT_MODEL_PROVIDERS.map((provider) => ModelProviderSchema.parse(provider));
}

/** Validates the `modelProviders` option, reporting every problem at once with its path. */
function parseModelProviderOption(providers: ReadonlyArray<unknown>): ModelProvider[] {
  const issues: ConfigIssue[] = [];
  const parsed = providers.flatMap((provider, index) => {
    const result = ModelProviderSchema.safeParse(provider);
    if (result.success) return [result.data as ModelProvider];
    issues.push(...zodIssuesToConfigIssues(result.error, provider, { pathPrefix: ['modelProviders', index] }));
    return [];
  });
  if (issues.length > 0) throw new ConfigValidationError(issues, { source: 'DataDesigner modelProviders option' });
  return parsed;
}

/** The library entry point: validate, preview and create datasets from configs. */
export class DataDesigner {
  /** Root under which `create` writes dataset folders. */
  readonly artifactPath: string;
  /** Providers the model configs may name. */
  readonly modelProviders: readonly ModelProvider[];
  private runConfigValue: RunConfig;
  /** One adaptive admission controller per instance, shared by its runs (engine-spec §4.7). */
  private readonly requestAdmission: RequestAdmissionController;
  /** Distributed queue, when `create` runs on workers. */
  readonly queue: DistributedQueueOptions | undefined;
  /** Resolves API key references. */
  readonly secretResolver: SecretResolver;
  /** MCP providers given to the constructor (undefined: read from the home folder per run). */
  readonly mcpProviders: readonly MCPProviderConfig[] | undefined;
  /** Root of managed assets (person datasets under `datasets/`). */
  readonly managedAssetsPath: string;
  private readonly openRegistries: ModelRegistry[] = [];

  constructor(artifactPath: string = path.resolve('artifacts'), options: DataDesignerOptions = {}) {
    seedDefaultModelFiles();
    this.artifactPath = path.resolve(artifactPath);
    this.runConfigValue = RunConfigSchema.parse(options.runConfig ?? {});
    this.modelProviders = options.modelProviders ? parseModelProviderOption(options.modelProviders) : defaultModelProviders();
    this.requestAdmission = new RequestAdmissionController({ tuning: this.runConfigValue.request_admission ?? undefined });
    this.queue = options.queue;
    this.secretResolver = options.secretResolver ?? defaultSecretResolver();
    this.mcpProviders = options.mcpProviders?.map((provider, index) => parseMcpProvider(provider, index));
    this.managedAssetsPath = path.resolve(
      options.managedAssetsPath ?? process.env.DATA_DESIGNER_MANAGED_ASSETS_PATH ?? path.join(dataDesignerHome(), 'managed-assets'),
    );
    for (const reader of options.seedReaders ?? []) registerSeedReaderPlugin(reader.seedType, reader.loadRows);
  }

  /** What the engine needs of this instance for a run: providers, keys, MCP, admission, assets. */
  private runResources() {
    return {
      modelProviders: this.modelProviders,
      requestAdmission: this.requestAdmission,
      env: secretEnvironment(this.secretResolver),
      managedAssetsPath: this.managedAssetsPath,
      ...(this.mcpProviders ? { mcpProviders: this.mcpProviders } : {}),
    };
  }

  /** What this instance is set up with (the original's `info`); API keys are masked. */
  info(): DataDesignerInfo {
    return {
      libraryVersion: LIBRARY_VERSION,
      artifactPath: this.artifactPath,
      homePath: dataDesignerHome(),
      managedAssetsPath: this.managedAssetsPath,
      modelProviders: this.modelProviders.map((provider) => ({
        name: provider.name,
        endpoint: provider.endpoint,
        providerType: provider.provider_type ?? 'openai',
        apiKey: maskApiKey(provider.api_key ?? null),
      })),
      mcpProviders: (this.mcpProviders ?? []).map((provider) => provider.name),
      defaultModelAliases: [...defaultModelConfigsByAlias().keys()],
    };
  }

  /** The default model configs: `<home>/model_configs.yaml`, else the built-ins. */
  getDefaultModelConfigs(): ModelConfig[] {
    return [...defaultModelConfigsByAlias().values()].map((entry) => entry.config);
  }

  /** The providers in use when none were given: `<home>/model_providers.yaml`, else the built-ins. */
  getDefaultModelProviders(): ModelProvider[] {
    return defaultModelProviders();
  }

  /**
   * Model facades for trying custom column functions outside a run (the original's `get_models`):
   * the same object a custom column receives as `context.models`, for the given aliases, resolved
   * from `<home>/model_configs.yaml` then the built-ins. `close()` releases their connections.
   */
  getModels(aliases: readonly string[], options: { modelConfigs?: ReadonlyArray<Record<string, unknown>> } = {}): CustomColumnModels {
    const defaults = defaultModelConfigsByAlias();
    const given = new Map((options.modelConfigs ?? []).map((model) => ModelConfigSchema.parse(model) as ModelConfig).map((model) => [model.alias, model]));
    const configs = aliases.map((alias) => {
      const found = given.get(alias) ?? defaults.get(alias)?.config;
      if (!found) {
        throw new InvalidConfigError(`getModels: no model config defines alias '${alias}' (defaults: ${[...defaults.keys()].join(', ')}).`, {
          fix: 'Pass modelConfigs with that alias, or add it to <DATA_DESIGNER_HOME>/model_configs.yaml.',
        });
      }
      return found;
    });
    const registry = new ModelRegistry({
      modelConfigs: configs,
      providers: this.modelProviders,
      admission: this.requestAdmission,
      env: secretEnvironment(this.secretResolver),
    });
    this.openRegistries.push(registry);
    return customColumnModels('getModels', aliases, registry, { defaults: this.runConfigValue });
  }

  /** Closes the model connections opened by `getModels`. */
  async close(): Promise<void> {
    const registries = this.openRegistries.splice(0);
    await Promise.all(registries.map((registry) => registry.close()));
  }

  /**
   * Probes every model and MCP tool the config uses (the original's `check_models`): one tiny
   * request per model alias (models with `skip_health_check` are skipped) and a connection per tool.
   * Retryable failures are retried up to `maxAttempts` times, waiting `attempt × retryBackoffSeconds`.
   * Throws the typed model error of the failing probe.
   */
  async checkModels(
    source: ConfigSource,
    options: { maxAttempts?: number; retryBackoffSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<CheckModelsResult> {
    const maxAttempts = options.maxAttempts ?? 1;
    const backoff = options.retryBackoffSeconds ?? 0;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`checkModels: maxAttempts must be an integer ≥ 1, got ${maxAttempts}.`);
    if (!(backoff >= 0)) throw new RangeError(`checkModels: retryBackoffSeconds must be ≥ 0, got ${backoff}.`);
    const config = await resolveConfig(source);
    for (let attempt = 1; ; attempt++) {
      try {
        const { modelProviders, requestAdmission, env, mcpProviders } = this.runResources();
        return await checkModels({ config, modelProviders, requestAdmission, env, ...(mcpProviders ? { mcpProviders } : {}), signal: options.signal });
      } catch (error) {
        if (attempt >= maxAttempts || (error as { isRetryable?: unknown } | null)?.isRetryable !== true) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * backoff * 1000));
      }
    }
  }

  /**
   * A workflow of stages that feed each other (the original's experimental `compose_workflow`):
   * `designer.composeWorkflow('name').addStage('a', configA).addStage('b', configB).run()`.
   */
  composeWorkflow(name: string): CompositeWorkflow {
    return new CompositeWorkflow(name, this);
  }

  /** Names of the tools an MCP provider (given to the constructor) exposes. */
  async listMcpToolNames(providerName: string, options: { timeoutSec?: number } = {}): Promise<string[]> {
    const provider = (this.mcpProviders ?? []).find((candidate) => candidate.name === providerName);
    if (!provider) {
      throw new InvalidConfigError(
        `No MCP provider named '${providerName}'. Configured providers: ${(this.mcpProviders ?? []).map((candidate) => candidate.name).join(', ') || 'none'}.`,
        {
          fix: 'Pass it in the mcpProviders option of DataDesigner.',
        },
      );
    }
    const session = new McpProviderSession(provider, { connectTimeoutMs: (options.timeoutSec ?? 10) * 1000 });
    try {
      return (await session.listTools()).map((tool) => tool.name);
    } finally {
      await session.close();
    }
  }

  /** The run configuration in force (defaults filled in). */
  get runConfig(): RunConfig {
    return this.runConfigValue;
  }

  /** Replaces the run configuration; fields left out take their defaults. */
  setRunConfig(runConfig: Partial<RunConfig>): void {
    this.runConfigValue = RunConfigSchema.parse(runConfig);
  }

  /** Generates a dataset, writing each row group to parquet as it completes. */
  async create(source: ConfigSource, options: CreateOptions = {}): Promise<DatasetCreationResults> {
    const config = await resolveConfig(source);
    const analyze = options.analyze !== false;
    // A local run's profile gets its DuckDB instance opened once the first row group is on disk (DuckDB
    // is loaded by then), so the profile at the end does not wait for it; closed below when unused.
    let profiling: ProfilingInstance | undefined;
    const onEvent = withBatchComplete(options.onEvent, options.onBatchComplete);
    const common = {
      config,
      runConfig: this.runConfigValue,
      numRecords: options.numRecords ?? 10,
      artifactPath: path.resolve(options.artifactPath ?? this.artifactPath),
      datasetName: options.datasetName ?? 'dataset',
      resume: options.resume ?? 'never',
      seed: options.seed,
      onEvent:
        analyze && !this.queue
          ? (event: GenerationEvent): void => {
              if (event.type === 'row-group-complete') profiling ??= new ProfilingInstance();
              onEvent?.(event);
            }
          : onEvent,
      signal: options.signal,
    };
    // Metrics and traces of a local run; a distributed run's model requests happen in the workers.
    const begun = this.queue ? undefined : this.startTelemetry(options.onEvent);
    const telemetry = begun?.telemetry;
    const hasRecords = (metadata: unknown): boolean => Boolean((metadata as { actual_num_records?: number } | undefined)?.actual_num_records);
    // A local run's profile and report start as soon as its parquet files are final, beside the run's
    // last writes and closing (DuckDB, model clients, telemetry); settled here, awaited below.
    let analysis: Promise<{ ok: true } | { ok: false; error: unknown }> | undefined;
    const onDatasetComplete = (datasetPath: string, metadata: unknown): void => {
      if (!analyze || analysis || !hasRecords(metadata)) return;
      analysis = analyzeDataset(datasetPath, config, profiling).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    };
    let failure: unknown;
    let result: Awaited<ReturnType<typeof createDataset>>;
    try {
      result = this.queue
        ? await createDatasetDistributed({ ...common, queue: { redis: this.queue.redis, queueName: this.queue.name, prefix: this.queue.prefix } })
        : await createDataset({ ...common, ...this.runResources(), ...(telemetry ? { telemetry } : {}), onDatasetComplete });
    } catch (error) {
      failure = error;
      // A profile started before the failure finishes (and closes its DuckDB instance) first.
      await analysis;
      throw error;
    } finally {
      telemetry?.end?.(failure);
      // The run's measurements are recorded once OpenTelemetry is up (usually long before the end).
      await begun?.started;
      // Opened for a profile that did not start (a failed run, or no records).
      if (!analysis) await profiling?.discard();
    }
    if (analysis) {
      const settled = await analysis;
      if (!settled.ok) throw settled.error;
    } else if (analyze && hasRecords(result.metadata)) {
      await analyzeDataset(result.datasetPath, config);
    }
    return new DatasetCreationResults(result.datasetPath, result.metadata);
  }

  /**
   * OpenTelemetry for one create when `otel_metrics_port` is set: the Prometheus endpoint on
   * 127.0.0.1 (and OTLP traces with `OTEL_TRACES_EXPORTER=otlp`). The packages load on first use only,
   * while the run starts (its first model requests do not wait for them; what the run reports before
   * is recorded once they are loaded); a failure to start is reported through `onEvent` and never
   * stops the run. `started` settles when the start has been reported.
   */
  private startTelemetry(onEvent: ((event: GenerationEvent) => void) | undefined): { telemetry: RunTelemetry; started: Promise<void> } | undefined {
    const port = this.runConfigValue.otel_metrics_port;
    if (port === null) return undefined;
    const log = (level: 'info' | 'warning', message: string) => onEvent?.({ type: 'log', level, message });
    const begun = beginRunTelemetry({
      metricsPort: port,
      serviceVersion: CLI_VERSION,
      onWarning: (message) => log(port === DEFAULT_OTEL_METRICS_PORT && message.includes('metrics endpoint') ? 'info' : 'warning', message),
    });
    const started = begun.started.then(
      ({ metricsUrl }) => {
        if (metricsUrl) log('info', `📊 OpenTelemetry metrics available at ${metricsUrl}`);
      },
      (error: unknown) => {
        if (MissingOptionalPackageError.isInstance(error)) {
          // Optional peers not installed: a hint when the port is the default one, a warning when the user chose it.
          log(
            port === DEFAULT_OTEL_METRICS_PORT ? 'info' : 'warning',
            `${error.message} Metrics are off; to serve them: npm install ${error.packages.join(' ')}`,
          );
          return;
        }
        log('warning', `OpenTelemetry could not start (${error instanceof Error ? error.message : String(error)}); generation continues without metrics.`);
      },
    );
    return { telemetry: begun.telemetry, started };
  }

  /** Generates a few records in memory (one row group); nothing is written. */
  async preview(source: ConfigSource, options: PreviewOptions = {}): Promise<PreviewResults> {
    const config = await resolveConfig(source);
    const result = await previewDataset({
      config,
      runConfig: this.runConfigValue,
      numRecords: options.numRecords ?? 10,
      seed: options.seed,
      onEvent: options.onEvent,
      ...this.runResources(),
    });
    const analysis =
      options.analyze === false || result.records.length === 0 ? null : await profilePreview(result.records, result.droppedColumns, result.config);
    return new PreviewResults(result.records, result.processorOutputs, {
      modelUsage: result.modelUsage,
      columns: result.config.columns,
      config: result.config,
      analysis,
      taskTraces: result.taskTraces,
    });
  }

  /**
   * Runs every static check generation would run (no model calls). Returns the warnings; throws
   * `InvalidConfigError` listing every error when there is any.
   */
  async validate(source: ConfigSource): Promise<Violation[]> {
    const { config, warnings } = await resolveConfigWithWarnings(source);
    return [...warnings, ...(await validateForGeneration(config, { secrets: secretEnvironment(this.secretResolver) }))];
  }
}

/** What `DataDesigner.info()` reports. */
export interface DataDesignerInfo {
  /** Library version written into configs. */
  libraryVersion: string;
  /** Default root of dataset folders. */
  artifactPath: string;
  /** The home folder (`$DATA_DESIGNER_HOME` or `~/.data-designer`). */
  homePath: string;
  /** Root of managed assets. */
  managedAssetsPath: string;
  /** Providers in use, API keys masked (environment variable names stay readable). */
  modelProviders: Array<{ name: string; endpoint: string; providerType: string; apiKey: string | null }>;
  /** Names of the MCP providers given to the constructor. */
  mcpProviders: string[];
  /** Aliases the default model configs define. */
  defaultModelAliases: string[];
}

/** An API key reference for display: variable names as is, literal keys as `***` + last 4 characters. */
function maskApiKey(apiKey: string | null): string | null {
  if (!apiKey) return null;
  if (/^[A-Z_][A-Z0-9_]*$/.test(apiKey)) return apiKey;
  return `***${apiKey.slice(-4)}`;
}

function parseMcpProvider(provider: { name: string; provider_type: string }, index: number): MCPProviderConfig {
  const parsed = MCPProviderConfigSchema.safeParse(provider);
  if (!parsed.success) throw new ConfigValidationError(zodIssuesToConfigIssues(parsed.error, provider, { pathPrefix: ['mcpProviders', index] }));
  return parsed.data as MCPProviderConfig;
}

/** `onEvent` that also hands each written row group's file to `onBatchComplete`. */
function withBatchComplete(
  onEvent: ((event: GenerationEvent) => void) | undefined,
  onBatchComplete: ((batchPath: string) => void) | undefined,
): ((event: GenerationEvent) => void) | undefined {
  if (!onBatchComplete) return onEvent;
  return (event) => {
    onEvent?.(event);
    if (event.type === 'row-group-complete' && event.path !== undefined) onBatchComplete(path.resolve(event.datasetPath ?? '', event.path));
  };
}

/**
 * Writes the built-in `model_configs.yaml` / `model_providers.yaml` into the home folder when they
 * are missing, as the original does on first use. A home folder that cannot be written is left
 * alone: missing aliases then resolve from the built-in defaults directly.
 */
function seedDefaultModelFiles(): void {
  try {
    writeDefaultModelFiles();
  } catch {
    // Read-only home: the built-ins still apply (withDefaultModelConfigs, defaultModelProviders).
  }
}

/**
 * Profiles preview records (dropped columns included, as the original profiles them): they are
 * written to a temporary parquet file, profiled with DuckDB like a dataset, and the file removed.
 */
async function profilePreview(records: Row[], droppedColumns: Row[], config: DataDesignerConfig): Promise<DatasetProfile> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dd-preview-profile-'));
  try {
    const rows = droppedColumns.length === records.length ? records.map((record, index) => ({ ...droppedColumns[index], ...record })) : records;
    const storage = new LocalArtifactStorage({ artifactPath: folder, datasetName: 'preview' });
    try {
      await storage.writeRowGroup(0, rows);
    } finally {
      await storage.close();
    }
    const profile = await profileDataset(path.join(folder, 'preview'), { config, write: false, targetNumRecords: records.length, threads: 1 });
    return { ...profile, dataset_path: '' };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Profiles a dataset folder (DuckDB SQL over its parquet files) and writes its HTML report beside it;
 * `instance`, when given, is a profiling instance opened ahead that the profile takes over.
 */
export async function analyzeDataset(
  datasetPath: string,
  config?: DataDesignerConfig,
  instance?: ProfilingInstance,
): Promise<{ profile: DatasetProfile; reportPath: string }> {
  const profile = await profileDataset(datasetPath, { config, ...(instance ? { instance } : {}) });
  const reportPath = await writeHtmlReport(profile, path.join(datasetPath, 'analysis', 'report.html'));
  return { profile, reportPath };
}

async function resolveConfig(source: ConfigSource): Promise<DataDesignerConfig> {
  return (await resolveConfigWithWarnings(source)).config;
}

/** The config of a source; a file or object with repeated column names is collapsed as the builder does. */
async function resolveConfigWithWarnings(source: ConfigSource): Promise<{ config: DataDesignerConfig; warnings: Violation[] }> {
  if (source instanceof DataDesignerConfigBuilder) return { config: source.build(), warnings: [] };
  return collapseRepeatedColumns(await loadConfig(source as Parameters<typeof loadConfig>[0]));
}
