/**
 * `@dd/engine/factory`: the data factory (`dataFactory`, its jobs and errors) without the rest of the
 * engine. A script that only runs factory jobs can import this entry and load neither the generators,
 * the models nor the config schema (see architecture/data-factory.md).
 */
export { dataFactory, DEFAULT_FACTORY_JOB_NAME } from './data-factory.js';
export { FactoryState } from './factory-state.js';
export type { StateValues } from './factory-state.js';
export { FactoryTimeoutError, MalformedRecordError, DataFactoryError, FactoryHookError } from './factory-errors.js';
export { bindInputs, broadcast } from './bind-inputs.js';
export type { Broadcast } from './bind-inputs.js';
export { hashInput, canonicalJson } from './hash-input.js';
export { backoffDelay } from './backoff-delay.js';
export type { BackoffOptions } from './backoff-delay.js';
export {
  FACTORY_JOB_FILE,
  FACTORY_JOB_FORMAT,
  FACTORY_INPUTS_FILE,
  INPUT_INDEX_COLUMN,
  RECORD_STATUS_COLUMN,
  FACTORY_REJECTED_OUTPUT,
  FACTORY_HOME_FOLDER,
  defaultFactoryRoot,
  listFactoryJobs,
  readFactoryJob,
} from './job-store.js';
export { FACTORY_LEDGER_JOURNAL_FILE } from './ledger-journal.js';
export type { JournalRecord } from './ledger-journal.js';
export type { JobFile, LedgerEntry, FactoryJobSummary } from './job-store.js';
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
  FactoryStorage,
  HookContext,
  Hooks,
  InputBindings,
  InputStatus,
  RecordCompleteHook,
  RecordErrorHook,
  RecordVerdict,
  RejectedRecord,
  ResumeOptions,
  ResumeSummary,
} from './factory-types.js';
