import path from 'node:path';
import { ARTIFACT_LAYOUT, openParquetView, type DatasetProfile, type Row } from '@dd/engine';
import { exportFormatOf, exportRelation, type ExportFormat } from '../results/export-relation.js';
import type { DatasetCreationResults, PushToHubOptions } from '../results/dataset-creation-results.js';
import { DataDesignerWorkflowError } from './data-designer-workflow-error.js';
import { countStageOutputRecords, loadStageOutputRecords, stageOutputFiles } from './stage-output.js';

/** How a stage got its output in this run. */
export type StageOutcome =
  /** Generated from scratch. */
  | 'ran'
  /** An interrupted or failed earlier run of the same stage was continued (`create` resume). */
  | 'resumed'
  /** An earlier run's finished output was reused as it was. */
  | 'reused'
  /** Not run: an upstream stage finished with no records (`allowEmpty`). */
  | 'skipped_empty_upstream';

/** A stage that did not run because an upstream stage produced no records. */
export interface SkippedStage {
  /** Always `skipped_empty_upstream`. */
  status: 'skipped_empty_upstream';
  /** The stage whose output was empty. */
  upstreamStage: string;
}

/** The per-stage results of a workflow run, in stage order. */
export class CompositeWorkflowResults {
  constructor(
    /** Folder of the workflow (`<artifact path>/<workflow name>`). */
    readonly workflowPath: string,
    /** Results by stage name, in stage order (stages that ran, resumed or were reused). */
    readonly stages: ReadonlyMap<string, DatasetCreationResults>,
    /** The last stage run (the furthest target). */
    readonly finalStageName: string,
    /** Where each stage's output handed downstream is (its `parquet-files`, or what `onSuccess` or an override gave). */
    private readonly outputPaths: ReadonlyMap<string, string>,
    /** How each stage got its output. */
    readonly outcomes: ReadonlyMap<string, StageOutcome>,
    /** Stages skipped because an upstream output was empty. */
    readonly skipped: ReadonlyMap<string, SkippedStage> = new Map(),
  ) {}

  /** The final stage's results; an error when it was skipped. */
  get finalResult(): DatasetCreationResults {
    return this.stageResult(this.finalStageName);
  }

  /** A stage's results; an error naming the stage when it was skipped or is not part of this run. */
  stageResult(stageName: string): DatasetCreationResults {
    const skipped = this.skipped.get(stageName);
    if (skipped) throw new DataDesignerWorkflowError(`Stage '${stageName}' was skipped: stage '${skipped.upstreamStage}' produced no records.`);
    const result = this.stages.get(stageName);
    if (!result) throw new DataDesignerWorkflowError(`Stage '${stageName}' is not part of this run (stages: ${[...this.outcomes.keys()].join(', ')}).`);
    return result;
  }

  /** Where a stage's output handed downstream is (a parquet file or a folder of them). */
  stageOutputPath(stageName: string): string {
    const result = this.stageResult(stageName);
    return this.outputPaths.get(stageName) ?? path.join(result.datasetPath, ARTIFACT_LAYOUT.finalFolder);
  }

  /** The records a stage handed downstream (follows `onSuccess` and output overrides). */
  async loadStageOutput(stageName: string): Promise<Row[]> {
    return loadStageOutputRecords(this.stageOutputPath(stageName));
  }

  /** Records a stage handed downstream, from the parquet footers. */
  async countStageOutputRecords(stageName: string): Promise<number> {
    return countStageOutputRecords(this.stageOutputPath(stageName));
  }

  /** The final stage's output records. */
  async loadDataset(): Promise<Row[]> {
    return this.loadStageOutput(this.finalStageName);
  }

  /** The final stage's profile (null unless the workflow ran with `analyze: true`). */
  async loadAnalysis(): Promise<DatasetProfile | null> {
    return this.finalResult.loadAnalysis();
  }

  /** The final stage's output record count. */
  async countRecords(): Promise<number> {
    return this.countStageOutputRecords(this.finalStageName);
  }

  /** Writes a stage's output handed downstream to one file (parquet, jsonl, json or csv; from the extension unless given); returns the path. */
  async exportStage(stageName: string, filePath: string, format?: ExportFormat): Promise<string> {
    const chosen = exportFormatOf(filePath, format);
    const source = this.stageOutputPath(stageName);
    const files = stageOutputFiles(source);
    if (files.length === 0) throw new DataDesignerWorkflowError(`Stage '${stageName}' has no parquet files to export at '${source}'.`);
    const relation = await openParquetView(files);
    try {
      await exportRelation(relation, filePath, chosen);
    } finally {
      relation.close();
    }
    return filePath;
  }

  /** Writes the final stage's output to one file (see `exportStage`). */
  async export(filePath: string, format?: ExportFormat): Promise<string> {
    return this.exportStage(this.finalStageName, filePath, format);
  }

  /**
   * Pushes the final stage's dataset to the Hugging Face Hub (see `DatasetCreationResults.pushToHub`);
   * returns its URL. Refused when `onSuccess` or an override replaced that stage's output.
   */
  async pushToHub(repoId: string, description?: string, options: PushToHubOptions = {}): Promise<string> {
    const final = this.finalResult;
    const output = this.outputPaths.get(this.finalStageName);
    if (output !== undefined && output !== path.join(final.datasetPath, ARTIFACT_LAYOUT.finalFolder)) {
      throw new DataDesignerWorkflowError('pushToHub() cannot push a stage output replaced by onSuccess or an override.', {
        fix: "Push the stage's DatasetCreationResults itself, or write the selected output with loadStageOutput().",
      });
    }
    return description === undefined ? final.pushToHub(repoId, options) : final.pushToHub(repoId, description, options);
  }
}
