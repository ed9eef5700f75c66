/**
 * Lineage as a graph, walked level by level from a start URI: each level is a handful of
 * batched store calls (whatever its width), and the nodes and edges come from the pure
 * functions of lineage-graph.ts. Up: model version → source run → its datasets, code
 * version and parent run, recursively. Down: dataset or commit → runs → child runs and
 * the model versions registered from them.
 */
import type { RunInfo } from '../entities.js';
import { invalidParameter, notFound } from '../errors.js';
import type { LineageRepository, LineageRun } from '../ports/lineage-repository.js';
import type { TrackingRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';
import * as graph from './lineage-graph.js';
import { parseLineageUri, type LineageStart } from './lineage-uri.js';
import { resolveDatasetDigest } from './resolve-dataset-digest.js';
import { shortenForMessage } from '../shorten-for-message.js';

export const DEFAULT_LINEAGE_DEPTH = 5;
export const MAX_LINEAGE_DEPTH = 50;
export const MAX_LINEAGE_NODES = 2_000;

export interface LineageQuery {
  uri: string;
  direction?: graph.LineageDirection;
  depth?: number;
}

export interface LineageDeps {
  store: LineageRepository & Pick<TrackingRepository, 'findDatasetsByDigest' | 'findRunInfo'>;
  /** The registry's model URI resolution (models:/name/3, @alias, /Production, /latest). */
  resolveModel: (uri: string) => Promise<ModelVersion>;
  maxNodes?: number;
}

/** Runs to visit at one level of the walk, by id. */
type Frontier = string[];

function validDepth(depth: number | undefined): number {
  if (depth === undefined) return DEFAULT_LINEAGE_DEPTH;
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_LINEAGE_DEPTH) {
    throw invalidParameter(`Invalid depth ${depth}: expected an integer from 0 to ${MAX_LINEAGE_DEPTH}.`);
  }
  return depth;
}

export class LineageService {
  constructor(private readonly deps: LineageDeps) {}

  async lineage(query: LineageQuery): Promise<graph.LineageGraph> {
    const direction = query.direction ?? 'up';
    if (direction !== 'up' && direction !== 'down') throw invalidParameter(`Invalid direction '${shortenForMessage(String(direction))}': expected up or down.`);
    const depth = validDepth(query.depth);
    const start = await this.resolveStart(parseLineageUri(query.uri));
    const builder = new graph.LineageGraphBuilder(this.deps.maxNodes ?? MAX_LINEAGE_NODES);
    const root = direction === 'up' ? await this.walkUp(start, depth, builder) : await this.walkDown(start, depth, builder);
    return builder.build(root, direction, depth);
  }

  /** A dataset may be named by a unique prefix of its digest; the graph uses the full one. */
  private async resolveStart(start: LineageStart): Promise<LineageStart> {
    if (start.kind !== 'dataset') return start;
    return { kind: 'dataset', digest: await resolveDatasetDigest(this.deps.store, start.digest) };
  }

  // ------------------------------------------------------------------ up

  private async walkUp(start: LineageStart, depth: number, builder: graph.LineageGraphBuilder): Promise<string> {
    if (start.kind === 'model') {
      const version = await this.deps.resolveModel(start.uri);
      const node = graph.versionNode(version);
      builder.addNode(node);
      if (version.runId && depth >= 1) await this.upFromRuns([version.runId], 1, depth, builder, new Map([[version.runId, node.id]]));
      return node.id;
    }
    if (start.kind === 'run') {
      await this.requireRun(start.runId);
      await this.upFromRuns([start.runId], 0, depth, builder, new Map());
      return graph.runNodeId(start.runId);
    }
    // Datasets and commits are where lineage begins: nothing is upstream of them.
    return start.kind === 'dataset' ? this.datasetRoot(start.digest, builder) : this.commitRoot(start.commit, builder);
  }

  /**
   * One level per loop: load the runs, add them with their inputs and code version, and
   * go on with their parents. `downstream` maps a run to the node it feeds (for the edge).
   */
  private async upFromRuns(
    first: Frontier,
    firstLevel: number,
    depth: number,
    builder: graph.LineageGraphBuilder,
    downstream: Map<string, string>,
  ): Promise<void> {
    let frontier = first;
    for (let level = firstLevel; frontier.length > 0 && level <= depth; level++) {
      const runs = new Map((await this.deps.store.loadLineageRuns(frontier)).map((run) => [run.info.runId, run]));
      const next: Frontier = [];
      for (const runId of frontier) {
        const run = runs.get(runId);
        if (!builder.addNode(run ? graph.runNode(run) : graph.missingRunNode(runId))) return;
        const target = downstream.get(runId);
        if (target) builder.addEdge(this.upstreamEdge(runId, target));
        if (!run || level === depth) continue;
        this.addInputsAndCode(run, builder);
        const parent = graph.parentRunId(run);
        if (parent && !builder.has(graph.runNodeId(parent)) && !downstream.has(parent)) {
          downstream.set(parent, graph.runNodeId(runId));
          next.push(parent);
        }
      }
      frontier = next;
    }
  }

  private upstreamEdge(runId: string, target: string): graph.LineageEdge {
    const relation = target.startsWith('runs:/') ? 'parent_of' : 'registered_as';
    return { from: graph.runNodeId(runId), to: target, relation };
  }

