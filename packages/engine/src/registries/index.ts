export { processGlobalMap } from './process-global-map.js';
