/** The lineage graph to Strata's JSON: attribute keys in snake_case, `truncated` only when true. */
import type { LineageAttributeWire, LineageResponse } from '../../api/strata-lineage.js';
import type { AttributeValue, LineageGraph } from '../../core/lineage/lineage-graph.js';
import { snakeCase } from './snake-case-keys.js';

function attributesToWire(attributes: Record<string, AttributeValue>): Record<string, LineageAttributeWire> {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [snakeCase(key), value]));
}

export function lineageToWire(graph: LineageGraph): LineageResponse {
  return {
    root: graph.root,
    direction: graph.direction,
    depth: graph.depth,
    nodes: graph.nodes.map((node) => ({ id: node.id, type: node.type, label: node.label, attributes: attributesToWire(node.attributes) })),
    edges: graph.edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      relation: edge.relation,
      ...(edge.attributes ? { attributes: attributesToWire(edge.attributes) } : {}),
    })),
    ...(graph.truncated ? { truncated: true } : {}),
  };
}
