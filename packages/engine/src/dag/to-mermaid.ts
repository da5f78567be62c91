import type { GraphNode } from './graph-node.js';

/** Renders graph nodes as a Mermaid flowchart: rectangles for cell generators, stadiums for batch ones. */
export function toMermaid(nodes: readonly GraphNode[]): string {
  const lines = ['flowchart TD'];
  for (const node of nodes) {
    const label = `${escapeLabel(node.name)}<br/>${node.strategy}`;
    lines.push(node.strategy === 'cell_by_cell' ? `  n${node.index}["${label}"]` : `  n${node.index}(["${label}"])`);
  }
  for (const node of nodes) {
    for (const d of node.downstream) lines.push(`  n${node.index} --> n${d}`);
  }
  return lines.join('\n');
}

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;');
}
