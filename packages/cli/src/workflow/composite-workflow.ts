import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  configFingerprint,
  DataDesignerConfigBuilder,
  definedOrThrow,
  dumpConfig,
  loadConfig,
  type DataDesignerConfig,
  type ProcessorConfig,
  type ProcessorConfigInput,
  type SelectionStrategyInput,
} from '@dd/config';
import { ARTIFACT_LAYOUT, type GenerationEvent, type ResumeMode } from '@dd/engine';
import type { ConfigSource, DataDesigner } from '../data-designer.js';
import { DatasetCreationResults } from '../results/dataset-creation-results.js';
import { CLI_VERSION } from '../version.js';
import { CompositeWorkflowResults, type SkippedStage, type StageOutcome } from './composite-workflow-results.js';
import { DataDesignerWorkflowError } from './data-designer-workflow-error.js';
import { countStageOutputRecords, stageOutputFiles } from './stage-output.js';
import {
  COMPLETED_STAGE_STATUSES,
  metadataPath,
  priorStageMetadata,
  readPriorWorkflowMetadata,
  resolveMetadataPath,
  RESUMABLE_STAGE_STATUSES,
  stageFingerprint,
  writeWorkflowMetadata,
  type StageMetadata,
  type WorkflowMetadata,
} from './workflow-metadata.js';

/** Options of `CompositeWorkflow.addStage`. */
export interface WorkflowStageOptions {
  /** Records of this stage. @default the previous stage's output count (the first: 10) */
  numRecords?: number;
  /** An empty output marks the stage `completed_empty` and skips the stages after it, instead of failing. @default false */
  allowEmpty?: boolean;
  /**
   * Runs after the stage's dataset is written, with its folder; returns a parquet file or a folder of
   * them that replaces the stage's output handed downstream (e.g. filtered rows).
   */
  onSuccess?: (stageDatasetPath: string) => string | Promise<string>;
  /** Version of what `onSuccess` produces, part of the stage's identity; without it a stage with `onSuccess` is never reused. */
  onSuccessVersion?: string;
  /** How the upstream output is read as this stage's seed. @default 'ordered' */
  samplingStrategy?: 'ordered' | 'shuffle';
  /** Which upstream rows seed this stage (an index range or a partition block). */
  selectionStrategy?: SelectionStrategyInput | null;
  /**
   * Processors run at the stage boundary, on the stage's finished dataset (a second `create` into
   * `<stage>/output-processors/`); their result is what the next stage receives by default.
   */
  outputProcessors?: ReadonlyArray<ProcessorConfigInput | ProcessorConfig>;
  /** What the stage hands downstream: `final` (its dataset) or `processor:<name>` (a processor's artifact). @default 'final' */
  output?: 'final' | `processor:${string}`;
}

/** Options of `CompositeWorkflow.run`. */
export interface WorkflowRunOptions {
  /**
   * `never` (default) runs every stage afresh; `if_possible` reuses finished stages whose config,
   * record count and upstream are unchanged, continues a failed or interrupted one through `create`'s
   * resume, and reruns the first changed stage and everything after it; `always` does the same but
   * refuses (an error naming the stage) where a stage cannot be reused or continued.
   */
  resume?: ResumeMode;
  /** Stop after these stages (the furthest one is the final result). @default the last stage */
  targets?: string | readonly string[];
  /** Rerun this stage and the ones after it even when they could be reused (needs resume). */
  rerunFrom?: string;
  /** Stage name → a parquet file or folder that replaces that stage's output handed downstream (e.g. reviewed rows). */
  stageOutputOverrides?: Readonly<Record<string, string>>;
  /** Profile each stage's dataset (`analysis/`, `loadAnalysis()`), as the original's stages are. @default false */
  analyze?: boolean;
  /** Events of every stage's `create`, and the workflow's own warnings as `log` events. */
  onEvent?: (event: GenerationEvent) => void;
}

interface WorkflowStage extends Omit<WorkflowStageOptions, 'numRecords' | 'outputProcessors' | 'output'> {
  name: string;
  source: ConfigSource;
  numRecords: number | undefined;
  outputProcessors: ProcessorConfig[];
  output: 'final' | `processor:${string}`;
}

