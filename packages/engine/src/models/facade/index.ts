export { ModelFacade, traceMessage, type ModelFacadeOptions } from './model-facade.js';
export { ModelRegistry, type ModelRegistryOptions } from './model-registry.js';
export { ModelUsage, type ModelUsageStats } from './model-usage.js';
export { checkModelHealth } from './check-model-health.js';
export { sampleInferenceValue } from './sample-inference-value.js';
