import { z } from 'zod';
import { floatField, intField } from '../schema/index.js';

/** AIMD tuning of per-model request admission. */
export const RequestAdmissionTuningConfigSchema = z.strictObject({
  multiplicative_decrease_factor: floatField({ gt: 0, lt: 1 }).default(0.75),
  additive_increase_step: intField({ ge: 1 }).default(1),
  successes_until_increase: intField({ ge: 1 }).default(25),
  cooldown_seconds: floatField({ gt: 0 }).default(2),
  startup_ramp_seconds: floatField({ ge: 0 }).default(0),
});

/** Renames the deprecated `progress_bar` and `throttle` inputs (the original's translations). */
function translateDeprecated(value: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const input = { ...(value as Record<string, unknown>) };
  if ('progress_bar' in input) {
    if (!('display_tui' in input)) input.display_tui = input.progress_bar;
    delete input.progress_bar;
  }
  if ('throttle' in input) {
    const throttle = input.throttle;
    delete input.throttle;
    if (throttle !== null && throttle !== undefined) {
      if (input.request_admission !== null && input.request_admission !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['throttle'], input: throttle, message: 'specify either throttle (deprecated) or request_admission, not both' });
      } else if (typeof throttle === 'object') {
        const t = throttle as Record<string, unknown>;
        const renamed: Record<string, unknown> = {};
        const pairs: Array<[string, string]> = [
          ['reduce_factor', 'multiplicative_decrease_factor'],
          ['additive_increase', 'additive_increase_step'],
          ['success_window', 'successes_until_increase'],
          ['cooldown_seconds', 'cooldown_seconds'],
          ['rampup_seconds', 'startup_ramp_seconds'],
        ];
        for (const [from, to] of pairs) if (from in t) renamed[to] = t[from];
        input.request_admission = renamed;
      }
    }
  }
  return input;
}

/** Runtime options of a generation run (not part of the dataset config). */
export const RunConfigSchema = z.preprocess(
  translateDeprecated,
  z
    .strictObject({
      disable_early_shutdown: z.boolean().default(false),
      shutdown_error_rate: floatField({ ge: 0, le: 1 }).default(0.5),
      shutdown_error_window: intField({ ge: 1 }).default(10),
      buffer_size: intField({ gt: 0 }).default(1000),
      max_concurrent_row_groups: intField({ ge: 1 }).default(3),
      max_in_flight_tasks: intField({ ge: 1 }).default(1024),
      non_inference_max_parallel_workers: intField({ ge: 1 }).default(4),
      max_conversation_restarts: intField({ ge: 0 }).default(5),
      max_conversation_correction_steps: intField({ ge: 0 }).default(0),
      async_trace: z.boolean().default(false),
      write_scheduler_events: z.boolean().default(false),
      display_tui: z.boolean().default(false),
      progress_interval: floatField({ gt: 0 }).default(5),
      otel_metrics_port: intField({ ge: 1, le: 65535 }).nullable().default(9464),
      preserve_dropped_columns: z.boolean().default(true),
      jinja_rendering_engine: z.enum(['native', 'secure']).default('secure'),
      request_admission: RequestAdmissionTuningConfigSchema.nullable().default(null),
    })
    .transform((config) => (config.disable_early_shutdown ? { ...config, shutdown_error_rate: 1 } : config)),
);

/** Validated run options. */
export type RunConfig = z.output<typeof RunConfigSchema>;
/** Run options as a user writes them (every field optional). */
export type RunConfigInput = z.input<typeof RunConfigSchema>;
/** Validated AIMD tuning. */
export type RequestAdmissionTuningConfig = z.output<typeof RequestAdmissionTuningConfigSchema>;

/** How `create` treats an existing dataset folder. */
export const ResumeModeSchema = z.enum(['never', 'always', 'if_possible']);
