/**
 * Strata's own API under /api/strata/v1: what MLflow's protocol has no room for.
 * Same conventions as the MLflow routes (snake_case, millisecond timestamps, opaque
 * page tokens) so one client and one error shape serve both.
 */

export const STRATA_API_PREFIX = '/api/strata/v1';

export interface AuditEventWire {
  /** Increasing; later events have larger ids. */
  event_id: number;
  /** Milliseconds since the epoch. */
  time: number;
  /** The verified identity: `anonymous` until requests are authenticated. */
  actor: string;
  /** The user name the request claimed (HTTP Basic), unverified and sanitized; absent when none. */
  actor_claimed?: string;
  /** Dotted verb, e.g. `run.create`, `experiment.rename`. */
  action: string;
  entity_type: string;
  entity_id: string;
  /** What changed, shaped per action. */
  summary: Record<string, unknown>;
}

/**
 * `GET /api/strata/v1/audit`: every field is an optional query parameter.
 * `since`/`until` (since inclusive, until exclusive) are milliseconds since the epoch or
 * ISO 8601 (`2024-05-01T12:00:00Z`; without a zone, UTC).
 */
export interface ListAuditEventsRequest {
  entity_type?: string;
  entity_id?: string;
  /** Matches `actor` or `actor_claimed`. */
  actor?: string;
  action?: string;
  since?: number | string;
  until?: number | string;
  max_results?: number;
  page_token?: string;
}

export interface ListAuditEventsResponse {
  events: AuditEventWire[];
  next_page_token?: string;
}

/** `GET /api/strata/v1/version`: the Strata release serving (`/version` answers the MLflow one). */
export interface GetStrataVersionResponse {
  version: string;
}

/** `GET /api/strata/v1/experiments/run-stats?experiment_ids=1&experiment_ids=2` (at most 500 ids). */
export interface ExperimentRunStatsRequest {
  experiment_ids: string[];
}

export interface ExperimentRunStatsWire {
  experiment_id: string;
  /** Active (not deleted) runs. */
  run_count: number;
  /** Latest end time (start time while running) among those runs, ms since the epoch. */
  last_run_time: number;
}

/** Experiments without active runs are left out. */
export interface ExperimentRunStatsResponse {
  experiments: ExperimentRunStatsWire[];
}

export const STRATA_ENDPOINTS = {
  listAuditEvents: { methods: ['GET'], path: '/audit' },
  getVersion: { methods: ['GET'], path: '/version' },
  experimentRunStats: { methods: ['GET'], path: '/experiments/run-stats' },
} as const;
