import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataDesignerConfigBuilder, defineErrorClass, loadConfig, type DataDesignerConfig } from '@dd/config';
import type { ConfigSource, DataDesigner } from '../data-designer.js';
import type { DatasetCreationResults, PushToHubOptions } from '../results/dataset-creation-results.js';

/** A workflow was declared wrongly, or one of its stages failed (the message names the stage). */
export const DataDesignerWorkflowError = defineErrorClass('DataDesignerWorkflowError');

/** Options of `CompositeWorkflow.addStage`. */
export interface WorkflowStageOptions {
  /** Records of this stage. @default the previous stage's output count (the first: 10) */
  numRecords?: number;
}

interface WorkflowStage {
  name: string;
  source: ConfigSource;
  numRecords: number | undefined;
}

/** The per-stage results of a workflow run, in stage order. */
export class CompositeWorkflowResults {
  constructor(
    /** Folder of the workflow (`<artifact path>/<workflow name>`). */
    readonly workflowPath: string,
    /** Results by stage name, in stage order. */
    readonly stages: ReadonlyMap<string, DatasetCreationResults>,
  ) {}

  /** The last stage's results. */
  get finalResult(): DatasetCreationResults {
    return [...this.stages.values()].at(-1)!;
  }

  /** Pushes the final stage's dataset to the Hugging Face Hub (see `DatasetCreationResults.pushToHub`); returns its URL. */
  async pushToHub(repoId: string, description?: string, options: PushToHubOptions = {}): Promise<string> {
    return description === undefined ? this.finalResult.pushToHub(repoId, options) : this.finalResult.pushToHub(repoId, description, options);
  }
}

const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Stages that feed each other (the original's experimental `compose_workflow`): each stage is a
 * config; from the second on, the previous stage's dataset (`parquet-files/*.parquet`) is its seed
 * dataset. Each stage writes `<artifact path>/<workflow>/stage-<i>-<name>/`, and
 * `workflow-metadata.json` beside them records every stage's status, folder and record count. A
 * failing stage stops the run with an error naming it; finished stages stay on disk.
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
    this.stageList.push({ name, source, numRecords: options.numRecords });
    return this;
  }

  /** Stage names, in order. */
  get stages(): string[] {
    return this.stageList.map((stage) => stage.name);
  }

  /** Runs every stage in order. */
  async run(): Promise<CompositeWorkflowResults> {
    if (this.stageList.length === 0)
      throw new DataDesignerWorkflowError(`Workflow '${this.name}' has no stages.`, { fix: 'Add stages with addStage(name, config).' });
    const workflowPath = path.join(this.designer.artifactPath, this.name);
    await mkdir(workflowPath, { recursive: true });
    const metadata: { name: string; stages: Array<Record<string, unknown>> } = { name: this.name, stages: [] };
    const writeMetadata = () => writeFile(path.join(workflowPath, 'workflow-metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`, 'utf8');
    const results = new Map<string, DatasetCreationResults>();
    let previous: { path: string; records: number } | undefined;
    for (const [index, stage] of this.stageList.entries()) {
      const folder = `stage-${index}-${stage.name}`;
      const entry: Record<string, unknown> = { name: stage.name, index, dataset_name: folder, status: 'running' };
      metadata.stages.push(entry);
      await writeMetadata();
      try {
        let config = await stageConfig(stage.source);
        if (previous) {
          config = (await DataDesignerConfigBuilder.fromConfig(config as unknown as Record<string, unknown>))
            .withSeedDataset({ seed_type: 'local', path: path.join(previous.path, 'parquet-files', '*.parquet') })
            .build();
        }
        const numRecords = stage.numRecords ?? previous?.records ?? 10;
        const result = await this.designer.create(config, { numRecords, artifactPath: workflowPath, datasetName: folder, analyze: false });
        const records = await result.countRecords();
        Object.assign(entry, { status: 'completed', dataset_path: result.datasetPath, num_records: numRecords, output_records: records });
        results.set(stage.name, result);
        if (records === 0) throw new Error('it produced no records, so the next stage has no seed');
        previous = { path: result.datasetPath, records };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        Object.assign(entry, { status: 'failed', error: message });
        await writeMetadata();
        throw new DataDesignerWorkflowError(`Workflow '${this.name}': stage '${stage.name}' (${index + 1} of ${this.stageList.length}) failed: ${message}`, {
          cause: error,
          fix: `Fix the stage; the datasets of the stages before it stay in ${workflowPath}.`,
        });
      }
      await writeMetadata();
    }
    return new CompositeWorkflowResults(workflowPath, results);
  }
}

async function stageConfig(source: ConfigSource): Promise<DataDesignerConfig> {
  if (source instanceof DataDesignerConfigBuilder) return source.build();
  return loadConfig(source as Parameters<typeof loadConfig>[0]);
}
