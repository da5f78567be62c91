export { registerColumnGeneratorPlugin, resolveColumnGeneratorPlugin, type ColumnGeneratorFactory } from './column-generator-plugins.js';
export { loadEnginePlugins } from './load-engine-plugins.js';
