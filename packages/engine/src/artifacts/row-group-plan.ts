import { defineErrorClass } from '@dd/config';
import { ArtifactStorageError } from './artifact-storage-error.js';

/** A run asks for more records or row groups than can work; raised before anything is generated. */
export class GenerationSizeError extends defineErrorClass('GenerationSizeError') {}

/**
 * Most row groups one dataset may have: each is a parquet file listed in `metadata.json`, which is rewritten
 * after every row group, so far more than this makes the run crawl and the folder unusable.
 */
export const MAX_ROW_GROUPS = 100_000;

/**
 * Rejects sizes that cannot work, before generation starts: `num_records` must be a whole number a double
 * holds exactly, and `num_records / buffer_size` must stay within `MAX_ROW_GROUPS`. The error names the
 * field, the value and the fix.
 */
export function checkGenerationSize(numRecords: number, bufferSize: number): void {
  if (!Number.isSafeInteger(numRecords) || numRecords < 0) {
    throw new GenerationSizeError(`num_records=${String(numRecords)} is not a whole number between 0 and ${Number.MAX_SAFE_INTEGER}.`, {
      fix: 'Pass a smaller number of records (-n / num_records).',
    });
  }
  if (!Number.isSafeInteger(bufferSize) || bufferSize < 1) {
    throw new GenerationSizeError(`buffer_size=${String(bufferSize)} is not a positive whole number.`, {
      fix: 'Set buffer_size in the run config to 1 or more (default 1000).',
    });
  }
  const rowGroups = Math.ceil(numRecords / bufferSize);
  if (rowGroups > MAX_ROW_GROUPS) {
    const minimum = Math.ceil(numRecords / MAX_ROW_GROUPS);
    throw new GenerationSizeError(
      `num_records=${numRecords} with buffer_size=${bufferSize} makes ${rowGroups} row groups (parquet files); at most ${MAX_ROW_GROUPS} are supported.`,
      { fix: `Raise buffer_size to at least ${minimum} (run config), or generate fewer records.` },
    );
  }
}

/** One row group to generate (same shape as the scheduler's `RowGroupSpec`). */
export interface PlannedRowGroup {
  /** Row-group id (names the parquet file). */
  index: number;
  /** Rows to generate. */
  size: number;
  /** Dataset position of its first row (seed readers use it). */
  rowOffset: number;
}

/** Inputs of a `RowGroupPlan`. */
export interface RowGroupPlanOptions {
  /** Target of the first run: fixes the original groups' sizes (the last one may be short). */
  originalTarget: number;
  /** Current target (≥ `originalTarget`); the difference is an extension in new groups after the original ones. */
  numRecords: number;
  /** Rows per row group. */
  bufferSize: number;
  /** Ids already on disk (skipped). */
  completedIds?: Iterable<number>;
}

const ceilDiv = (numerator: number, denominator: number) => (numerator <= 0 ? 0 : Math.ceil(numerator / denominator));

/**
 * Lazy row-group plan for fresh and resumed runs (engine-spec §5.2, §6.3): memory grows with the number
 * of completed ids only, never with the number of row groups. Original groups keep the sizes implied by
 * `originalTarget`; an extension adds groups after them, so a group's offset never depends on which
 * other groups are done (what makes ordered seed reading resume-safe).
 */
export class RowGroupPlan {
  /** Target of the first run. */
  readonly originalTarget: number;
  /** Current target. */
  readonly numRecords: number;
  /** Rows per row group. */
  readonly bufferSize: number;
  /** Groups covering `originalTarget`. */
  readonly originalGroupCount: number;
  /** All groups (original + extension), done or not. */
  readonly totalRowGroups: number;
  private readonly completed: ReadonlySet<number>;

  constructor(options: RowGroupPlanOptions) {
    const { originalTarget, numRecords, bufferSize } = options;
    if (!Number.isInteger(originalTarget) || originalTarget < 0)
      throw new ArtifactStorageError(`original target must be a non-negative integer, got ${originalTarget}.`);
    if (!Number.isInteger(numRecords) || numRecords < originalTarget) {
      throw new ArtifactStorageError(`num_records (${numRecords}) must be an integer ≥ the original target (${originalTarget}).`);
    }
    if (numRecords > 0 && (!Number.isInteger(bufferSize) || bufferSize <= 0)) {
      throw new ArtifactStorageError(`buffer_size must be a positive integer, got ${bufferSize}.`);
    }
    this.originalTarget = originalTarget;
    this.numRecords = numRecords;
    this.bufferSize = bufferSize;
    this.originalGroupCount = ceilDiv(originalTarget, bufferSize);
    this.totalRowGroups = this.originalGroupCount + ceilDiv(numRecords - originalTarget, bufferSize);
    const completed = new Set<number>();
    for (const id of options.completedIds ?? []) if (Number.isInteger(id) && id >= 0 && id < this.totalRowGroups) completed.add(id);
    this.completed = completed;
  }

  /** Plan of a fresh run: `ceil(numRecords / bufferSize)` groups from id 0. */
  static fresh(numRecords: number, bufferSize: number): RowGroupPlan {
    return new RowGroupPlan({ originalTarget: numRecords, numRecords, bufferSize });
  }

  /** Groups still to generate. */
  get remainingCount(): number {
    return this.totalRowGroups - this.completed.size;
  }

  /** Rows still to generate (sizes of the remaining groups). */
  get remainingRecords(): number {
    let done = 0;
    for (const id of this.completed) done += this.sizeOf(id);
    return this.numRecords - done;
  }

  /** True when `index` is a group of this plan that is not done yet. */
  has(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.totalRowGroups && !this.completed.has(index);
  }

  /** Planned size of any group id of the plan (done or not). */
  sizeOf(index: number): number {
    this.assertInPlan(index);
    if (index < this.originalGroupCount) return Math.min(this.bufferSize, this.originalTarget - index * this.bufferSize);
    const extensionIndex = index - this.originalGroupCount;
    return Math.min(this.bufferSize, this.numRecords - this.originalTarget - extensionIndex * this.bufferSize);
  }

  /** Dataset offset of the first row of any group id of the plan. */
  startOffsetOf(index: number): number {
    this.assertInPlan(index);
    if (index < this.originalGroupCount) return index * this.bufferSize;
    return this.originalTarget + (index - this.originalGroupCount) * this.bufferSize;
  }

  /** The remaining groups in id order. */
  *[Symbol.iterator](): IterableIterator<PlannedRowGroup> {
    for (let index = 0; index < this.totalRowGroups; index++) {
      if (!this.completed.has(index)) yield { index, size: this.sizeOf(index), rowOffset: this.startOffsetOf(index) };
    }
  }

  /** The remaining groups as an array (what the scheduler's `rowGroups` option takes). */
  toArray(): PlannedRowGroup[] {
    return [...this];
  }

  private assertInPlan(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.totalRowGroups) {
      throw new ArtifactStorageError(`Row group ${index} is not part of the plan (0..${this.totalRowGroups - 1}).`);
    }
  }
}
