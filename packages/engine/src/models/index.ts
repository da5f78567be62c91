export type * from './model-types.js';
export { ResponseParseError } from './response-parse-error.js';
