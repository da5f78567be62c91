import type { ColumnGenerator } from '../columns/index.js';
import { definedOrThrow, missingInvariant } from '@dd/config';
import { ExecutionGraphError } from './execution-graph-error.js';
import type { GraphNode } from './graph-node.js';
import type { ColumnName, NodeIndex } from './task.js';
import { toMermaid } from './to-mermaid.js';

/** Suffixes of side-effect columns an LLM column writes next to its own (`<col>__trace`, ...). */
const SIDE_EFFECT_SUFFIXES = ['__trace', '__reasoning_content'] as const;

const DEFAULT_RESOURCE = 'cpu';

/**
 * Generator-level DAG: one node per generator, an edge from the producer of every required column
 * to the generator requiring it. Nodes are kept in a deterministic topological order (Kahn's
 * algorithm, ties broken by the caller's order, so a caller order that is already valid is kept).
 */
export class ExecutionGraph {
  /** Nodes in topological order; `nodes[i].index === i`. */
  readonly nodes: readonly GraphNode[];
  /** Every column produced, in the caller's generator order (the output column order). */
  readonly columns: readonly ColumnName[];
  private readonly producerByColumn: ReadonlyMap<ColumnName, NodeIndex>;
  private readonly indexByName: ReadonlyMap<string, NodeIndex>;

  private constructor(nodes: GraphNode[], columns: ColumnName[], producerByColumn: Map<ColumnName, NodeIndex>) {
    this.nodes = nodes;
    this.columns = columns;
    this.producerByColumn = producerByColumn;
    this.indexByName = new Map(nodes.map((node) => [node.name, node.index]));
  }

  /** Builds the graph; throws `ExecutionGraphError` on duplicate names/columns, unknown columns or cycles. */
  static create(generators: readonly ColumnGenerator[]): ExecutionGraph {
    const names = new Set<string>();
    const producerByColumn = new Map<ColumnName, number>(); // column → position in `generators`
    const columns: ColumnName[] = [];
    generators.forEach((generator, position) => {
      if (names.has(generator.name)) {
        throw new ExecutionGraphError(`Two generators are named '${generator.name}'.`, {
          fix: 'Give every column (or fused generator) a unique name.',
        });
      }
      names.add(generator.name);
      for (const column of generator.columns) {
        const other = producerByColumn.get(column);
        if (other !== undefined) {
          throw new ExecutionGraphError(`Column '${column}' is produced by both '${generators[other]?.name}' and '${generator.name}'.`, {
            fix: `Rename one of the columns so that '${column}' has a single producer.`,
          });
        }
        producerByColumn.set(column, position);
        columns.push(column);
      }
    });

    // Edges by caller position.
    const upstreamByPosition = generators.map((generator, position) => {
      const upstream = new Set<number>();
      for (const column of generator.requiredColumns) {
        const producer = resolveProducer(column, producerByColumn);
        if (producer === undefined) {
          throw new ExecutionGraphError(`Generator '${generator.name}' requires column '${column}', which no generator produces.`, {
            fix: `Add a column named '${column}' or remove it from '${generator.name}' required columns.`,
          });
        }
        // A column referring to itself adds no edge, as in the original's execution graph: at
        // generation the reference is simply not set yet.
        if (producer === position) continue;
        upstream.add(producer);
      }
      return [...upstream];
    });

    const order = kahnOrder(generators, upstreamByPosition);
    const indexOfPosition = new Array<number>(generators.length);
    order.forEach((position, index) => {
      indexOfPosition[position] = index;
    });

    const indexOf = (position: number): NodeIndex => definedOrThrow(indexOfPosition[position], `the graph index of generator ${position}`);
    const generatorAt = (position: number): ColumnGenerator => definedOrThrow(generators[position], `generator ${position}`);
    const upstreamByIndex: number[][] = order.map((position) => (upstreamByPosition[position] ?? []).map(indexOf).sort((a, b) => a - b));
    const downstream: number[][] = generators.map(() => []);
    upstreamByIndex.forEach((upstream, index) => {
      for (const u of upstream) downstream[u]?.push(index);
    });

    const nodes: GraphNode[] = order.map((position, index) => {
      const generator = generatorAt(position);
      const upstream = upstreamByIndex[index] ?? [];
      const isCell = (u: number): boolean => generatorAt(order[u] ?? -1).strategy === 'cell_by_cell';
      return {
        index,
        name: generator.name,
        generator,
        strategy: generator.strategy,
        resource: generator.resource ?? DEFAULT_RESOURCE,
        upstream,
        cellUpstream: upstream.filter(isCell),
        batchUpstream: upstream.filter((u) => !isCell(u)),
        downstream: (downstream[index] ?? []).sort((a, b) => a - b),
        isRoot: upstream.length === 0,
      };
    });
    const producerByIndex = new Map<ColumnName, NodeIndex>();
    for (const [column, position] of producerByColumn) producerByIndex.set(column, indexOf(position));
    return new ExecutionGraph(nodes, columns, producerByIndex);
  }

