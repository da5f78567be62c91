/** @dd/engine: generators, the DAG scheduler, DuckDB artifacts. */
export type {
  Row,
  GenerationContext,
  ColumnGeneratorBase,
  CellColumnGenerator,
  BatchColumnGenerator,
  ColumnGenerator,
} from './columns/index.js';
export type { GenerationEvent, ColumnProgress } from './events/index.js';
export { ExecutionGraph, ExecutionGraphError, toMermaid, RowGroupCompletion, CompletionTracker } from './dag/index.js';
export type { ColumnName, RowGroupIndex, RowIndex, NodeIndex, TaskKind, Task, GraphNode, ReadyListener, TaskReadyListener } from './dag/index.js';
export {
  runSchedule,
  planRowGroups,
  AsyncTaskScheduler,
  InMemoryAdmissionStore,
  FairTaskQueue,
  DelayQueue,
  ErrorRateWindow,
  backoffDelayMs,
  resolveRetryPolicy,
  isRetryableByFlag,
  EarlyShutdownError,
  RunCancelledError,
  GeneratorOutputError,
  SchedulerHookError,
  SchedulerConfigurationError,
} from './scheduler/index.js';
export type {
  RunScheduleOptions,
  RowGroupSpec,
  RetryOptions,
  ErrorRateOptions,
  ScheduleHooks,
  RowGroupHook,
  RowGroupHookContext,
  RunSummary,
  TaskFailure,
  SchedulerEvent,
  AdmissionStore,
  ResourceUsage,
  FairQueueItem,
  FairQueueCallbacks,
  ResolvedRetryPolicy,
} from './scheduler/index.js';
export * from './artifacts/index.js';
export * from './seeds/index.js';
export * from './hub/index.js';
export * from './builder/index.js';
export * from './samplers/index.js';
export * from './templates/index.js';
export * from './skip/index.js';
export * from './processors/index.js';
export {
  customColumnGenerator,
  createCustomColumnGenerator,
  registerCustomColumnFunction,
  resolveCustomColumnFunction,
  registeredCustomColumnFunctions,
  customColumnModel,
  customColumnModels,
  CustomColumnModelError,
} from './columns/index.js';
export type { CustomColumnContext, CustomColumnModel, CustomColumnModels, CustomModelGenerateOptions } from './columns/index.js';
export { createExpressionColumnGenerator } from './columns/expression-column-generator.js';
export * from './plugins/index.js';
export * from './models/index.js';
export * from './columns/llm/index.js';
export * from './parsers/index.js';
export * from './validators/index.js';
export * from './analysis/index.js';
export * from './mcp/index.js';
export * from './factory/index.js';
export * from './distributed/index.js';
export * from './telemetry/index.js';
export * from './optional-packages/index.js';
