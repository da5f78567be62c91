export type { RunTelemetry, ModelClientInfo } from './run-telemetry.js';
export {
  beginRunTelemetry,
  METRICS_PACKAGES,
  startRunTelemetry,
  type BegunRunTelemetry,
  type StartRunTelemetryOptions,
  type StartedRunTelemetry,
} from './start-run-telemetry.js';
