export type { ColumnName, RowGroupIndex, RowIndex, NodeIndex, TaskKind, Task } from './task.js';
export type { GraphNode } from './graph-node.js';
export { ExecutionGraph } from './execution-graph.js';
export { ExecutionGraphError } from './execution-graph-error.js';
export { toMermaid } from './to-mermaid.js';
export { RowGroupCompletion, type ReadyListener } from './row-group-completion.js';
export { CompletionTracker, type TaskReadyListener } from './completion-tracker.js';
