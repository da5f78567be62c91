/** @dd/cli: the DataDesigner class, its results, and the `data-designer` command. */
export {
  DataDesigner,
  dataDesignerHome,
  defaultModelProviders,
  type ConfigSource,
  type CreateOptions,
  type PreviewOptions,
  type DataDesignerOptions,
} from './data-designer.js';
export {
  DatasetCreationResults,
  PreviewResults,
  SampleRecordDisplayError,
  EXPORT_FORMATS,
  type ExportFormat,
  type PushToHubOptions,
  type SampleRecordsOptions,
  type PreviewResultsDetails,
  type DisplaySampleRecordOptions,
} from './results/index.js';
export { ExitError } from './errors/index.js';
export { main } from './main.js';
export { createProgram } from './program.js';
export { createProgressPrinter, type ProgressPrinterOptions } from './output/progress-printer.js';
export type { TextOutputStream } from './output/text-output-stream.js';
export { formatRecord } from './output/format-record.js';
export { dataFactory, pushDatasetToHub, HuggingFaceHubClientUploadError, type HubPushResult } from '@dd/engine';
export * from './secrets/index.js';
export {
  CompositeWorkflow,
  CompositeWorkflowResults,
  DataDesignerWorkflowError,
  type SkippedStage,
  type StageOutcome,
  type WorkflowRunOptions,
  type WorkflowStageOptions,
} from './workflow/index.js';
