import path from 'node:path';
import {
  managedPersonDatasetsPath,
  DEFAULT_MODEL_PROVIDERS,
  ModelProviderSchema,
  modelAliasesOf,
  RunConfigSchema,
  sideEffectColumnsOf,
  type AnyColumnConfig,
  type DataDesignerConfig,
  type MCPProviderConfig,
  type ModelProvider as ModelProviderConfig,
  type RunConfig,
  type EnvironmentVariables,
} from '@dd/config';
import { checkModelHealth, ModelRegistry, RequestAdmissionController, type RequestAdmission } from '../models/index.js';
import { loadMcpProviders, MCPConfigurationError, McpToolRegistry } from '../mcp/index.js';
import { DatasetMediaStorage } from '../artifacts/index.js';
import type { ColumnGenerator, Row } from '../columns/index.js';
import type { GenerationEvent } from '../events/index.js';
import { EarlyShutdownError, RunCancelledError, runSchedule } from '../scheduler/index.js';
import type { RowGroupSpec, RunSummary, SchedulerEvent } from '../scheduler/index.js';
import { openSeedReader, type SeedReader } from '../seeds/index.js';
import { compileConfig, withResolvedCustomFunctions, type CompiledConfig } from './compile-config.js';
import { createGenerators } from './create-generators.js';
import { droppedColumnNames } from './dropped-columns.js';
import { DataDesignerEarlyShutdownError, DataDesignerGenerationError } from './generation-error.js';
import { hasProcessorStage, preBatchRowGroup } from './process-row-group.js';
import { isAsyncTraceEnabled } from './is-async-trace-enabled.js';
import type { RunTelemetry } from '../telemetry/index.js';

/**
 * Tasks of a model column the scheduler keeps started per request its alias may have in flight
 * (`max_parallel_requests`, which request admission enforces). The extra ones have rendered their
 * prompt and wait for admission, so a finished request's slot goes to the next one at once, while
 * the finished reply is still to be parsed (see the request executor), instead of after it.
 */
const MODEL_TASKS_PER_REQUEST_SLOT = 2;

/** Options shared by create and preview. */
export interface GenerationOptions {
  /** The validated config. */
  config: DataDesignerConfig;
  /** Run options; fields left out take their defaults. */
  runConfig?: Partial<RunConfig>;
  /** Records to generate. */
  numRecords: number;
  /** Seed for reproducible samplers and shuffles. */
  seed?: number;
  /** Progress and lifecycle events. */
  onEvent?: (event: GenerationEvent) => void;
  /** Stops admitting work; finished row groups are kept. */
  signal?: AbortSignal;
  /** Providers the model configs name. @default the built-in providers (nvidia, openai, openrouter) */
  modelProviders?: readonly ModelProviderConfig[];
  /** Request admission shared by every run of one `DataDesigner`. @default a new AIMD controller */
  requestAdmission?: RequestAdmission;
  /** MCP providers the tool configs name. @default the `providers:` of `<DATA_DESIGNER_HOME>/mcp_providers.yaml` */
  mcpProviders?: readonly MCPProviderConfig[];
  /** Where API key references are looked up (a secret resolver's view). @default process.env */
  env?: EnvironmentVariables;
  /** Root of managed assets (person datasets under `datasets/`). @default $DATA_DESIGNER_MANAGED_ASSETS_PATH or <home>/managed-assets */
  managedAssetsPath?: string;
  /** Measures the run (OpenTelemetry metrics and traces: `startRunTelemetry`). @default none */
  telemetry?: RunTelemetry;
}

/** One generator call, recorded when the run config sets `async_trace`. */
export interface TaskTrace {
  /** Generator (column) name. */
  column: string;
  /** Row group of the call. */
  rowGroup: number;
  /** `cell` (one row) or `batch` (a row group). */
  kind: 'cell' | 'batch';
  /** Milliseconds since the run started when the call began. */
  startMs: number;
  /** How long the call took, in milliseconds. */
  durationMs: number;
  /** Whether it returned or threw. */
  status: 'ok' | 'error';
  /** The error message when it threw. */
  error?: string;
}

