import type { ColumnGenerator } from '../columns/index.js';
import type { NodeIndex } from './task.js';

/** One generator in the execution graph with its resolved edges (indices in topological order). */
export interface GraphNode {
  /** Position in the topological order. */
  readonly index: NodeIndex;
  /** Generator name (unique in the graph). */
  readonly name: string;
  /** The generator itself. */
  readonly generator: ColumnGenerator;
  /** `cell_by_cell` or `full_column`. */
  readonly strategy: ColumnGenerator['strategy'];
  /** Resource leased for each call (`cpu` when the generator declares none). */
  readonly resource: string;
  /** Producers of this generator's required columns, ascending, without duplicates. */
  readonly upstream: readonly NodeIndex[];
  /** Upstream producers that work cell by cell. */
  readonly cellUpstream: readonly NodeIndex[];
  /** Upstream producers that work on whole row groups. */
  readonly batchUpstream: readonly NodeIndex[];
  /** Generators that require one of this generator's columns, ascending. */
  readonly downstream: readonly NodeIndex[];
  /** True when the generator requires nothing (a row group starts with it). */
  readonly isRoot: boolean;
}
