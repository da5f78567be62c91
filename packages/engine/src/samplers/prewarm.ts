// `@dd/engine/prewarm`: a small entry for starting the sampler thread before the engine loads.
export { prewarmSamplerThread } from './sampler-thread.js';