/** Wraps a generator so each call appends a `TaskTrace`. */
function traced(generator: ColumnGenerator, traces: TaskTrace[]): ColumnGenerator {
  const origin = performance.now();
  const record = async <T>(kind: 'cell' | 'batch', rowGroup: number, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const entry: TaskTrace = { column: generator.name, rowGroup, kind, startMs: Math.round(started - origin), durationMs: 0, status: 'ok' };
    try {
      return await call();
    } catch (error) {
      entry.status = 'error';
      entry.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      entry.durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      traces.push(entry);
    }
  };
  if (generator.strategy === 'cell_by_cell') {
    const cell = generator;
    return Object.assign(Object.create(cell) as typeof cell, {
      generateCell: (row: Row, context: Parameters<typeof cell.generateCell>[1]) => record('cell', context.rowGroup, () => cell.generateCell(row, context)),
    });
  }
  const batch = generator;
  return Object.assign(Object.create(batch) as typeof batch, {
    generateBatch: (rows: readonly Row[], context: Parameters<typeof batch.generateBatch>[1]) =>
      record('batch', context.rowGroup, () => batch.generateBatch(rows, context)),
  });
}

/** Everything a run has prepared before scheduling. */
export interface PreparedRun {
  /** Per-call traces, filled when the run config sets `async_trace`. */
  taskTraces: TaskTrace[];
  runConfig: RunConfig;
  compiled: CompiledConfig;
  generators: ColumnGenerator[];
  /** Output columns in config order (side effects after their column). */
  columnOrder: string[];
  /** Columns that leave the final dataset. */
  dropped: Set<string>;
  seedReader: SeedReader | undefined;
  emit: (event: GenerationEvent) => void;
  /** Models of the run (undefined when no column uses one); closed with the run. */
  models: ModelRegistry | undefined;
  /** Where image columns save images; `createDataset` sets its folder. */
  mediaStorage: DatasetMediaStorage;
  /** Scheduler concurrency per model alias (`model:<alias>` → max_parallel_requests). */
  resourceLimits: Record<string, number>;
  /** `skip.when` evaluation failures per column: reported as failed cells, not as done. */
  skipFailures: Map<string, number>;
  /** The run's telemetry hooks, when measured. */
  telemetry: RunTelemetry | undefined;
}

/** Model aliases the compiled columns use. */
export function usedModelAliases(columns: readonly AnyColumnConfig[]): string[] {
  return [...new Set(withResolvedCustomFunctions(columns).flatMap((column) => modelAliasesOf(column)))].filter((alias) => alias !== '');
}

