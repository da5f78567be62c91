import { isLlmColumnType } from '../columns/column-type-facts.js';
import { definedOrThrow, InvalidConfigError } from '../errors/index.js';
import { findTemplateReferences } from './template-references.js';

/**
 * The fields of a column config that dependency analysis reads (every column config of the schema
 * fits it). Kept structural so plugin columns with a `prompt` participate too.
 */
export interface DependencyColumn {
  name: string;
  column_type: string;
  drop?: boolean;
  skip?: { when: string } | null;
  propagate_skip?: boolean;
  prompt?: string;
  system_prompt?: string | null;
  expr?: string;
  target_column?: string;
  target_columns?: readonly string[];
  multi_modal_context?: ReadonlyArray<{ column_name?: string | null }> | null;
  with_trace?: string;
  extract_reasoning_content?: boolean;
  model_alias?: string;
  generator_function?: unknown;
}

/** Column types that run before the DAG, in their declared order (samplers and seed columns). */
export const NON_DAG_COLUMN_TYPES: ReadonlySet<string> = new Set(['sampler', 'seed-dataset']);

function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Declared metadata of a custom column function (attached by the engine's `customColumnGenerator`). */
function customMetadata(column: DependencyColumn): {
  requiredColumns?: readonly string[];
  sideEffectColumns?: readonly string[];
  modelAliases?: readonly string[];
} {
  const fn = column.generator_function;
  if ((typeof fn === 'function' || (typeof fn === 'object' && fn !== null)) && fn !== null) {
    return fn as { requiredColumns?: readonly string[]; sideEffectColumns?: readonly string[]; modelAliases?: readonly string[] };
  }
  return {};
}

/** Columns a column needs before it can be generated (config-spec §2.2). */
export function requiredColumnsOf(column: DependencyColumn): string[] {
  const contextColumns = (column.multi_modal_context ?? [])
    .map((context) => context.column_name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  if (isLlmColumnType(column.column_type)) {
    return uniqueInOrder([
      ...findTemplateReferences(column.prompt ?? ''),
      ...(column.system_prompt ? findTemplateReferences(column.system_prompt) : []),
      ...contextColumns,
    ]);
  }
  switch (column.column_type) {
    case 'image':
      return uniqueInOrder([...findTemplateReferences(column.prompt ?? ''), ...contextColumns]);
    case 'embedding':
      return column.target_column ? [column.target_column] : [];
    case 'validation':
      return [...(column.target_columns ?? [])];
    case 'expression':
      return findTemplateReferences(column.expr ?? '');
    case 'custom':
      return [...(customMetadata(column).requiredColumns ?? [])];
    case 'sampler':
    case 'seed-dataset':
      return [];
    default:
      // Plugin columns: the template fields they share with the built-in model columns.
      return uniqueInOrder([
        ...(typeof column.prompt === 'string' ? findTemplateReferences(column.prompt) : []),
        ...(typeof column.system_prompt === 'string' ? findTemplateReferences(column.system_prompt) : []),
      ]);
  }
}

/** Extra columns a column writes besides its own (`x__trace`, `x__reasoning_content`, custom ones). */
export function sideEffectColumnsOf(column: DependencyColumn): string[] {
  if (column.column_type === 'custom') return [...(customMetadata(column).sideEffectColumns ?? [])];
  const sideEffects: string[] = [];
  if (column.with_trace !== undefined && column.with_trace !== 'none') sideEffects.push(`${column.name}__trace`);
  if (column.extract_reasoning_content === true) sideEffects.push(`${column.name}__reasoning_content`);
  return sideEffects;
}

/** Model aliases a column uses (its `model_alias`, or a custom function's declared aliases). */
export function modelAliasesOf(column: DependencyColumn): string[] {
  if (column.column_type === 'custom') return [...(customMetadata(column).modelAliases ?? [])];
  return typeof column.model_alias === 'string' ? [column.model_alias] : [];
}

/** Columns a column's `skip.when` refers to, sorted. */
export function skipColumnsOf(column: DependencyColumn): string[] {
  return column.skip ? findTemplateReferences(column.skip.when).sort() : [];
}

/**
 * Execution order of columns (engine-spec §1.3): samplers and seed columns first in their declared
 * order, then the other columns by Kahn's algorithm over required and skip references, ties broken by
 * declaration order (deterministic across runs, unlike the original). Throws `InvalidConfigError`
 * naming the columns of a dependency cycle.
 */
export function topologicalColumnOrder<T extends DependencyColumn>(columns: readonly T[]): T[] {
  const first = columns.filter((column) => NON_DAG_COLUMN_TYPES.has(column.column_type));
  const dag = columns.filter((column) => !NON_DAG_COLUMN_TYPES.has(column.column_type));
  const producer = new Map<string, number>();
  dag.forEach((column, index) => {
    for (const sideEffect of sideEffectColumnsOf(column)) if (!producer.has(sideEffect)) producer.set(sideEffect, index);
  });
  dag.forEach((column, index) => {
    producer.set(column.name, index);
  });

  const nodes = dag.map((column) => ({ column, downstream: [] as number[], indegree: 0 }));
  nodes.forEach((node, index) => {
    const upstream = new Set<number>();
    for (const name of [...requiredColumnsOf(node.column), ...skipColumnsOf(node.column)]) {
      const source = producer.get(name);
      if (source !== undefined && source !== index) upstream.add(source);
    }
    for (const source of upstream) {
      definedOrThrow(nodes[source], `dependency node ${source}`).downstream.push(index);
      node.indegree += 1;
    }
  });
  // Kahn with a ready list kept in declaration order.
  const ready = nodes.flatMap((node, index) => (node.indegree === 0 ? [index] : []));
  const ordered: T[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const next = definedOrThrow(nodes[ready.shift() ?? -1], 'the next ready column');
    ordered.push(next.column);
    for (const target of next.downstream) {
      const downstreamNode = definedOrThrow(nodes[target], `dependency node ${target}`);
      downstreamNode.indegree -= 1;
      if (downstreamNode.indegree === 0) ready.push(target);
    }
  }
  if (ordered.length < dag.length) {
    const stuck = nodes.filter((node) => node.indegree > 0).map((node) => node.column.name);
    throw new InvalidConfigError(`Columns ${stuck.map((name) => `'${name}'`).join(', ')} depend on each other in a cycle.`, {
      fix: 'Remove one of the references so the columns can be generated in order.',
    });
  }
  return [...first, ...ordered];
}
