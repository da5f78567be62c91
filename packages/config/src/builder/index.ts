export {
  DataDesignerConfigBuilder,
  type SamplerColumnOptions,
  type ExpressionColumnOptions,
  type LLMTextColumnOptions,
  type LLMCodeColumnOptions,
  type LLMStructuredColumnOptions,
  type LLMJudgeColumnOptions,
  type EmbeddingColumnOptions,
  type ImageColumnOptions,
  type ValidationColumnOptions,
  type CustomColumnOptions,
} from './data-designer-config-builder.js';
export { readHomeModelConfigs } from './read-home-model-configs.js';
export * from './config-inputs.js';
export { parseColumnConfig, type ColumnConfigOf } from './parse-column-config.js';
export { collapseRepeatedColumns, type CollapsedColumns } from './collapse-repeated-columns.js';