/** Opens the seed reader, compiles the config and builds the generators. Caller closes `seedReader`. */
export async function prepareRun(options: GenerationOptions): Promise<PreparedRun> {
  const runConfig = RunConfigSchema.parse(options.runConfig ?? {});
  const emit = options.onEvent ?? (() => undefined);
  const seedReader = options.config.seed_config
    ? await openSeedReader(options.config.seed_config as Parameters<typeof openSeedReader>[0], {
        seed: options.seed,
        ...(options.env ? { secrets: options.env } : {}),
      })
    : undefined;
  let models: ModelRegistry | undefined;
  try {
    const compiled = compileConfig(options.config, { seedColumnNames: seedReader?.columnNames ?? [] });
    for (const warning of compiled.warnings) emit({ type: 'log', level: 'warning', message: `[${warning.type}] ${warning.message}` });
    const aliases = usedModelAliases(compiled.config.columns);
    const toolConfigs = compiled.config.tool_configs ?? [];
    const tools =
      aliases.length > 0 && toolConfigs.length > 0 ? new McpToolRegistry({ toolConfigs, providers: options.mcpProviders ?? loadMcpProviders() }) : undefined;
    const admission =
      aliases.length > 0 ? (options.requestAdmission ?? new RequestAdmissionController({ tuning: runConfig.request_admission ?? undefined })) : undefined;
    const wrapClient = options.telemetry?.wrapModelClient?.bind(options.telemetry);
    models =
      admission !== undefined
        ? new ModelRegistry({
            ...(tools ? { tools } : {}),
            ...(wrapClient ? { wrapClient } : {}),
            modelConfigs: compiled.config.model_configs ?? [],
            ...(options.env ? { env: options.env } : {}),
            providers: options.modelProviders ?? DEFAULT_MODEL_PROVIDERS.map((provider) => ModelProviderSchema.parse(provider)),
            admission,
          })
        : undefined;
    if (models && admission) options.telemetry?.attachModels?.(models, admission);
    const resourceLimits: Record<string, number> = {};
    for (const alias of aliases) {
      const maxParallel = models?.modelConfig(alias).inference_parameters.max_parallel_requests ?? 4;
      resourceLimits[`model:${alias}`] = MODEL_TASKS_PER_REQUEST_SLOT * maxParallel;
    }
    if (models) {
      emit({ type: 'log', level: 'info', message: `🩺 Checking model health: ${aliases.join(', ')}` });
      await checkModelHealth(models, aliases, options.signal);
      models.resetUsage();
      const toolAliases = [
        ...new Set(compiled.config.columns.map((column) => (column as { tool_alias?: string | null }).tool_alias).filter((alias): alias is string => !!alias)),
      ];
      if (toolAliases.length > 0) {
        if (!tools)
          throw new MCPConfigurationError(`Columns use tool aliases (${toolAliases.join(', ')}), but the config has no tool_configs.`, {
            fix: 'Add tool_configs for them.',
          });
        emit({ type: 'log', level: 'info', message: `🔧 Checking MCP tools: ${toolAliases.join(', ')}` });
        await tools.probe(toolAliases);
      }
    }
    const mediaStorage = new DatasetMediaStorage();
    const skipFailures = new Map<string, number>();
    const generators = createGenerators(compiled.config, compiled.orderedColumns, {
      onSkipError: (column, error) => {
        const count = (skipFailures.get(column) ?? 0) + 1;
        skipFailures.set(column, count);
        // The original logs a warning per failure; repeats are counted here (1, 10, 100, …) like task failures.
        if (count === 1 || Number.isInteger(Math.log10(count))) {
          emit({
            type: 'log',
            level: 'warning',
            message: count === 1 ? error.message : `skip.when of column '${column}' has now failed ${count} times: ${error.message}`,
          });
        }
      },
      seed: options.seed,
      seedReader,
      personDatasetPath: options.managedAssetsPath !== undefined ? path.join(options.managedAssetsPath, 'datasets') : managedPersonDatasetsPath(),
      models,
      runConfig,
      mediaStorage,
    });
    const columnOrder = withResolvedCustomFunctions(compiled.config.columns).flatMap((column) => [column.name, ...sideEffectColumnsOf(column)]);
    return {
      taskTraces: [],
      runConfig,
      compiled,
      generators,
      skipFailures,
      columnOrder,
      dropped: droppedColumnNames(compiled.config, columnOrder),
      seedReader,
      emit,
      models,
      mediaStorage,
      resourceLimits,
      telemetry: options.telemetry,
    };
  } catch (error) {
    await seedReader?.close();
    await models?.close();
    throw error;
  }
}

/**
 * Runs the scheduler for `rowGroups` and maps its outcome to the interface's errors: early shutdown
 * or a run with zero records throws a `DataDesignerGenerationError` quoting the root cause.
 */
