import path from 'node:path';
import type { ResumeMode } from '@dd/engine';
import { DataDesigner } from '../../data-designer.js';
import { ExitError } from '../../errors/exit-error.js';
import { importModules, loadConfigSource } from '../load-config-source.js';

/** Options of `data-designer workflow`. */
export interface WorkflowCommandOptions {
  name: string;
  stages: string[];
  numRecords?: number;
  artifactPath: string;
  imports?: string[];
  resume?: string;
  targets?: string[];
  rerunFrom?: string;
  stageOutputs?: string[];
}

const RESUME_MODES: readonly ResumeMode[] = ['never', 'always', 'if_possible'];
const OUTCOME_LABEL = { ran: 'generated', resumed: 'resumed', reused: 'reused' } as const;

/** `data-designer workflow NAME STAGE=CONFIG…`: runs stages in order, each seeded by the previous one. */
export async function runWorkflow(options: WorkflowCommandOptions): Promise<void> {
  const resume = (options.resume ?? 'never').toLowerCase() as ResumeMode;
  if (!RESUME_MODES.includes(resume)) throw new ExitError(`Invalid --resume value '${options.resume}'.`, 2, { fix: `Use one of ${RESUME_MODES.join(', ')}.` });
  const overrides: Record<string, string> = {};
  for (const spec of options.stageOutputs ?? []) {
    const [, stage, target] = /^([^=]+)=(.+)$/.exec(spec) ?? [];
    if (stage === undefined || target === undefined)
      throw new ExitError(`--stage-output '${spec}' is not STAGE=PATH.`, 2, {
        fix: 'Write it as stage=path/to/output.parquet (a file or a folder of parquet files).',
      });
    overrides[stage] = path.resolve(target);
  }
  await importModules(options.imports);
  const designer = new DataDesigner(options.artifactPath);
  const workflow = designer.composeWorkflow(options.name);
  for (const [index, spec] of options.stages.entries()) {
    const [, name, configPath] = /^([^=]+)=(.+)$/.exec(spec) ?? [];
    if (name === undefined || configPath === undefined)
      throw new ExitError(`Stage ${index + 1} '${spec}' is not NAME=CONFIG.`, 2, { fix: 'Write each stage as name=path/to/config.yaml, in run order.' });
    workflow.addStage(name, await loadConfigSource(configPath), index === 0 && options.numRecords !== undefined ? { numRecords: options.numRecords } : {});
  }
  const results = await workflow.run({
    resume,
    ...(options.targets && options.targets.length > 0 ? { targets: options.targets } : {}),
    ...(options.rerunFrom !== undefined ? { rerunFrom: options.rerunFrom } : {}),
    ...(Object.keys(overrides).length > 0 ? { stageOutputOverrides: overrides } : {}),
    onEvent: (event) => {
      if (event.type === 'log' && event.level === 'warning') process.stderr.write(`⚠️  ${event.message}\n`);
    },
  });
  for (const [name, outcome] of results.outcomes) {
    if (outcome === 'skipped_empty_upstream') {
      process.stdout.write(`⏭️  stage '${name}': skipped (stage '${results.skipped.get(name)?.upstreamStage}' produced no records)\n`);
      continue;
    }
    const records = await results.countStageOutputRecords(name);
    process.stdout.write(`✅ stage '${name}': ${records} records ${OUTCOME_LABEL[outcome]} in ${results.stageOutputPath(name)}\n`);
  }
}
