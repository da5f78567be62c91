import type { Row } from '@dd/engine';

/** What `DataDesigner.preview` returns: records kept in memory, nothing written. */
export class PreviewResults {
  /** The generated records, dropped columns removed. */
  readonly dataset: Row[];
  /** Side outputs of processors (e.g. schema_transform), by processor name. */
  readonly processorArtifacts: Record<string, Row[]>;

  constructor(dataset: Row[], processorArtifacts: Record<string, Row[]> = {}) {
    this.dataset = dataset;
    this.processorArtifacts = processorArtifacts;
  }
}