export async function scheduleRun(
  prepared: PreparedRun,
  options: {
    /** An array, or a lazy plan (`RowGroupPlan`) with `numRecords` and `rowGroupCount`. */
    rowGroups: Iterable<RowGroupSpec>;
    /** Records of all the row groups (required with a lazy plan). */
    numRecords?: number;
    /** Row groups in the plan (for the run-started event; required with a lazy plan). */
    rowGroupCount?: number;
    signal?: AbortSignal;
    earlyShutdown: { enabled: boolean; windowSize: number; threshold: number };
    onRowGroupComplete: (index: number, rows: Row[]) => Promise<void>;
    label: string;
    /** Receives every raw scheduler event (`write_scheduler_events` writes them, mapped to the original's schema, to a file). */
    schedulerEventSink?: (event: SchedulerEvent) => void;
  },
): Promise<RunSummary> {
  const { runConfig, emit } = prepared;
  const listed = Array.isArray(options.rowGroups) ? (options.rowGroups as readonly RowGroupSpec[]) : undefined;
  const numRecords = options.numRecords ?? listed?.reduce((sum, group) => sum + group.size, 0) ?? 0;
  const generators = isAsyncTraceEnabled(runConfig) ? prepared.generators.map((generator) => traced(generator, prepared.taskTraces)) : prepared.generators;
  emit({
    type: 'run-started',
    numRecords,
    rowGroups: options.rowGroupCount ?? listed?.length ?? 0,
    generators: prepared.generators.map((generator) => generator.name),
  });
  let summary: RunSummary;
  try {
    summary = await runSchedule({
      generators,
      rowGroups: options.rowGroups,
      numRecords,
      maxConcurrentRowGroups: runConfig.max_concurrent_row_groups,
      maxInFlightTasks: runConfig.max_in_flight_tasks,
      // Generators without a model share the `cpu` resource: non_inference_max_parallel_workers at once.
      resourceLimits: { cpu: runConfig.non_inference_max_parallel_workers, ...prepared.resourceLimits },
      progressIntervalMs: runConfig.progress_interval * 1000,
      // Rate limits and admission timeouts are deferred and replayed, never dropped.
      retry: { isPreserved: (error) => (error as { isPreserved?: unknown } | null)?.isPreserved === true },
      errorRate: options.earlyShutdown,
      signal: options.signal,
      onRowGroupComplete: options.onRowGroupComplete,
      // Pre-batch processors run once a row group's seed and sampler columns are done.
      ...(hasProcessorStage(prepared.compiled.config, 'preBatch')
        ? { hooks: { preBatch: (rows: Row[], context: { rowGroup: number }) => preBatchRowGroup(prepared.compiled.config, rows, context.rowGroup) } }
        : {}),
      onEvent: (() => {
        const failures = new Map<string, number>();
        const requests = () => {
          let total = 0;
          let failed = 0;
          for (const usage of Object.values(prepared.models?.usage() ?? {})) {
            total += usage.requests.total;
            failed += usage.requests.failed;
          }
          return { total, failed };
        };
        const pressure = () => {
          const now = prepared.models?.pressure();
          return now ? { rateLimitedRequests: now.rateLimited, waitingRequests: now.waiting, cooldownRemainingMs: now.cooldownRemainingMs } : {};
        };
        const telemetry = prepared.telemetry;
        return (event: SchedulerEvent) => {
          options.schedulerEventSink?.(event);
          telemetry?.onSchedulerEvent?.(event);
          forwardSchedulerEvent(withSkipFailures(event, prepared.skipFailures), emit, failures, requests, pressure);
        };
      })(),
    });
  } catch (error) {
    if (EarlyShutdownError.isInstance(error)) {
      const partial: RunSummary | undefined = error.summary;
      const written = partial?.recordsWritten ?? 0;
      const cause = partial?.firstError
        ? ` First error: ${partial.firstError.message} (column '${partial.firstError.generator}', row group ${partial.firstError.rowGroup}).`
        : '';
      if (written === 0) {
        throw new DataDesignerEarlyShutdownError(
          `🛑 ${options.label} stopped early: the non-retryable error rate reached the shutdown threshold before any record was produced.${cause}`,
          { cause: error, fix: 'Fix the failing column, or raise shutdown_error_rate / set disable_early_shutdown in the run config.' },
        );
      }
      emit({ type: 'log', level: 'warning', message: `Early shutdown: generated ${written} of ${numRecords} records.${cause}` });
      return partial as RunSummary;
    }
    if (RunCancelledError.isInstance(error)) throw error;
    throw new DataDesignerGenerationError(`🛑 Error generating dataset: ${(error as Error).message}`, {
      cause: error,
      fix: DataDesignerGenerationError.isInstance(error) ? undefined : (error as { fix?: string }).fix,
    });
  }
  if (summary.recordsWritten === 0 && numRecords > 0) {
    const first = summary.firstError;
    throw new DataDesignerGenerationError(
      first
        ? `🛑 ${first.message} (column '${first.generator}', row group ${first.rowGroup}${first.row === null ? '' : `, row ${first.row}`})`
        : '🛑 All records were dropped; check the warnings above.',
      { fix: 'Fix the failing column; rows already checkpointed stay on disk.' },
    );
  }
  if (summary.recordsWritten < numRecords) {
    emit({
      type: 'log',
      level: 'warning',
      message: `Generated ${summary.recordsWritten} of ${numRecords} records (${summary.droppedRows} rows dropped${summary.firstError ? `; first error: ${summary.firstError.message}` : ''}).`,
    });
  }
  if (prepared.models) {
    for (const [alias, usage] of Object.entries(prepared.models.usage())) {
      const seconds = Math.max(summary.elapsedMs / 1000, 1e-3);
      emit({
        type: 'log',
        level: 'info',
        message:
          `📈 Model '${alias}' (${usage.model}): ${usage.requests.successful} ok / ${usage.requests.failed} failed requests, ` +
          `${usage.tokens.input} input + ${usage.tokens.output} output tokens` +
          `${usage.tokens.reasoning ? ` (${usage.tokens.reasoning} reasoning${usage.tokens.reasoningSource === 'estimated' ? ', estimated' : ''})` : ''}, ` +
          `${Math.floor(usage.tokens.total / seconds)} tokens/s, ${Math.floor((usage.requests.total / seconds) * 60)} requests/min`,
      });
    }
  }
  emit({ type: 'run-complete', records: summary.recordsWritten, elapsedMs: summary.elapsedMs });
  return summary;
}

