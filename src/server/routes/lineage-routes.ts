/**
 * `GET /api/strata/v1/lineage?uri=&direction=&depth=`: one service call, mapped, then cut to what
 * the caller may read: runs of experiments it may not read and versions of models it may not
 * read are left out with their edges, and so is whatever only they connected to the root. A root
 * the caller may not read is answered as a missing one.
 */
import type { LineageEdgeWire, LineageNodeWire, LineageResponse } from '../../api/strata-lineage.js';
import { notFoundFor } from '../../core/auth/access-target.js';
import { invalidParameter } from '../../core/errors.js';
import type { LineageDirection } from '../../core/lineage/lineage-graph.js';
import type { LineageService } from '../../core/lineage/lineage-service.js';
import type { ReadableSet } from '../../core/ports/grant-repository.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';
import type { RequestAccess } from '../auth/request-access.js';
import { lineageToWire } from '../mappers/lineage-mapper.js';
import type { ApiHandler } from './api-handler.js';

export function lineageRoute(lineage: LineageService): ApiHandler {
  return async ({ fields, access }) => {
    const direction = fields.string('direction') || 'up';
    if (direction !== 'up' && direction !== 'down') throw invalidParameter(`Invalid direction '${shortenForMessage(direction)}': expected up or down.`);
    const graph = await lineage.lineage({
      uri: fields.requiredString('uri'),
      direction: direction as LineageDirection,
      depth: fields.int64('depth'),
    });
    return readableLineage(lineageToWire(graph), access);
  };
}

const includes = (set: ReadableSet, key: unknown): boolean => set.all || (typeof key === 'string' && set.keys.includes(key));

async function readableLineage(graph: LineageResponse, access: RequestAccess): Promise<LineageResponse> {
  const [experiments, models] = await Promise.all([access.readable('experiment'), access.readable('model')]);
  if (experiments.all && models.all) return graph;
  const hidden = (node: LineageNodeWire): boolean => {
    if (node.type === 'run') return node.attributes.missing !== true && !includes(experiments, String(node.attributes.experiment_id));
    if (node.type === 'model_version') return !includes(models, node.attributes.name);
    return false;
  };
  const root = graph.nodes.find((node) => node.id === graph.root);
  if (root !== undefined && hidden(root)) {
    throw notFoundFor(root.type === 'run' ? { kind: 'run', runId: String(root.attributes.run_id) } : { kind: 'model', name: String(root.attributes.name) });
  }
  const kept = new Set(graph.nodes.filter((node) => !hidden(node)).map((node) => node.id));
  const edges = graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to));
  const reachable = reachableFrom(graph.root, edges);
  return {
    ...graph,
    nodes: graph.nodes.filter((node) => reachable.has(node.id)),
    edges: edges.filter((edge) => reachable.has(edge.from) && reachable.has(edge.to)),
  };
}

/** Nodes connected to the root by the remaining edges, whichever way they point. */
function reachableFrom(root: string, edges: readonly LineageEdgeWire[]): Set<string> {
  const seen = new Set([root]);
  const queue = [root];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const edge of edges) {
      const next = edge.from === id ? edge.to : edge.to === id ? edge.from : undefined;
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