  /** Number of generators. */
  get size(): number {
    return this.nodes.length;
  }

  /** Generator names in topological order. */
  topologicalOrder(): string[] {
    return this.nodes.map((node) => node.name);
  }

  /** Node index of a generator by name; throws when unknown. */
  indexOf(name: string): NodeIndex {
    const index = this.indexByName.get(name);
    if (index === undefined) {
      throw new ExecutionGraphError(`No generator named '${name}' in the graph.`, {
        fix: `Use one of: ${this.topologicalOrder().join(', ')}.`,
      });
    }
    return index;
  }

  /** Node at `index` (a `NodeIndex` handed out by this graph); throws when the index is not one of its nodes. */
  node(index: NodeIndex): GraphNode {
    const node = this.nodes[index];
    if (node === undefined) missingInvariant(`node ${index} of the execution graph`);
    return node;
  }

  /** Node that produces `column` (side-effect columns resolve to their producer), or undefined. */
  producerOf(column: ColumnName): GraphNode | undefined {
    const index = resolveProducer(column, this.producerByColumn);
    return index === undefined ? undefined : this.nodes[index];
  }

  /** Longest dependency chain (by number of generators), as names from root to leaf. */
  criticalPath(): string[] {
    // Nodes are in topological order, so every upstream's chain is final when a node is reached.
    const chains: Array<{ length: number; previous: number }> = [];
    for (const node of this.nodes) {
      const chain = { length: 1, previous: -1 };
      for (const u of node.upstream) {
        const upstreamLength = chains[u]?.length ?? 1;
        if (upstreamLength + 1 > chain.length) {
          chain.length = upstreamLength + 1;
          chain.previous = u;
        }
      }
      chains.push(chain);
    }
    let end = 0;
    chains.forEach((chain, index) => {
      if (chain.length > (chains[end]?.length ?? 0)) end = index;
    });
    const path: string[] = [];
    for (let at = this.nodes.length === 0 ? -1 : end; at !== -1; at = chains[at]?.previous ?? -1) path.push(this.node(at).name);
    return path.reverse();
  }

  /** Tasks a run of `numRecords` in row groups of `bufferSize` needs: cells per row, batches per group. */
  taskCount(numRecords: number, bufferSize: number): Record<string, number> {
    const rowGroups = Math.ceil(numRecords / bufferSize);
    const counts: Record<string, number> = {};
    for (const node of this.nodes) counts[node.name] = node.strategy === 'cell_by_cell' ? numRecords : rowGroups;
    return counts;
  }

  /** Mermaid flowchart of the graph, for debugging. */
  toMermaid(): string {
    return toMermaid(this.nodes);
  }
}

function resolveProducer(column: ColumnName, producerByColumn: ReadonlyMap<ColumnName, number>): number | undefined {
  const direct = producerByColumn.get(column);
  if (direct !== undefined) return direct;
  for (const suffix of SIDE_EFFECT_SUFFIXES) {
    if (column.endsWith(suffix)) {
      const base = producerByColumn.get(column.slice(0, -suffix.length));
      if (base !== undefined) return base;
    }
  }
  return undefined;
}

/** Kahn's algorithm; among ready generators always picks the earliest in caller order. */
function kahnOrder(generators: readonly ColumnGenerator[], upstream: readonly number[][]): number[] {
  const remaining = upstream.map((edges) => edges.length);
  const downstream: number[][] = generators.map(() => []);
  upstream.forEach((edges, position) => {
    for (const u of edges) downstream[u]?.push(position);
  });
  const placed = new Array<boolean>(generators.length).fill(false);
  const order: number[] = [];
  // Small graphs: a linear scan for the earliest ready generator keeps the order stable.
  while (order.length < generators.length) {
    let next = -1;
    for (let position = 0; position < generators.length; position++) {
      if (!placed[position] && remaining[position] === 0) {
        next = position;
        break;
      }
    }
    if (next === -1) {
      const stuck = generators.filter((_, position) => !placed[position]).map((g) => g.name);
      throw new ExecutionGraphError(`The generators form a dependency cycle among: ${stuck.join(', ')}.`, {
        fix: 'Remove one of the references so that no column depends on itself through others.',
      });
    }
    placed[next] = true;
    order.push(next);
    for (const d of downstream[next] ?? []) remaining[d] = (remaining[d] ?? 0) - 1;
  }
  return order;
}