interface StageHandoff {
  name: string;
  outputPath: string;
  /** Records handed on; undefined after an empty stage. */
  records: number | undefined;
  fingerprint: string;
}

const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const RESUME_MODES: readonly ResumeMode[] = ['never', 'always', 'if_possible'];
const DEFAULT_NUM_RECORDS = 10;
const OUTPUT_PROCESSORS_FOLDER = 'output-processors';

/**
 * Stages that feed each other (the original's experimental `compose_workflow`): each stage is a
 * config; from the second on, the previous stage's output (its `parquet-files/`, or what `onSuccess`
 * or an override gave) is its local seed dataset. Each stage writes
 * `<artifact path>/<workflow>/stage-<i>-<name>/`, and `workflow-metadata.json` beside them records
 * every stage's status, fingerprint, paths and record counts. A failing stage stops the run with an
 * error naming it; finished stages stay on disk, and `run({ resume: 'if_possible' })` continues from
 * there.
 */
export class CompositeWorkflow {
  private readonly stageList: WorkflowStage[] = [];

  constructor(
    /** Workflow name (its folder under the artifact path). */
    readonly name: string,
    private readonly designer: DataDesigner,
  ) {
    if (!STAGE_NAME.test(name))
      throw new DataDesignerWorkflowError(`Workflow name '${name}' is not a valid folder name.`, { fix: 'Use letters, digits, _, - and . only.' });
  }

  /** Adds a stage; its config may be a builder, a config object, a file path or YAML/JSON text. */
  addStage(name: string, source: ConfigSource, options: WorkflowStageOptions = {}): this {
    if (!STAGE_NAME.test(name))
      throw new DataDesignerWorkflowError(`Stage name '${name}' is not a valid folder name.`, { fix: 'Use letters, digits, _, - and . only.' });
    if (this.stageList.some((stage) => stage.name === name)) {
      throw new DataDesignerWorkflowError(`Stage name '${name}' is already used in workflow '${this.name}'.`, { fix: 'Give every stage its own name.' });
    }
    if (options.numRecords !== undefined && (!Number.isInteger(options.numRecords) || options.numRecords < 1)) {
      throw new DataDesignerWorkflowError(`Stage '${name}': numRecords must be an integer ≥ 1, got ${options.numRecords}.`);
    }
    const output = options.output ?? 'final';
    if (output !== 'final' && !(output.startsWith('processor:') && STAGE_NAME.test(output.slice('processor:'.length)))) {
      throw new DataDesignerWorkflowError(`Stage '${name}': output must be 'final' or 'processor:<name>', got '${output}'.`);
    }
    // Builders (the stage's and the output processors) are copied now, so later changes do not change the stage.
    const outputProcessors = new DataDesignerConfigBuilder({ modelConfigs: [] });
    for (const processor of options.outputProcessors ?? []) {
      if (outputProcessors.getProcessorConfigs().some((existing) => existing.name === processor.name)) {
        throw new DataDesignerWorkflowError(`Stage '${name}': output processor names must be distinct, '${processor.name}' is repeated.`);
      }
      outputProcessors.addProcessor(processor);
    }
    const snapshot = source instanceof DataDesignerConfigBuilder ? source.build() : source;
    this.stageList.push({
      ...options,
      name,
      source: snapshot,
      numRecords: options.numRecords,
      outputProcessors: outputProcessors.getProcessorConfigs(),
      output,
    });
    return this;
  }

  /** Stage names, in order. */
  get stages(): string[] {
    return this.stageList.map((stage) => stage.name);
  }

