export type * from './model-types.js';
export { ResponseParseError } from './response-parse-error.js';
export * from './errors/index.js';
export * from './clients/index.js';
export * from './executor/index.js';
export * from './admission/index.js';
export * from './facade/index.js';
