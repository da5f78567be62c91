import { existsSync } from 'node:fs';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ResumeMode } from '@dd/engine';
import { DataDesigner } from '../../data-designer.js';
import { ExitError } from '../../errors/exit-error.js';
import { createProgressPrinter } from '../../output/progress-printer.js';
import { importModules, loadConfigSource } from '../load-config-source.js';
import { exportDataset, OUTPUT_FORMATS, type OutputFormat } from './export-dataset.js';
import { readRunConfig } from './read-run-config.js';
import { resumeCommandLine } from './resume-command-line.js';

const RESUME_MODES: readonly ResumeMode[] = ['never', 'always', 'if_possible'];

/** Flags of `data-designer create`. */
export interface CreateCommandOptions {
  config: string;
  numRecords: number;
  datasetName: string;
  artifactPath: string;
  resume: string;
  runConfig?: string;
  /** Also export the dataset as jsonl | csv | parquet. */
  outputFormat?: string;
  progress: boolean;
  /** Live view on a terminal; false forces plain lines. @default true */
  tui?: boolean;
  imports?: string[];
  /** Redis URL: enqueue row groups for `data-designer worker` processes (else $DATA_DESIGNER_REDIS_URL). */
  redis?: string;
  /** Queue name shared with the workers. */
  queue?: string;
}

/** `data-designer create CONFIG -n N`: generates a dataset and prints where it is. */
export async function runCreate(options: CreateCommandOptions): Promise<void> {
  const resume = options.resume.toLowerCase() as ResumeMode;
  if (!RESUME_MODES.includes(resume)) {
    throw new ExitError(`Invalid --resume value '${options.resume}'.`, 2, { fix: `Use one of ${RESUME_MODES.join(', ')}.` });
  }
  const format = options.outputFormat?.toLowerCase() as OutputFormat | undefined;
  if (format !== undefined && !OUTPUT_FORMATS.includes(format)) {
    throw new ExitError(`Invalid --output-format value '${options.outputFormat}'.`, 2, { fix: `Use one of ${OUTPUT_FORMATS.join(', ')}.` });
  }
  const runConfig = options.runConfig ? readRunConfig(options.runConfig) : undefined;
  await importModules(options.imports);
  const config = await loadConfigSource(options.config);
  assertWritableFolder(options.artifactPath);
  const redis = options.redis ?? (process.env.DATA_DESIGNER_REDIS_URL || undefined);
  const designer = new DataDesigner(options.artifactPath, redis ? { queue: { redis, ...(options.queue ? { name: options.queue } : {}) } } : {});
  if (runConfig) designer.setRunConfig(runConfig);

  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    process.stderr.write('\n🛑 Interrupted: finishing in-flight row groups, then stopping…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const results = await designer.create(config, {
      numRecords: options.numRecords,
      datasetName: options.datasetName,
      resume,
      // As the original: log blocks every progress_interval seconds; the live view only with display_tui on a TTY.
      onEvent: createProgressPrinter({
        quiet: !options.progress,
        live: options.tui === false || !designer.runConfig.display_tui ? false : undefined,
        intervalMs: designer.runConfig.progress_interval * 1000,
      }),
      signal: controller.signal,
    });
    // metadata.json counts the run's row groups; after-generation processors may change the count
    // without updating it, so then the files are counted (that opens DuckDB again: ~30-70 ms).
    const counted = results.metadata.actual_num_records;
    const count = typeof counted === 'number' && results.metadata.post_generation_state === undefined ? counted : await results.countRecords();
    process.stdout.write(`Artifacts saved to: ${results.datasetPath}\n`);
    const report = path.join(results.datasetPath, 'analysis', 'report.html');
    if (existsSync(report)) process.stdout.write(`📄 Report: ${report}\n`);
    if (format) process.stdout.write(`Exported to: ${await exportDataset(results.datasetPath, options.datasetName, format)}\n`);
    process.stdout.write(`✅ Dataset created — ${count} record(s) generated\n`);
  } catch (error) {
    if (interrupted) {
      throw new ExitError(
        redis
          ? 'Run interrupted; finished row groups are on disk and the rest stay queued for the workers.'
          : 'Run interrupted; finished row groups are on disk.',
        130,
        {
          fix: `Resume with: ${resumeCommandLine(options, redis ? redactUrl(redis) : undefined)}`,
          cause: error,
        },
      );
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Fails with one line when the artifact folder cannot be created or written. */
function assertWritableFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ExitError(`Artifact path '${path.resolve(folder)}' is not writable (${reason}).`, 1, { fix: 'Pass a writable folder with -o/--artifact-path.' });
  }
}

/** The URL without its password (for printed commands). */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