  /** Runs the stages in order, up to the targets; with resume, reuses or continues what an earlier run finished. */
  async run(options: WorkflowRunOptions = {}): Promise<CompositeWorkflowResults> {
    if (this.stageList.length === 0)
      throw new DataDesignerWorkflowError(`Workflow '${this.name}' has no stages.`, { fix: 'Add stages with addStage(name, config).' });
    const resume = options.resume ?? 'never';
    if (!RESUME_MODES.includes(resume))
      throw new DataDesignerWorkflowError(`Invalid resume mode '${resume}'.`, { fix: `Use one of ${RESUME_MODES.join(', ')}.` });
    if (options.rerunFrom !== undefined && resume === 'never') {
      throw new DataDesignerWorkflowError('rerunFrom needs resume "if_possible" or "always".', { fix: 'Pass resume: "if_possible" with rerunFrom.' });
    }
    const indices = new Map(this.stageList.map((stage, index) => [stage.name, index]));
    const indexOf = (name: string) => definedOrThrow(indices.get(name), `index of stage '${name}'`);
    const targetIndex = Math.max(...this.stageNames(options.targets, 'target').map(indexOf));
    const rerunFromIndex =
      options.rerunFrom === undefined ? undefined : indexOf(definedOrThrow(this.stageNames(options.rerunFrom, 'rerunFrom')[0], 'rerunFrom'));
    if (rerunFromIndex !== undefined && rerunFromIndex > targetIndex) {
      throw new DataDesignerWorkflowError(`rerunFrom '${options.rerunFrom}' comes after every target stage.`, { fix: 'Name a target stage or one before it.' });
    }
    const overrides = await this.validateOverrides(options.stageOutputOverrides ?? {}, indices, targetIndex);

    const workflowPath = path.resolve(this.designer.artifactPath, this.name);
    await mkdir(workflowPath, { recursive: true });
    const warn = (message: string) => options.onEvent?.({ type: 'log', level: 'warning', message });
    const prior = readPriorWorkflowMetadata(workflowPath, this.name, resume, warn);
    const metadata: WorkflowMetadata = { name: this.name, library_version: CLI_VERSION, stages: [] };
    const write = () => writeWorkflowMetadata(workflowPath, metadata);
    const results = new Map<string, DatasetCreationResults>();
    const outputPaths = new Map<string, string>();
    const outcomes = new Map<string, StageOutcome>();
    const skipped = new Map<string, SkippedStage>();
    let previous: StageHandoff | undefined;
    let emptyUpstream: string | undefined;
    // A stage that runs or resumes may produce new data, so every stage after it is rebuilt.
    let rerunDownstream = false;

    let previousStageName: string | undefined;
    for (const [index, stage] of this.stageList.entries()) {
      if (index > targetIndex) break;
      const stageDir = `stage-${index}-${stage.name}`;
      const stagePath = path.join(workflowPath, stageDir);
      const entry: StageMetadata = {
        index,
        name: stage.name,
        stage_dir: stageDir,
        depends_on: previousStageName === undefined ? [] : [previousStageName],
        allow_empty: stage.allowEmpty ?? false,
        on_success_version: stage.onSuccessVersion ?? null,
        sampling_strategy: stage.samplingStrategy ?? 'ordered',
        selection_strategy: stage.selectionStrategy ?? null,
        output_processors: stage.outputProcessors,
        output: stage.output,
      };
      metadata.stages.push(entry);
      previousStageName = stage.name;
      if (emptyUpstream !== undefined) {
        Object.assign(entry, { status: 'skipped_empty_upstream', upstream_stage: emptyUpstream });
        skipped.set(stage.name, { status: 'skipped_empty_upstream', upstreamStage: emptyUpstream });
        outcomes.set(stage.name, 'skipped_empty_upstream');
        write();
        continue;
      }
      const start = performance.now();
      try {
        let config = await stageConfig(stage.source);
        if (previous) {
          if (config.seed_config) warn(`Stage '${stage.name}' has a seed dataset; the workflow seeds it from stage '${previous.name}' instead.`);
          config = (await DataDesignerConfigBuilder.fromConfig({ ...config }))
            .withSeedDataset(localSeedSource(previous.outputPath), {
              samplingStrategy: stage.samplingStrategy ?? 'ordered',
              selectionStrategy: stage.selectionStrategy ?? null,
            })
            .build();
        }
        checkStageOutput(stage, config);
        const numRecords = stage.numRecords ?? previous?.records ?? DEFAULT_NUM_RECORDS;
        const fingerprint = stageFingerprint({
          configHash: configFingerprint(config).config_hash,
          numRecords,
          allowEmpty: stage.allowEmpty ?? false,
          onSuccessVersion: stage.onSuccessVersion ?? null,
          outputProcessors: stage.outputProcessors,
          output: stage.output,
          libraryVersion: CLI_VERSION,
          upstreamFingerprint: previous?.fingerprint ?? null,
        });
        const priorEntry = priorStageMetadata(prior, index, stage.name, stageDir);
        const forceCurrent = rerunFromIndex !== undefined && index >= rerunFromIndex;
        const priorMatches = !rerunDownstream && !forceCurrent && priorEntry !== undefined && priorEntry.fingerprint === fingerprint;
        const override = overrides.get(stage.name);

        if (priorMatches && (await reusable(stage, priorEntry, workflowPath, stagePath))) {
          // Reuse: the earlier run's output as it is (or the override that replaces it).
          Object.assign(entry, priorEntry, { index, name: stage.name, stage_dir: stageDir });
          let outputPath = resolveMetadataPath(workflowPath, String(priorEntry.output_seed_path));
          if (override !== undefined) {
            outputPath = override;
            Object.assign(entry, { output_seed_path: metadataPath(workflowPath, override), stage_output_override_path: metadataPath(workflowPath, override) });
            rerunDownstream = true;
          }
          const records = await outputRecords(outputPath, entry.status === 'completed_empty');
          entry.output_records = records;
          if (override !== undefined) entry.status = emptyStatus(stage, records);
          results.set(stage.name, await DatasetCreationResults.open(effectiveStageFolder(stage, stagePath)));
          outputPaths.set(stage.name, outputPath);
          outcomes.set(stage.name, 'reused');
          if (entry.status === 'completed_empty') emptyUpstream = stage.name;
          previous = { name: stage.name, outputPath, records: entry.status === 'completed_empty' ? undefined : records, fingerprint };
          write();
          continue;
        }

        let stageResume: ResumeMode = 'never';
        if (priorMatches && RESUMABLE_STAGE_STATUSES.has(String(priorEntry.status)) && existsSync(path.join(stagePath, ARTIFACT_LAYOUT.metadataFile))) {
          stageResume = 'always';
        } else if (resume === 'always' && !rerunDownstream && !forceCurrent) {
          throw new DataDesignerWorkflowError(
            `Cannot resume workflow '${this.name}': stage '${stage.name}' has no reusable earlier run (its config, record count or upstream changed, or it never ran).`,
            { fix: 'Run with resume "if_possible" to rebuild it and the stages after it.' },
          );
        }
        // A fresh stage replaces whatever an earlier run left in its folder (stage folders are fixed).
        if (stageResume === 'never') await rm(stagePath, { recursive: true, force: true });
        Object.assign(entry, {
          status: 'running',
          fingerprint,
          num_records_requested: numRecords,
          seeded_from_stage: previous?.name ?? null,
          seed_path: previous ? metadataPath(workflowPath, previous.outputPath) : null,
          config: JSON.parse(dumpConfig(config, 'json', { omitInMemoryRows: true })) as unknown,
        });
        write();

        const result = await this.designer.create(config, {
          numRecords,
          artifactPath: workflowPath,
          datasetName: stageDir,
          resume: stageResume,
          analyze: options.analyze ?? false,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        });
        const ownOutput = path.join(result.datasetPath, ARTIFACT_LAYOUT.finalFolder);
        const actualRecords = await outputRecords(ownOutput, true);
        // Output processors: a processor-only run seeded by the stage's dataset, inside the stage folder.
        let effective = result;
        let outputSource = result;
        if (stage.outputProcessors.length > 0 && actualRecords > 0) {
          const boundary = new DataDesignerConfigBuilder({ modelConfigs: config.model_configs ?? [], toolConfigs: config.tool_configs ?? [] }).withSeedDataset(
            localSeedSource(ownOutput),
          );
          for (const processor of stage.outputProcessors) boundary.addProcessor(processor);
          await rm(path.join(stagePath, OUTPUT_PROCESSORS_FOLDER), { recursive: true, force: true });
          effective = await this.designer.create(boundary, {
            numRecords: actualRecords,
            artifactPath: stagePath,
            datasetName: OUTPUT_PROCESSORS_FOLDER,
            analyze: options.analyze ?? false,
            ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          });
          const selected = stage.output === 'final' ? undefined : stage.output.slice('processor:'.length);
          outputSource = selected === undefined || stage.outputProcessors.some((processor) => processor.name === selected) ? effective : result;
        }
        let outputPath =
          stage.output === 'final' ? path.join(outputSource.datasetPath, ARTIFACT_LAYOUT.finalFolder) : processorOutputPath(outputSource, stage.output);
        let callbackOutput: string | undefined;
        if (stage.onSuccess) {
          callbackOutput = path.resolve(await stage.onSuccess(result.datasetPath));
          outputPath = callbackOutput;
        }
        if (override !== undefined) outputPath = override;
        const records = outputPath === ownOutput ? actualRecords : await outputRecords(outputPath, outputPath.endsWith(ARTIFACT_LAYOUT.finalFolder));
        const status = emptyStatus(stage, records);
        Object.assign(entry, {
          status,
          num_records_actual: actualRecords,
          output_records: records,
          output_seed_path: metadataPath(workflowPath, outputPath),
          callback_output_path: callbackOutput === undefined ? null : metadataPath(workflowPath, callbackOutput),
          stage_output_override_path: override === undefined ? null : metadataPath(workflowPath, override),
          output_processor_output_path: effective === result ? null : metadataPath(workflowPath, effective.datasetPath),
          duration_sec: (performance.now() - start) / 1000,
        });
        results.set(stage.name, effective);
        outputPaths.set(stage.name, outputPath);
        outcomes.set(stage.name, stageResume === 'always' ? 'resumed' : 'ran');
        if (status === 'completed_empty') emptyUpstream = stage.name;
        previous = { name: stage.name, outputPath, records: status === 'completed_empty' ? undefined : records, fingerprint };
        rerunDownstream = true;
        write();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        Object.assign(entry, { status: 'failed', error: message, duration_sec: (performance.now() - start) / 1000 });
        write();
        throw new DataDesignerWorkflowError(`Workflow '${this.name}': stage '${stage.name}' (${index + 1} of ${this.stageList.length}) failed: ${message}`, {
          cause: error,
          fix: `Fix the stage and run again with resume "if_possible": the finished stages before it are reused from ${workflowPath}.`,
        });
      }
    }
    return new CompositeWorkflowResults(
      workflowPath,
      results,
      definedOrThrow(this.stageList[targetIndex], 'target stage').name,
      outputPaths,
      outcomes,
      skipped,
    );
  }

