/**
 * A lineage graph as a tree for people: the start at the top, then what it came from (up)
 * or what came from it (down), one level of indentation per edge. A node reached twice
 * is printed once and then referred to.
 */
import type { LineageEdgeWire, LineageNodeWire, LineageResponse } from '../../../api/strata-lineage.js';

function describeNode(node: LineageNodeWire): string {
  const a = node.attributes;
  switch (node.type) {
    case 'model_version': {
      const aliases = Array.isArray(a.aliases) && a.aliases.length > 0 ? ` @${a.aliases.join(' @')}` : '';
      return `model ${node.label} [${String(a.current_stage)}]${aliases}`;
    }
    case 'run':
      return a.missing ? `run ${node.label} (no longer in the database)` : `run ${node.label} (${String(a.status)}, experiment ${String(a.experiment_id)})`;
    case 'dataset':
      return `dataset ${String(a.name)} digest ${String(a.digest)}`;
    case 'code':
      return a.commit !== undefined ? `code git ${String(a.commit)}${a.repo_url ? ` ${String(a.repo_url)}` : ''}` : `code ${String(a.source_name)}`;
  }
}

function describeEdge(edge: LineageEdgeWire): string {
  const context = edge.attributes?.context;
  const source = edge.attributes?.source_name;
  const extra = [context ? `context ${String(context)}` : '', source ? String(source) : ''].filter(Boolean).join(', ');
  return extra ? `${edge.relation} (${extra})` : edge.relation;
}

export function formatLineageTree(graph: LineageResponse): string {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const children = new Map<string, Array<{ id: string; edge: LineageEdgeWire }>>();
  for (const edge of graph.edges) {
    const [parent, child] = graph.direction === 'up' ? [edge.to, edge.from] : [edge.from, edge.to];
    children.set(parent, [...(children.get(parent) ?? []), { id: child, edge }]);
  }
  const lines: string[] = [];
  const printed = new Set<string>();
  const label = (id: string) => {
    const node = nodes.get(id);
    return node ? `${describeNode(node)}  ${id}` : id;
  };
  const walk = (id: string, prefix: string) => {
    const kids = children.get(id) ?? [];
    kids.forEach(({ id: child, edge }, index) => {
      const last = index === kids.length - 1;
      const seen = printed.has(child);
      lines.push(`${prefix}${last ? '└── ' : '├── '}${describeEdge(edge)}: ${label(child)}${seen ? ' (shown above)' : ''}`);
      if (seen) return;
      printed.add(child);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  lines.push(label(graph.root));
  printed.add(graph.root);
  walk(graph.root, '');
  if (graph.truncated) lines.push(`… cut short at ${graph.nodes.length} nodes; ask for less --depth`);
  return lines.join('\n');
}
