/**
 * The lineage graph and the pure functions that build it from what the store returns.
 * Edges follow the data: dataset → run (input_of), code → run (source_of), parent run →
 * child run (parent_of), run → model version (registered_as), whichever way the query
 * walked. Node ids are URIs, so a node can be the start of the next query.
 */
import type { Dataset } from '../entities.js';
import type { LineageInput, LineageRun } from '../ports/lineage-repository.js';
import type { ModelVersion } from '../registry-entities.js';

export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';
export const SOURCE_NAME_TAG = 'mlflow.source.name';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';
const REPO_URL_TAG = 'mlflow.source.git.repoURL';
const BRANCH_TAG = 'mlflow.source.git.branch';

/** The run tags lineage reads; the store loads only these. */
export const LINEAGE_RUN_TAG_KEYS: readonly string[] = [GIT_COMMIT_TAG, SOURCE_NAME_TAG, PARENT_RUN_TAG, REPO_URL_TAG, BRANCH_TAG];

export type LineageNodeType = 'model_version' | 'run' | 'dataset' | 'code';
export type LineageRelation = 'input_of' | 'source_of' | 'parent_of' | 'registered_as';
export type AttributeValue = string | number | boolean | string[] | null;

export interface LineageNode {
  id: string;
  type: LineageNodeType;
  label: string;
  attributes: Record<string, AttributeValue>;
}

export interface LineageEdge {
  from: string;
  to: string;
  relation: LineageRelation;
  attributes?: Record<string, AttributeValue>;
}

export type LineageDirection = 'up' | 'down';

export interface LineageGraph {
  root: string;
  direction: LineageDirection;
  depth: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** True when the node limit cut the walk short. */
  truncated: boolean;
}

export const versionNodeId = (name: string, version: number): string => `models:/${name}/${version}`;
export const runNodeId = (runId: string): string => `runs:/${runId}`;
export const datasetNodeId = (digest: string): string => `dataset:${digest}`;
export const commitNodeId = (commit: string): string => `git:${commit}`;

export function versionNode(version: ModelVersion): LineageNode {
  return {
    id: versionNodeId(version.name, version.version),
    type: 'model_version',
    label: `${version.name} v${version.version}`,
    attributes: {
      name: version.name,
      version: version.version,
      currentStage: version.currentStage,
      aliases: version.aliases,
      source: version.source,
      runId: version.runId,
      status: version.status,
      creationTime: version.creationTime,
    },
  };
}

export function runNode(run: LineageRun): LineageNode {
  const { info } = run;
  return {
    id: runNodeId(info.runId),
    type: 'run',
    label: info.runName || info.runId,
    attributes: {
      runId: info.runId,
      runName: info.runName,
      experimentId: info.experimentId,
      status: info.status,
      lifecycleStage: info.lifecycleStage,
      userId: info.userId,
      startTime: info.startTime,
      endTime: info.endTime,
    },
  };
}

/** A run a version or a child names but the database no longer has (purged by gc). */
export function missingRunNode(runId: string): LineageNode {
  return { id: runNodeId(runId), type: 'run', label: runId, attributes: { runId, missing: true } };
}

export function datasetNode(dataset: Pick<Dataset, 'name' | 'digest' | 'sourceType' | 'source'>): LineageNode {
  return {
    id: datasetNodeId(dataset.digest),
    type: 'dataset',
    label: `${dataset.name}@${dataset.digest.slice(0, 12)}`,
    attributes: { name: dataset.name, digest: dataset.digest, sourceType: dataset.sourceType, source: dataset.source },
  };
}

function tagOf(run: LineageRun, key: string): string | undefined {
  return run.tags.find((tag) => tag.key === key)?.value;
}

export function parentRunId(run: LineageRun): string | undefined {
  return tagOf(run, PARENT_RUN_TAG) || undefined;
}

/** The code version a run ran: its git commit, else its source name; undefined when it logged neither. */
export function codeNode(run: LineageRun): LineageNode | undefined {
  const commit = tagOf(run, GIT_COMMIT_TAG);
  const sourceName = tagOf(run, SOURCE_NAME_TAG);
  if (commit) {
    const attributes: Record<string, AttributeValue> = { commit };
    const repoUrl = tagOf(run, REPO_URL_TAG);
    const branch = tagOf(run, BRANCH_TAG);
    if (repoUrl) attributes.repoUrl = repoUrl;
    if (branch) attributes.branch = branch;
    return { id: commitNodeId(commit), type: 'code', label: `git ${commit.slice(0, 12)}`, attributes };
  }
  if (sourceName) return { id: `source:${sourceName}`, type: 'code', label: sourceName, attributes: { sourceName } };
  return undefined;
}

/** The edge from a run's code version to the run; the source file rides on the edge (one commit, many scripts). */
export function codeEdge(code: LineageNode, run: LineageRun): LineageEdge {
  const sourceName = tagOf(run, SOURCE_NAME_TAG);
  return {
    from: code.id,
    to: runNodeId(run.info.runId),
    relation: 'source_of',
    ...(sourceName && code.attributes.commit !== undefined ? { attributes: { sourceName } } : {}),
  };
}

export function inputEdge(input: LineageInput, runId: string): LineageEdge {
  return {
    from: datasetNodeId(input.digest),
    to: runNodeId(runId),
    relation: 'input_of',
    attributes: { name: input.name, context: input.context },
  };
}

/** Collects nodes and edges once each, up to a node limit; the order of insertion is kept. */
export class LineageGraphBuilder {
  private readonly nodes = new Map<string, LineageNode>();
  private readonly edges = new Map<string, LineageEdge>();
  private cut = false;

  constructor(private readonly maxNodes: number) {}

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** False (and the graph marked truncated) when the limit is reached. */
  addNode(node: LineageNode): boolean {
    if (this.nodes.has(node.id)) return true;
    if (this.nodes.size >= this.maxNodes) {
      this.cut = true;
      return false;
    }
    this.nodes.set(node.id, node);
    return true;
  }

  /** Adds the edge when both ends are in the graph. */
  addEdge(edge: LineageEdge): void {
    if (!this.nodes.has(edge.from) || !this.nodes.has(edge.to)) return;
    this.edges.set(`${edge.from} ${edge.relation} ${edge.to}`, edge);
  }

  build(root: string, direction: LineageDirection, depth: number): LineageGraph {
    return { root, direction, depth, nodes: [...this.nodes.values()], edges: [...this.edges.values()], truncated: this.cut };
  }
}
