/**
 * `GET /api/strata/v1/lineage?uri=&direction=up|down&depth=N`: lineage as a graph.
 * Node ids are URIs (`models:/name/3`, `runs:/<id>`, `dataset:<digest>`, `git:<commit>`,
 * `source:<file>`), so any node can start the next query. Edges follow the data:
 * dataset → run (input_of), code → run (source_of), parent → child run (parent_of),
 * run → model version (registered_as), whichever direction was walked.
 */

export type LineageNodeTypeWire = 'model_version' | 'run' | 'dataset' | 'code';
export type LineageRelationWire = 'input_of' | 'source_of' | 'parent_of' | 'registered_as';
export type LineageAttributeWire = string | number | boolean | string[] | null;

export interface LineageNodeWire {
  id: string;
  type: LineageNodeTypeWire;
  label: string;
  /** Per type, snake_case: model_version {name, version, current_stage, aliases, source, run_id, status,
   * creation_time}; run {run_id, run_name, experiment_id, status, lifecycle_stage, user_id, start_time,
   * end_time} (or {run_id, missing: true}); dataset {name, digest, source_type, source}; code {commit,
   * repo_url?, branch?} or {source_name}. */
  attributes: Record<string, LineageAttributeWire>;
}

export interface LineageEdgeWire {
  from: string;
  to: string;
  relation: LineageRelationWire;
  /** input_of: {name, context}; source_of from a commit: {source_name}. */
  attributes?: Record<string, LineageAttributeWire>;
}

export interface LineageRequest {
  uri: string;
  direction?: 'up' | 'down';
  /** Edges from the start, 0–50; default 5. */
  depth?: number;
}

export interface LineageResponse {
  root: string;
  direction: 'up' | 'down';
  depth: number;
  nodes: LineageNodeWire[];
  edges: LineageEdgeWire[];
  /** Present (true) when the node limit cut the walk short. */
  truncated?: boolean;
}

export const STRATA_LINEAGE_ENDPOINTS = {
  lineage: { methods: ['GET'], path: '/lineage' },
} as const;
