export { dataFactory, DEFAULT_FACTORY_JOB_NAME } from './data-factory.js';
export { FactoryState } from './factory-state.js';
export type { StateValues } from './factory-state.js';
export { FactoryTimeoutError, MalformedRecordError, DataFactoryError } from './factory-errors.js';
export { hashInput, canonicalJson } from './hash-input.js';
export { backoffDelay } from './backoff-delay.js';
export type { BackoffOptions } from './backoff-delay.js';
export { FACTORY_JOB_FILE, FACTORY_INPUTS_FILE, INPUT_INDEX_COLUMN } from './job-store.js';
export type { JobFile, LedgerEntry } from './job-store.js';
export type {
  DataFactory,
  DataFactoryOptions,
  DeadLetter,
  ErrorHookContext,
  FactoryContext,
  FactoryFunction,
  FactoryProgress,
  FactoryRecord,
  FactoryRunResult,
  HookContext,
  InputStatus,
  RecordVerdict,
} from './factory-types.js';
