export { DatasetCreationResults, EXPORT_FORMATS, type ExportFormat, type PushToHubOptions, type SampleRecordsOptions } from './dataset-creation-results.js';
export { PreviewResults, type PreviewResultsDetails } from './preview-results.js';
export {
  formatCellValue,
  renderSampleRecord,
  SampleRecordDisplayError,
  summarizeTrace,
  type DisplaySampleRecordOptions,
  type SampleRecordInput,
} from './render-sample-record.js';
export { sampleIndices, seededRandom } from './sample-indices.js';
