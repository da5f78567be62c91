import type { ExecutionGraph } from './execution-graph.js';
import { RowGroupCompletion } from './row-group-completion.js';
import type { NodeIndex, RowGroupIndex, RowIndex, Task } from './task.js';

/** Receives every task that becomes ready, across row groups. */
export type TaskReadyListener = (task: Task) => void;

/**
 * Completion state for all row groups in memory (per row group × generator × row). Ready tasks go
 * to the listener given at construction; without one they collect in a frontier read by `takeReady()`.
 * Generators may be named or given by node index.
 */
export class CompletionTracker {
  /** The graph whose edges drive readiness. */
  readonly graph: ExecutionGraph;
  private readonly rowGroups = new Map<RowGroupIndex, RowGroupCompletion>();
  private readonly listener: TaskReadyListener;
  private frontier: Task[] = [];

  constructor(graph: ExecutionGraph, listener?: TaskReadyListener) {
    this.graph = graph;
    this.listener = listener ?? ((task) => this.frontier.push(task));
  }

  /** Starts tracking a row group and emits its root tasks. */
  admit(rowGroup: RowGroupIndex, size: number): RowGroupCompletion {
    if (this.rowGroups.has(rowGroup)) throw new RangeError(`Row group ${rowGroup} is already tracked.`);
    const completion = new RowGroupCompletion(this.graph, rowGroup, size, (node, row) => this.listener({ rowGroup, node, row }));
    this.rowGroups.set(rowGroup, completion);
    completion.start();
    return completion;
  }

  /** State of a tracked row group; throws when it is not tracked. */
  get(rowGroup: RowGroupIndex): RowGroupCompletion {
    const completion = this.rowGroups.get(rowGroup);
    if (completion === undefined) throw new RangeError(`Row group ${rowGroup} is not tracked.`);
    return completion;
  }

  /** Forgets a row group (after its checkpoint), freeing its state. */
  release(rowGroup: RowGroupIndex): void {
    this.rowGroups.delete(rowGroup);
  }

  /** Row groups currently tracked. */
  get activeRowGroups(): RowGroupIndex[] {
    return [...this.rowGroups.keys()];
  }

  /** Marks one cell done. */
  markCellComplete(generator: NodeIndex | string, rowGroup: RowGroupIndex, row: RowIndex): void {
    this.get(rowGroup).markCellComplete(this.nodeOf(generator), row);
  }

  /** Marks a batch generator done for a row group. */
  markBatchComplete(generator: NodeIndex | string, rowGroup: RowGroupIndex): void {
    this.get(rowGroup).markBatchComplete(this.nodeOf(generator));
  }

  /** Drops a row of a row group. */
  dropRow(rowGroup: RowGroupIndex, row: RowIndex): void {
    this.get(rowGroup).dropRow(row);
  }

  /** True when the cell is done. */
  isCellComplete(generator: NodeIndex | string, rowGroup: RowGroupIndex, row: RowIndex): boolean {
    return this.get(rowGroup).isCellComplete(this.nodeOf(generator), row);
  }

  /** True when every generator is complete on every kept row of the row group. */
  isRowGroupComplete(rowGroup: RowGroupIndex): boolean {
    return this.get(rowGroup).isComplete;
  }

  /** Returns and clears the tasks that became ready (only when no listener was given). */
  takeReady(): Task[] {
    const ready = this.frontier;
    this.frontier = [];
    return ready;
  }

  private nodeOf(generator: NodeIndex | string): NodeIndex {
    return typeof generator === 'number' ? generator : this.graph.indexOf(generator);
  }
}
