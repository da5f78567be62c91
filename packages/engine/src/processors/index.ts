export { PROCESSOR_STAGES, processorStages } from './processor.js';
export type {
  ProcessorStage,
  ProcessorContext,
  ProcessorStageResult,
  ProcessorHook,
  Processor,
  ProcessorFactory,
} from './processor.js';
export { DatasetProcessingError } from './dataset-processing-error.js';
export { createDropColumnsProcessor, resolveDropColumnNames } from './drop-columns-processor.js';
export { createSchemaTransformProcessor } from './schema-transform-processor.js';
export {
  registerProcessor,
  resolveProcessorFactory,
  registeredProcessorTypes,
  resetProcessorRegistry,
  createProcessor,
} from './processor-registry.js';
export { runProcessorStage } from './run-processor-stage.js';
export type { ProcessorStageOutcome, RunProcessorStageOptions } from './run-processor-stage.js';
