import { RequestAdmissionTuningConfigSchema, ResumeModeSchema, RunConfigSchema } from './run-config.js';

describe('RunConfig', () => {
  it('has the documented defaults, in field order', () => {
    const config = RunConfigSchema.parse({});
    expect(Object.entries(config)).toEqual([
      ['disable_early_shutdown', false],
      ['shutdown_error_rate', 0.5],
      ['shutdown_error_window', 10],
      ['buffer_size', 1000],
      ['max_concurrent_row_groups', 3],
      ['max_in_flight_tasks', 1024],
      ['non_inference_max_parallel_workers', 4],
      ['max_conversation_restarts', 5],
      ['max_conversation_correction_steps', 0],
      ['async_trace', false],
      ['write_scheduler_events', false],
      ['display_tui', false],
      ['progress_interval', 5],
      ['otel_metrics_port', 9464],
      ['preserve_dropped_columns', true],
      ['jinja_rendering_engine', 'secure'],
      ['request_admission', null],
    ]);
  });

  it('has the documented request admission defaults', () => {
    expect(RequestAdmissionTuningConfigSchema.parse({})).toEqual({
      multiplicative_decrease_factor: 0.75,
      additive_increase_step: 1,
      successes_until_increase: 25,
      cooldown_seconds: 2,
      startup_ramp_seconds: 0,
    });
    expect(RunConfigSchema.parse({ request_admission: {} }).request_admission).toMatchObject({ successes_until_increase: 25 });
  });

  it('forces shutdown_error_rate to 1.0 when early shutdown is disabled', () => {
    expect(RunConfigSchema.parse({ disable_early_shutdown: true, shutdown_error_rate: 0.2 }).shutdown_error_rate).toBe(1);
    expect(RunConfigSchema.parse({ shutdown_error_rate: 0.2 }).shutdown_error_rate).toBe(0.2);
  });

  it('enforces bounds', () => {
    for (const bad of [
      { shutdown_error_rate: 1.5 },
      { shutdown_error_window: 0 },
      { buffer_size: 0 },
      { max_concurrent_row_groups: 0 },
      { max_conversation_restarts: -1 },
      { progress_interval: 0 },
      { otel_metrics_port: 70000 },
      { jinja_rendering_engine: 'fast' },
      { request_admission: { multiplicative_decrease_factor: 1 } },
      { request_admission: { startup_ramp_seconds: -1 } },
      { unknown_option: true },
    ]) {
      expect(RunConfigSchema.safeParse(bad).success).toBe(false);
    }
    expect(RunConfigSchema.parse({ otel_metrics_port: null }).otel_metrics_port).toBeNull();
  });

  it('translates the deprecated progress_bar to display_tui unless display_tui is given', () => {
    const translated = RunConfigSchema.parse({ progress_bar: true });
    expect(translated.display_tui).toBe(true);
    expect('progress_bar' in translated).toBe(false);
    expect(RunConfigSchema.parse({ progress_bar: true, display_tui: false }).display_tui).toBe(false);
  });

  it('renames the deprecated throttle fields to request_admission', () => {
    const config = RunConfigSchema.parse({
      throttle: { reduce_factor: 0.5, additive_increase: 2, success_window: 10, cooldown_seconds: 3, rampup_seconds: 4, ceiling_overshoot: 0.2 },
    });
    expect(config.request_admission).toEqual({
      multiplicative_decrease_factor: 0.5,
      additive_increase_step: 2,
      successes_until_increase: 10,
      cooldown_seconds: 3,
      startup_ramp_seconds: 4,
    });
    expect('throttle' in config).toBe(false);
    expect(RunConfigSchema.parse({ throttle: {} }).request_admission).toMatchObject({ multiplicative_decrease_factor: 0.75 });
    expect(RunConfigSchema.parse({ throttle: null }).request_admission).toBeNull();
  });

  it('refuses throttle together with request_admission', () => {
    const result = RunConfigSchema.safeParse({ throttle: { reduce_factor: 0.5 }, request_admission: { cooldown_seconds: 1 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['throttle'] });
    expect(result.error?.issues[0]?.message).toMatch(/either throttle .* or request_admission/);
    expect(RunConfigSchema.safeParse({ throttle: { reduce_factor: 0.5 }, request_admission: null }).success).toBe(true);
  });

  it('lists the resume modes', () => {
    expect(ResumeModeSchema.options).toEqual(['never', 'always', 'if_possible']);
  });
});
