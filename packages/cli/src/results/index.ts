export { DatasetCreationResults } from './dataset-creation-results.js';
export { PreviewResults } from './preview-results.js';
