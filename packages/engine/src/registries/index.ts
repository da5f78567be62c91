export { processGlobalMap } from './process-global-map.js';
export { NamedRegistry, type NamedRegistryOptions } from './named-registry.js';
