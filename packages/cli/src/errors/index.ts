export { ExitError } from './exit-error.js';
