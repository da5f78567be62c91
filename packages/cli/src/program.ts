import { Command, InvalidArgumentError } from 'commander';
import type { CreateCommandOptions } from './commands/create/run-create.js';
import { CLI_VERSION } from './version.js';
import { registerAgentCommand } from './commands/agent/register-agent-command.js';
import { registerConfigCommand } from './commands/config/register-config-command.js';
import { registerDownloadCommand } from './commands/download/register-download-command.js';

/** Parses a positive integer flag value, or fails with a usage error naming the flag. */
export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  }
  return parsed;
}

/** Collects a repeatable option into a list. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const IMPORT_FLAG = '-i, --import <module>';
const IMPORT_HELP = 'JS module to import first, e.g. custom column registrations (repeatable)';

/**
 * Builds the `data-designer` command tree. Only definitions live here: every action imports its
 * implementation lazily, so `--help` never loads the engine.
 */
export function createProgram(): Command {
  const program = new Command('data-designer')
    .description('Generate synthetic datasets from declarative Data Designer configs')
    .version(CLI_VERSION, '-v, --version')
    .option('--verbose', 'print stack traces of errors')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)');

  program.commandsGroup('Generation:');

  program
    .command('validate')
    .description('Validate a config file (YAML or JSON) without generating anything')
    .argument('<config>', 'config file path or URL')
    .option(IMPORT_FLAG, IMPORT_HELP, collect, [])
    .action(async (config: string, flags: { import: string[] }) => {
      const { runValidate } = await import('./commands/validate/run-validate.js');
      await runValidate({ config, imports: flags.import });
    });

  program
    .command('preview')
    .description('Generate a few records in memory and print them')
    .argument('<config>', 'config file path or URL')
    .option('-n, --num-records <count>', 'records to generate', parsePositiveInteger, 10)
    .option('--json', 'print the records as JSON lines')
    .option('--save-results', 'save the preview (dataset.parquet, report.html, sample_records/) under the artifact path')
    .option('--artifact-path <dir>', 'folder for --save-results (a preview_results_<timestamp> folder is made in it)', './artifacts')
    .option(IMPORT_FLAG, IMPORT_HELP, collect, [])
    .action(async (config: string, flags: { numRecords: number; json?: boolean; saveResults?: boolean; artifactPath: string; import: string[] }) => {
      const { runPreview } = await import('./commands/preview/run-preview.js');
      await runPreview({
        config,
        numRecords: flags.numRecords,
        json: flags.json === true,
        imports: flags.import,
        ...(flags.saveResults ? { saveResultsTo: flags.artifactPath } : {}),
      });
    });

  program
    .command('workflow')
    .description('Run configs as stages that feed each other (each stage seeded by the previous dataset)')
    .argument('<name>', 'workflow name (its folder under the artifact path)')
    .argument('<stages...>', 'stages in run order, as name=config.yaml')
    .option('-n, --num-records <count>', 'records of the first stage (later stages follow their seed)', parsePositiveInteger)
    .option('-o, --artifact-path <dir>', 'root folder for workflows', './artifacts')
    .option('-r, --resume <mode>', 'never | if_possible (reuse finished stages, continue a failed one) | always', 'never')
    .option('-t, --target <stage>', 'stop after this stage (repeatable; the furthest one is the final result)', collect, [])
    .option('--rerun-from <stage>', 'rerun this stage and the ones after it (with --resume)')
    .option('--stage-output <stage=path>', "replace a stage's output handed downstream with a parquet file or folder (repeatable)", collect, [])
    .option(IMPORT_FLAG, IMPORT_HELP, collect, [])
    .action(
      async (
        name: string,
        stages: string[],
        flags: { numRecords?: number; artifactPath: string; import: string[]; resume: string; target: string[]; rerunFrom?: string; stageOutput: string[] },
      ) => {
        const { runWorkflow } = await import('./commands/workflow/run-workflow.js');
        await runWorkflow({
          name,
          stages,
          artifactPath: flags.artifactPath,
          imports: flags.import,
          resume: flags.resume,
          targets: flags.target,
          stageOutputs: flags.stageOutput,
          ...(flags.rerunFrom !== undefined ? { rerunFrom: flags.rerunFrom } : {}),
          ...(flags.numRecords !== undefined ? { numRecords: flags.numRecords } : {}),
        });
      },
    );

  program
    .command('check-models')
    .description('Probe every model and MCP tool a config uses (a tiny request each), without generating')
    .argument('<config>', 'config file path or URL')
    .option(IMPORT_FLAG, IMPORT_HELP, collect, [])
    .action(async (config: string, flags: { import: string[] }) => {
      const { runCheckModels } = await import('./commands/check-models/run-check-models.js');
      await runCheckModels({ config, imports: flags.import });
    });

  program
    .command('create')
    .description('Generate a dataset and write it to the artifact folder')
    .argument('<config>', 'config file path or URL')
    .option('-n, --num-records <count>', 'records to generate', parsePositiveInteger, 10)
    .option('-d, --dataset-name <name>', 'dataset folder name', 'dataset')
    .option('-o, --artifact-path <dir>', 'root folder for datasets', './artifacts')
    .option('-r, --resume <mode>', 'never | always | if_possible', 'never')
    .option('-c, --run-config <file>', 'YAML file of RunConfig fields')
    .option('-f, --output-format <format>', 'also export the dataset as jsonl | csv | parquet')
    .option('--no-progress', 'do not print progress')
    .option('-q, --quiet', 'print only warnings, errors and the result (same as --no-progress)')
    .option('--no-tui', 'plain periodic progress lines even on a terminal')
    .option('--redis <url>', 'distributed: enqueue row groups on this Redis for `data-designer worker` processes (or $DATA_DESIGNER_REDIS_URL)')
    .option('--queue <name>', 'distributed: queue name shared with the workers', undefined)
    .option(IMPORT_FLAG, IMPORT_HELP, collect, [])
    .action(async (config: string, flags: Omit<CreateCommandOptions, 'config' | 'imports'> & { quiet?: boolean; import: string[] }) => {
      const { runCreate } = await import('./commands/create/run-create.js');
      const { import: imports, quiet, ...rest } = flags;
      await runCreate({ config, ...rest, progress: rest.progress && quiet !== true, imports });
    });

  program
    .command('worker')
    .description(
      'Generate row groups of distributed create runs, and batches of the queued data factories the -i modules register, from a Redis queue until SIGINT/SIGTERM',
    )
    .option('--redis <url>', 'Redis URL (or $DATA_DESIGNER_REDIS_URL)')
    .option('--queue <name>', 'queue name shared with the coordinator (and queue.queueName of data factories)', 'data-designer')
    .option('--concurrency <count>', 'row groups (and batches per data factory) run at once by this process', parsePositiveInteger, 1)
    .option(IMPORT_FLAG, IMPORT_HELP, collect, [])
    .action(async (flags: { redis?: string; queue: string; concurrency: number; import: string[] }) => {
      const { runWorker } = await import('./commands/worker/run-worker.js');
      await runWorker({ redis: flags.redis, queue: flags.queue, concurrency: flags.concurrency, imports: flags.import });
    });

  program
    .command('report')
    .description('Profile a generated dataset folder: print the report and write analysis/report.html')
    .argument('<dataset-dir>', 'dataset folder written by create')
    .action(async (datasetPath: string) => {
      const { runReport } = await import('./commands/report/run-report.js');
      await runReport({ datasetPath, html: true });
    });

  program
    .command('push-to-hub')
    .description('Upload a dataset folder to a Hugging Face dataset repo, with a generated dataset card')
    .argument('<dataset-dir>', 'dataset folder written by create')
    .argument('<repo-id>', 'dataset repo, <user or organization>/<name> (created when missing)')
    .option('-d, --description <text>', 'text under the dataset card title (Markdown)')
    .option('--private', 'create the repo as private')
    .option('-t, --tag <tag>', 'tag added to the dataset card (repeatable)', collect, [])
    .option('--license <id>', 'license id for the dataset card, e.g. cc-by-4.0')
    .option('--endpoint <url>', 'Hub endpoint (default: HF_ENDPOINT, else https://huggingface.co)')
    .option('-m, --commit-message <text>', 'summary of the commit')
    .addHelpText('after', '\nThe token is read from HF_TOKEN, HUGGING_FACE_HUB_TOKEN or the file `hf auth login` writes.')
    .action(
      async (
        datasetPath: string,
        repoId: string,
        flags: { description?: string; private?: boolean; tag: string[]; license?: string; endpoint?: string; commitMessage?: string },
      ) => {
        const { runPushToHub } = await import('./commands/push-to-hub/run-push-to-hub.js');
        await runPushToHub({ datasetPath, repoId, tags: flags.tag, ...flags });
      },
    );

  program.commandsGroup('Setup:');
  program
    .command('schema')
    .description('Print the JSON Schema of config files')
    .action(async () => (await import('./commands/schema/run-schema.js')).runSchema());

  registerConfigCommand(program);
  registerDownloadCommand(program);
  program.commandsGroup('Agent:');
  registerAgentCommand(program);
  return program;
}
