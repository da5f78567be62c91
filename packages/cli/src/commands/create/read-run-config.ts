import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { RunConfigSchema, type RunConfig } from '@dd/config';
import { ExitError } from '../../errors/exit-error.js';

const RUN_CONFIG_FIELDS = [
  'disable_early_shutdown',
  'shutdown_error_rate',
  'shutdown_error_window',
  'buffer_size',
  'max_concurrent_row_groups',
  'max_in_flight_tasks',
  'non_inference_max_parallel_workers',
  'max_conversation_restarts',
  'max_conversation_correction_steps',
  'async_trace',
  'write_scheduler_events',
  'display_tui',
  'progress_interval',
  'otel_metrics_port',
  'preserve_dropped_columns',
  'jinja_rendering_engine',
  'request_admission',
];

/** Shows a URL as scheme://host/path (no query or credentials). */
function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return text.split('?')[0] ?? text;
  }
}

/**
 * Reads a `--run-config` file: a local `.yaml`/`.yml` whose root is a flat mapping of RunConfig
 * fields. Unknown fields give one line naming them; other problems one `dotted.path: message` line each.
 */
export function readRunConfig(file: string): RunConfig {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw new ExitError(`Run config must be a local file, not a URL: ${redactUrl(file)}`, 1);
  if (!/\.ya?ml$/i.test(file)) throw new ExitError(`Run config '${file}' must be a .yaml or .yml file.`, 1);
  if (!existsSync(file) || !statSync(file).isFile()) throw new ExitError(`Run config file '${file}' does not exist.`, 1);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExitError(`Cannot parse run config '${file}': ${(error as Error).message.split('\n')[0]}`, 1);
  }
  raw ??= {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ExitError(`Run config '${file}' must be a mapping of RunConfig fields.`, 1);
  const parsed = RunConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const unknown = parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys : []));
  if (unknown.length > 0) {
    throw new ExitError(`Unknown run config field(s) in '${file}': ${unknown.join(', ')}. Valid fields: ${RUN_CONFIG_FIELDS.join(', ')}.`, 1);
  }
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ExitError(`Invalid run config '${file}':\n${lines.join('\n')}`, 1);
}
