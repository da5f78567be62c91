export { CompositeWorkflow, type WorkflowRunOptions, type WorkflowStageOptions } from './composite-workflow.js';
export { CompositeWorkflowResults, type SkippedStage, type StageOutcome } from './composite-workflow-results.js';
export { DataDesignerWorkflowError } from './data-designer-workflow-error.js';