  /** Stage names given as targets or rerunFrom, checked. */
  private stageNames(names: string | readonly string[] | undefined, label: string): string[] {
    if (names === undefined) return this.stages.slice(-1);
    const list = typeof names === 'string' ? [names] : [...names];
    if (list.length === 0) throw new DataDesignerWorkflowError(`${label} must name at least one stage.`);
    const unknown = list.filter((name) => !this.stageList.some((stage) => stage.name === name));
    if (unknown.length > 0) {
      throw new DataDesignerWorkflowError(`Unknown ${label} stage(s): ${unknown.join(', ')}.`, {
        fix: `Stages of workflow '${this.name}': ${this.stages.join(', ')}.`,
      });
    }
    return list;
  }

  /** Overrides by stage, as absolute paths: known stages up to the furthest target, each holding parquet files. */
  private async validateOverrides(
    overrides: Readonly<Record<string, string>>,
    indices: Map<string, number>,
    targetIndex: number,
  ): Promise<Map<string, string>> {
    const checked = new Map<string, string>();
    for (const [name, target] of Object.entries(overrides)) {
      const index = indices.get(name);
      if (index === undefined)
        throw new DataDesignerWorkflowError(`Unknown stage output override: '${name}'.`, {
          fix: `Stages of workflow '${this.name}': ${this.stages.join(', ')}.`,
        });
      if (index > targetIndex)
        throw new DataDesignerWorkflowError(`The output override of stage '${name}' is after every target stage.`, {
          fix: 'Override a target stage or one before it.',
        });
      const resolved = path.resolve(target);
      try {
        await countStageOutputRecords(resolved);
      } catch (error) {
        throw new DataDesignerWorkflowError(`Invalid output override for stage '${name}': ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      checked.set(name, resolved);
    }
    return checked;
  }
}

/** `completed`, or `completed_empty` when empty outputs are allowed; otherwise an empty output is an error. */
function emptyStatus(stage: WorkflowStage, records: number): 'completed' | 'completed_empty' {
  if (records > 0) return 'completed';
  if (!stage.allowEmpty) {
    throw new DataDesignerWorkflowError('it produced no records, so the next stage has no seed.', {
      fix: 'Pass allowEmpty: true to end the workflow there instead.',
    });
  }
  return 'completed_empty';
}

/** Records of an output; a folder without parquet files counts 0 when `emptyAllowed`. */
async function outputRecords(target: string, emptyAllowed: boolean): Promise<number> {
  if (emptyAllowed && stageOutputFiles(target).length === 0) return 0;
  return countStageOutputRecords(target);
}

/** Whether an earlier run's finished stage can be used as it is. */
async function reusable(stage: WorkflowStage, prior: StageMetadata, workflowPath: string, stagePath: string): Promise<boolean> {
  if (!COMPLETED_STAGE_STATUSES.has(String(prior.status))) return false;
  if (stage.onSuccess && stage.onSuccessVersion === undefined) return false;
  if (typeof prior.output_seed_path !== 'string' || prior.output_seed_path === '') return false;
  if (!existsSync(path.join(effectiveStageFolder(stage, stagePath), ARTIFACT_LAYOUT.metadataFile))) return false;
  try {
    await outputRecords(resolveMetadataPath(workflowPath, prior.output_seed_path), prior.status === 'completed_empty');
    return true;
  } catch {
    return false;
  }
}

/** The dataset folder a stage's results point at: the output-processor run's when there is one. */
function effectiveStageFolder(stage: WorkflowStage, stagePath: string): string {
  const boundary = path.join(stagePath, OUTPUT_PROCESSORS_FOLDER);
  return stage.outputProcessors.length > 0 && existsSync(path.join(boundary, ARTIFACT_LAYOUT.metadataFile)) ? boundary : stagePath;
}

/** Output processor names are distinct from the stage's own; `processor:<name>` names one of either. */
function checkStageOutput(stage: WorkflowStage, config: DataDesignerConfig): void {
  const own = new Set((config.processors ?? []).map((processor) => processor.name));
  const clashing = stage.outputProcessors.filter((processor) => own.has(processor.name)).map((processor) => processor.name);
  if (clashing.length > 0) {
    throw new DataDesignerWorkflowError(`output processor names must differ from the stage's own processors: ${clashing.join(', ')}.`);
  }
  if (stage.output === 'final') return;
  const name = stage.output.slice('processor:'.length);
  if (!own.has(name) && !stage.outputProcessors.some((processor) => processor.name === name)) {
    throw new DataDesignerWorkflowError(`output processor '${name}' is not configured on this stage.`, {
      fix: 'Name one of the stage config processors or of its outputProcessors.',
    });
  }
}

/** A processor's artifact in a dataset folder (`processors-files/<name>/` or `<name>.parquet`). */
function processorOutputPath(result: DatasetCreationResults, output: `processor:${string}`): string {
  const name = output.slice('processor:'.length);
  const folder = path.join(result.datasetPath, ARTIFACT_LAYOUT.processorsFolder, name);
  if (existsSync(folder)) return folder;
  if (existsSync(`${folder}.parquet`)) return `${folder}.parquet`;
  throw new DataDesignerWorkflowError(`output processor '${name}' did not produce artifacts.`);
}

/** A local seed source over a stage output (a folder's `*.parquet`, or the file). */
function localSeedSource(outputPath: string): { seed_type: 'local'; path: string } {
  return { seed_type: 'local', path: existsSync(outputPath) && statSync(outputPath).isDirectory() ? path.join(outputPath, '*.parquet') : outputPath };
}

async function stageConfig(source: ConfigSource): Promise<DataDesignerConfig> {
  if (source instanceof DataDesignerConfigBuilder) return source.build();
  return loadConfig(source as Parameters<typeof loadConfig>[0]);
}
