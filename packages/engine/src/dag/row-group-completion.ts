import { missingInvariant } from '@dd/config';
import type { ExecutionGraph } from './execution-graph.js';
import type { NodeIndex, RowGroupIndex, RowIndex } from './task.js';

/** Receives a task the moment its inputs are complete: `row` is null for batch tasks. */
export type ReadyListener = (node: NodeIndex, row: RowIndex | null) => void;

const WAITING = 0;
const READY = 1;
const DONE = 2;

/**
 * Completion state of one row group: which cells (generator × row) and batches are done, which rows
 * are dropped, and an event-driven frontier. Every update costs O(fan-out) (a batch completion or a
 * row drop costs O(rows) / O(generators) once), and newly ready tasks are pushed to the listener,
 * so nothing ever scans the whole row group per event.
 *
 * Readiness rules: a cell task (generator g, row r) is ready once every batch upstream of g is done
 * for the row group and every cell upstream of g is done for row r; a batch task is ready once its
 * batch upstreams are done and each cell upstream is done or dropped on every row. Dropping a row
 * counts as "done" for everything still missing on it, which can release a waiting batch task.
 */
export class RowGroupCompletion {
  /** Row group index. */
  readonly index: RowGroupIndex;
  /** Rows in the row group, dropped ones included. */
  readonly size: number;
  private readonly graph: ExecutionGraph;
  private readonly onReady: ReadyListener;
  private readonly dropped: Uint8Array;
  private droppedRows = 0;
  /** Per cell node: 1 where the cell is done. Empty array for batch nodes. */
  private readonly done: Uint8Array[];
  /** Per cell node: cell upstreams still missing per row (null when it has none). */
  private readonly pending: (Uint16Array | null)[];
  /** Per cell node: rows done or dropped. */
  private readonly satisfied: Int32Array;
  /** Per node: batch upstreams not yet done. */
  private readonly batchRemaining: Int32Array;
  /** Per batch node: WAITING, READY (handed to the listener) or DONE. */
  private readonly batchState: Uint8Array;
  private readonly nodeDone: Uint8Array;
  private completeNodes = 0;
  private incompleteRoots = 0;
  private started = false;

