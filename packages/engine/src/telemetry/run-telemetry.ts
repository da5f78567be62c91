import type { ModelClient, RequestAdmission } from '../models/index.js';
import type { ModelRegistry } from '../models/index.js';
import type { SchedulerEvent } from '../scheduler/index.js';

/** Which model a client talks to, for telemetry attributes. */
export interface ModelClientInfo {
  alias: string;
  provider: string;
  model: string;
}

/**
 * Hooks a run calls so an observer (OpenTelemetry: `startRunTelemetry`) can measure it. Every hook is
 * optional and must not throw; the engine never imports an OpenTelemetry package itself.
 */
export interface RunTelemetry {
  /** Wraps the client of one model alias (measures and traces each request). */
  wrapModelClient?(client: ModelClient, info: ModelClientInfo): ModelClient;
  /** The run's models and request admission, once they exist (before generation). */
  attachModels?(models: ModelRegistry, admission: RequestAdmission): void;
  /** Every scheduler event of the run (row groups admitted and checkpointed, progress, failures). */
  onSchedulerEvent?(event: SchedulerEvent): void;
  /** The run ended (`error` when it failed); releases what the run registered. */
  end?(error?: unknown): void;
}
