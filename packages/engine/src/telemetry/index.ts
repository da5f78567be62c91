export type { RunTelemetry, ModelClientInfo } from './run-telemetry.js';
export { startRunTelemetry, type StartRunTelemetryOptions, type StartedRunTelemetry } from './start-run-telemetry.js';