  constructor(graph: ExecutionGraph, index: RowGroupIndex, size: number, onReady: ReadyListener) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Row group ${index} has size ${size}; a row group needs at least one row.`);
    }
    this.graph = graph;
    this.index = index;
    this.size = size;
    this.onReady = onReady;
    const count = graph.nodes.length;
    this.dropped = new Uint8Array(size);
    this.done = new Array<Uint8Array>(count);
    this.pending = new Array<Uint16Array | null>(count);
    this.satisfied = new Int32Array(count);
    this.batchRemaining = new Int32Array(count);
    this.batchState = new Uint8Array(count);
    this.nodeDone = new Uint8Array(count);
    const empty = new Uint8Array(0);
    for (const node of graph.nodes) {
      const isCell = node.strategy === 'cell_by_cell';
      this.done[node.index] = isCell ? new Uint8Array(size) : empty;
      const cellUpstreams = node.cellUpstream.length;
      this.pending[node.index] = isCell && cellUpstreams > 0 ? new Uint16Array(size).fill(cellUpstreams) : null;
      this.batchRemaining[node.index] = node.batchUpstream.length;
      if (node.isRoot) this.incompleteRoots++;
    }
  }

  /** Emits the root tasks (one per row for cell roots, one batch task per batch root). Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const node of this.graph.nodes) {
      if (!node.isRoot) continue;
      if (node.strategy === 'cell_by_cell') {
        for (let row = 0; row < this.size; row++) if (this.dropped[row] === 0) this.onReady(node.index, row);
      } else {
        this.checkBatch(node.index);
      }
    }
  }

  /** Records that cell (node, row) is done and emits the cell tasks this unblocks for that row. */
  markCellComplete(node: NodeIndex, row: RowIndex): void {
    const done = this.doneOf(node);
    if (done[row] === 1 || this.dropped[row] === 1) return;
    done[row] = 1;
    for (const d of this.graph.node(node).downstream) {
      const pending = this.pending[d];
      if (pending === null || pending === undefined) continue; // batch downstream or no cell upstream
      const left = (pending[row] ?? 0) - 1;
      pending[row] = left;
      if (left === 0 && this.batchRemaining[d] === 0) this.onReady(d, row);
    }
    if (this.countSatisfied(node) === this.size) this.cellNodeSatisfied(node);
  }

  /** Records that batch node `node` is done for the whole row group (its rows' values are written). */
  markBatchComplete(node: NodeIndex): void {
    if (this.batchState[node] === DONE) return;
    this.batchState[node] = DONE;
    this.nodeCompleted(node);
    for (const d of this.graph.node(node).downstream) {
      const left = (this.batchRemaining[d] ?? 0) - 1;
      this.batchRemaining[d] = left;
      if (this.graph.node(d).strategy === 'full_column') {
        this.checkBatch(d);
      } else if (left === 0) {
        const pending = this.pending[d];
        const done = this.doneOf(d);
        for (let row = 0; row < this.size; row++) {
          if (this.dropped[row] === 0 && done[row] === 0 && (!pending || pending[row] === 0)) {
            this.onReady(d, row);
          }
        }
      }
    }
  }

  /** Drops a row: its missing cells count as done, which may make batch tasks ready. Idempotent. */
  dropRow(row: RowIndex): void {
    if (row < 0 || row >= this.size || this.dropped[row] === 1) return;
    this.dropped[row] = 1;
    this.droppedRows++;
    for (const node of this.graph.nodes) {
      if (node.strategy !== 'cell_by_cell' || this.doneOf(node.index)[row] === 1) continue;
      if (this.countSatisfied(node.index) === this.size) this.cellNodeSatisfied(node.index);
    }
  }

  /** True when the row was dropped. */
  isDropped(row: RowIndex): boolean {
    return this.dropped[row] === 1;
  }

  /** Number of dropped rows. */
  get droppedCount(): number {
    return this.droppedRows;
  }

  /** Rows not dropped. */
  get activeCount(): number {
    return this.size - this.droppedRows;
  }

  /** True when cell (node, row) is done. */
  isCellComplete(node: NodeIndex, row: RowIndex): boolean {
    return this.doneOf(node)[row] === 1;
  }

  /** True when a batch node is done, or a cell node is done or dropped on every row. */
  isNodeComplete(node: NodeIndex): boolean {
    return this.nodeDone[node] === 1;
  }

  /** True when every root generator is complete (the moment pre-batch hooks run). */
  get rootsComplete(): boolean {
    return this.incompleteRoots === 0;
  }

  /** True when every generator is complete on every row that is not dropped. */
  get isComplete(): boolean {
    return this.completeNodes === this.graph.nodes.length;
  }

  /** True when the row is kept and every generator is done on it (used to salvage partial groups). */
  isRowComplete(row: RowIndex): boolean {
    if (this.dropped[row] === 1) return false;
    for (const node of this.graph.nodes) {
      if (node.strategy === 'cell_by_cell' ? this.doneOf(node.index)[row] !== 1 : this.batchState[node.index] !== DONE) {
        return false;
      }
    }
    return true;
  }

  /** Per-row done flags of a cell node (empty for batch nodes). */
  private doneOf(node: NodeIndex): Uint8Array {
    const done = this.done[node];
    if (done === undefined) missingInvariant(`the done flags of node ${node}`);
    return done;
  }

  /** Counts one more row done or dropped for a cell node; returns the new count. */
  private countSatisfied(node: NodeIndex): number {
    const count = (this.satisfied[node] ?? 0) + 1;
    this.satisfied[node] = count;
    return count;
  }

  private cellNodeSatisfied(node: NodeIndex): void {
    this.nodeCompleted(node);
    for (const d of this.graph.node(node).downstream) {
      if (this.graph.node(d).strategy === 'full_column') this.checkBatch(d);
    }
  }

  private nodeCompleted(node: NodeIndex): void {
    if (this.nodeDone[node] === 1) return;
    this.nodeDone[node] = 1;
    this.completeNodes++;
    if (this.graph.node(node).isRoot) this.incompleteRoots--;
  }

  private checkBatch(node: NodeIndex): void {
    if (!this.started || this.batchState[node] !== WAITING || (this.batchRemaining[node] ?? 0) > 0) return;
    for (const u of this.graph.node(node).cellUpstream) {
      if ((this.satisfied[u] ?? 0) < this.size) return;
    }
    this.batchState[node] = READY;
    this.onReady(node, null);
  }
}
