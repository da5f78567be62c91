import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { RunConfigSchema, type RunConfig } from '@dd/config';
import type { ResumeMode } from '@dd/engine';
import { DataDesigner } from '../../data-designer.js';
import { ExitError } from '../../errors/exit-error.js';
import { createProgressPrinter } from '../../output/progress-printer.js';
import { importModules, loadConfigSource } from '../load-config-source.js';

const RESUME_MODES: readonly ResumeMode[] = ['never', 'always', 'if_possible'];

/** Flags of `data-designer create`. */
export interface CreateCommandOptions {
  config: string;
  numRecords: number;
  datasetName: string;
  artifactPath: string;
  resume: string;
  runConfig?: string;
  progress: boolean;
  imports?: string[];
}

/** `data-designer create CONFIG -n N`: generates a dataset and prints where it is. */
export async function runCreate(options: CreateCommandOptions): Promise<void> {
  const resume = options.resume.toLowerCase() as ResumeMode;
  if (!RESUME_MODES.includes(resume)) {
    throw new ExitError(`Invalid --resume value '${options.resume}'.`, 2, { fix: `Use one of ${RESUME_MODES.join(', ')}.` });
  }
  await importModules(options.imports);
  const config = await loadConfigSource(options.config);
  const designer = new DataDesigner(options.artifactPath);
  if (options.runConfig) designer.setRunConfig(readRunConfig(options.runConfig));

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
      onEvent: createProgressPrinter({ quiet: !options.progress }),
      signal: controller.signal,
    });
    const count = await results.countRecords();
    process.stdout.write(`Artifacts saved to: ${results.datasetPath}\n✅ Dataset created — ${count} record(s) generated\n`);
  } catch (error) {
    if (interrupted) {
      throw new ExitError('Run interrupted; finished row groups are on disk.', 130, {
        fix: `Resume with: data-designer create ${options.config} -n ${options.numRecords} -d ${options.datasetName} -o ${options.artifactPath} --resume always`,
        cause: error,
      });
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function readRunConfig(file: string): RunConfig {
  if (!/\.ya?ml$/i.test(file)) throw new ExitError(`Run config '${file}' must be a local .yaml or .yml file.`, 1);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExitError(`Cannot read run config '${file}': ${(error as Error).message}`, 1);
  }
  const parsed = RunConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ExitError(`Invalid run config '${file}':\n${lines.join('\n')}`, 1);
  }
  return parsed.data;
}