/** Counts cells whose `skip.when` failed to evaluate as failed (not done) in progress events. */
function withSkipFailures(event: SchedulerEvent, skipFailures: ReadonlyMap<string, number>): SchedulerEvent {
  if (event.type !== 'progress' || skipFailures.size === 0) return event;
  let errors = event.errors;
  const columns = event.columns.map((column) => {
    const failed = skipFailures.get(column.name) ?? 0;
    if (failed === 0) return column;
    errors += failed;
    // Failed gates skip their cell (fail-safe) and are reported as skipped by with-skip: count them as failed only.
    return { ...column, done: Math.max(0, column.done - failed), failed: column.failed + failed, skipped: Math.max(0, column.skipped - failed) };
  });
  return { ...event, columns, errors };
}

/**
 * Maps scheduler events to generation events. Task failures are reported in full the first time a
 * column fails with a given message; repeats are counted and reported at 10, 100, 1000… occurrences,
 * so one broken template does not flood the log with identical blocks.
 */
function forwardSchedulerEvent(
  event: SchedulerEvent,
  emit: (event: GenerationEvent) => void,
  failures: Map<string, number>,
  requests: () => { total: number; failed: number },
  pressure: () => { rateLimitedRequests?: number; waitingRequests?: number; cooldownRemainingMs?: number } = () => ({}),
): void {
  switch (event.type) {
    case 'progress':
      emit({
        type: 'progress',
        recordsDone: event.recordsDone,
        numRecords: event.numRecords,
        columns: event.columns,
        errors: event.errors,
        retries: event.retries,
        requests: requests().total,
        failedRequests: requests().failed,
        ...pressure(),
        elapsedMs: event.elapsedMs,
      });
      return;
    case 'task-failed': {
      const key = `${event.generator}\u0000${event.message}`;
      const count = (failures.get(key) ?? 0) + 1;
      failures.set(key, count);
      if (count === 1) {
        emit({
          type: 'log',
          level: 'warning',
          message: `column '${event.generator}' failed in row group ${event.rowGroup}${event.row === null ? '' : `, row ${event.row}`}: ${event.message}`,
        });
      } else if (Number.isInteger(Math.log10(count))) {
        emit({
          type: 'log',
          level: 'warning',
          message: `column '${event.generator}' has now failed ${count} times with the same error: ${event.message.split('\n')[0]}`,
        });
      }
      return;
    }
    case 'early-shutdown':
      emit({
        type: 'log',
        level: 'warning',
        message: `Early shutdown: ${event.failures} of the last ${event.windowSize} tasks failed (threshold ${event.threshold}).`,
      });
      return;
    default:
      return;
  }
}