  private addInputsAndCode(run: LineageRun, builder: graph.LineageGraphBuilder): void {
    for (const input of run.inputs) {
      if (builder.addNode(graph.datasetNode(input))) builder.addEdge(graph.inputEdge(input, run.info.runId));
    }
    const code = graph.codeNode(run);
    if (code && builder.addNode(code)) builder.addEdge(graph.codeEdge(code, run));
  }

  // ------------------------------------------------------------------ down

  private async walkDown(start: LineageStart, depth: number, builder: graph.LineageGraphBuilder): Promise<string> {
    if (start.kind === 'model') {
      // Nothing is derived from a model version in the registry's records.
      const node = graph.versionNode(await this.deps.resolveModel(start.uri));
      builder.addNode(node);
      return node.id;
    }
    if (start.kind === 'run') {
      await this.requireRun(start.runId);
      await this.downFromRuns([start.runId], 0, depth, builder, new Map());
      return graph.runNodeId(start.runId);
    }
    if (start.kind === 'dataset') {
      const root = await this.datasetRoot(start.digest, builder);
      if (depth >= 1) {
        const matches = await this.deps.store.findRunIdsByDatasetDigests([start.digest]);
        await this.downFromRuns(unique(matches.map((m) => m.runId)), 1, depth, builder, new Map(), root);
      }
      return root;
    }
    const root = await this.commitRoot(start.commit, builder);
    if (depth >= 1) {
      const matches = await this.deps.store.findRunIdsByTagValues(graph.GIT_COMMIT_TAG, [start.commit]);
      await this.downFromRuns(unique(matches.map((m) => m.runId)), 1, depth, builder, new Map(), root);
    }
    return root;
  }

  /**
   * One level per loop: load the runs (for their attributes and the edge from the start),
   * then the versions registered from them and their child runs, in one call each.
   * `upstream` maps a child run to its parent's node.
   */
  private async downFromRuns(
    first: Frontier,
    firstLevel: number,
    depth: number,
    builder: graph.LineageGraphBuilder,
    upstream: Map<string, string>,
    source?: string,
  ): Promise<void> {
    let frontier = first;
    for (let level = firstLevel; frontier.length > 0 && level <= depth; level++) {
      const runs = await this.deps.store.loadLineageRuns(frontier);
      const added: string[] = [];
      for (const run of runs) {
        if (!builder.addNode(graph.runNode(run))) return;
        added.push(run.info.runId);
        this.addDownstreamEdge(run, level === firstLevel ? source : undefined, upstream, builder);
      }
      if (level === depth || added.length === 0) return;
      const [versions, children] = await Promise.all([
        this.deps.store.findModelVersionsByRunIds(added),
        this.deps.store.findRunIdsByTagValues(graph.PARENT_RUN_TAG, added),
      ]);
      for (const version of versions) {
        const node = graph.versionNode(version);
        if (!builder.addNode(node)) return;
        builder.addEdge({ from: graph.runNodeId(version.runId ?? ''), to: node.id, relation: 'registered_as' });
      }
      frontier = [];
      for (const child of children) {
        if (builder.has(graph.runNodeId(child.runId)) || upstream.has(child.runId)) continue;
        upstream.set(child.runId, graph.runNodeId(child.value));
        frontier.push(child.runId);
      }
    }
  }

  private addDownstreamEdge(run: LineageRun, source: string | undefined, upstream: Map<string, string>, builder: graph.LineageGraphBuilder): void {
    const runId = run.info.runId;
    const parent = upstream.get(runId);
    if (parent) builder.addEdge({ from: parent, to: graph.runNodeId(runId), relation: 'parent_of' });
    if (!source) return;
    if (source.startsWith('dataset:')) {
      for (const input of run.inputs) if (graph.datasetNodeId(input.digest) === source) builder.addEdge(graph.inputEdge(input, runId));
    } else {
      const code = graph.codeNode(run);
      if (code) builder.addEdge(graph.codeEdge(code, run));
    }
  }

  // ------------------------------------------------------------------ roots

  private async datasetRoot(digest: string, builder: graph.LineageGraphBuilder): Promise<string> {
    const [dataset] = await this.deps.store.findDatasetsByDigest(digest);
    if (!dataset) throw notFound(`No dataset with digest ${shortenForMessage(digest)} was logged as a run input.`);
    builder.addNode(graph.datasetNode(dataset));
    return graph.datasetNodeId(digest);
  }

  private async commitRoot(commit: string, builder: graph.LineageGraphBuilder): Promise<string> {
    const [match] = await this.deps.store.findRunIdsByTagValues(graph.GIT_COMMIT_TAG, [commit]);
    if (!match) throw notFound(`No run records git commit ${shortenForMessage(commit)} (tag ${graph.GIT_COMMIT_TAG}).`);
    const [run] = await this.deps.store.loadLineageRuns([match.runId]);
    const node = run ? graph.codeNode(run) : undefined;
    builder.addNode(node ?? { id: graph.commitNodeId(commit), type: 'code', label: `git ${commit.slice(0, 12)}`, attributes: { commit } });
    return graph.commitNodeId(commit);
  }

  private async requireRun(runId: string): Promise<RunInfo> {
    const info = await this.deps.store.findRunInfo(runId);
    if (!info) throw notFound(`Run with id=${shortenForMessage(runId)} not found`);
    return info;
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
