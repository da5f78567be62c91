export * from './distributions.js';
export * from './inference-params.js';
export * from './model-config.js';
export { DEFAULT_MODEL_PROVIDERS, defaultModelConfigs } from './default-models.js';
export {
  defaultModelConfigsByAlias,
  homeModelConfigsFile,
  withDefaultModelConfigs,
  type DefaultModelConfig,
  type DefaultModelConfigSource,
} from './with-default-model-configs.js';
