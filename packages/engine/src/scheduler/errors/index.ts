export { SchedulerConfigurationError } from './scheduler-configuration-error.js';
export { GeneratorOutputError } from './generator-output-error.js';
export { SchedulerHookError } from './scheduler-hook-error.js';
export { EarlyShutdownError } from './early-shutdown-error.js';
export { RunCancelledError } from './run-cancelled-error.js';
