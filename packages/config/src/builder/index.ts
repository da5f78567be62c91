export { DataDesignerConfigBuilder } from './data-designer-config-builder.js';
export { dataDesignerHome, readHomeModelConfigs } from './read-home-model-configs.js';
export { collapseRepeatedColumns, type CollapsedColumns } from './collapse-repeated-columns.js';
