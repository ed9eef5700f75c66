/**
 * Strata's own API under /api/strata/v1: what MLflow's protocol has no room for.
 * Same conventions as the MLflow routes (snake_case, millisecond timestamps, opaque
 * page tokens) so one client and one error shape serve both.
 */

import type { RunData, RunInfo, WireDouble } from './mlflow-tracking.js';

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

/**
 * `GET /api/strata/v1/experiments/keys?experiment_id=1[&prefix=lo&max_results=1000]`: every distinct
 * param, metric and tag key of the experiment's active runs, with how many of those runs have it,
 * sorted by key. `prefix` keeps keys starting with it; `max_results` (default and at most
 * EXPERIMENT_KEYS_MAX_RESULTS) caps each kind's list, and `truncated` says a list was cut.
 */
export interface ExperimentKeysRequest {
  experiment_id: string;
  prefix?: string;
  max_results?: number;
}

export interface ExperimentKeyWire {
  key: string;
  /** Active runs of the experiment that have this key. */
  run_count: number;
}

export interface ExperimentKeysResponse {
  params: ExperimentKeyWire[];
  metrics: ExperimentKeyWire[];
  tags: ExperimentKeyWire[];
  /** Present (true) when some kind had more keys than max_results. */
  truncated?: boolean;
}

/** The keys a column projection asks for (each list at most RUN_COLUMNS_MAX_KEYS keys). */
export interface RunColumnsWire {
  params?: string[];
  metrics?: string[];
  tags?: string[];
}

/**
 * `POST /api/strata/v1/runs/search`: MLflow's runs/search body (experiment_ids, filter, order_by,
 * run_view_type, max_results, page_token: same rules, same page tokens) plus `columns`. Each run comes
 * back as in runs/search but its data holds only the asked-for keys it has (metrics: the latest value,
 * step and timestamp) and `inputs` is left out; an absent `columns` returns no params, metrics or tags.
 */
export interface SearchRunColumnsRequest {
  experiment_ids: string[];
  filter?: string;
  order_by?: string[];
  run_view_type?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  max_results?: number;
  page_token?: string;
  columns?: RunColumnsWire;
}

export interface SearchRunColumnsResponse {
  /** Always present (empty when nothing matches), unlike runs/search's. */
  runs: Array<{ info: RunInfo; data: RunData }>;
  next_page_token?: string;
}

/** The x axis an envelope is bucketed on. Relative time is `timestamp` minus the run's start, done by the caller. */
export type MetricEnvelopeXAxis = 'step' | 'timestamp';

/**
 * `POST /api/strata/v1/metrics/envelope` (and `GET` with `run_id`, `metric_key` and the other fields as
 * query parameters for one series): for each series, the points whose x lies in [x_min, x_max]
 * (inclusive; absent = the series' whole extent) summarized in at most `buckets` contiguous x ranges.
 * The server may widen buckets so their edges fall on its roll-up grid; every point in range is
 * counted in exactly one bucket, so the band drawn from min/max never drops a spike.
 */
export interface MetricEnvelopeRequest {
  series: Array<{ run_id: string; metric_key: string }>;
  x_axis?: MetricEnvelopeXAxis;
  x_min?: number;
  x_max?: number;
  /** 1..10,000; default 1,000. */
  buckets?: number;
  /**
   * Which bucket columns to send (default: all). A chart drawing the band and the last value needs
   * `last_x`, `min`, `max`, `last` (and `nan_count` to say how many points are NaN): half the bytes.
   */
  fields?: MetricEnvelopeField[];
}

/** The bucket columns of an envelope, in wire order. */
export const METRIC_ENVELOPE_FIELDS = ['x_start', 'x_end', 'count', 'nan_count', 'min', 'max', 'first', 'last', 'first_x', 'last_x'] as const;
export type MetricEnvelopeField = (typeof METRIC_ENVELOPE_FIELDS)[number];

/**
 * Non-empty buckets only, in x order, as parallel columns (index i is one bucket). min/max are over the
 * bucket's non-NaN values (null when every point in it is NaN); first/last are the values of the
 * bucket's first and last point in x order (ties: step, then timestamp), NaN included. Every column is
 * present unless the request's `fields` left it out.
 */
export interface MetricEnvelopeBucketsWire {
  x_start?: number[];
  x_end?: number[];
  count?: number[];
  nan_count?: number[];
  min?: Array<WireDouble | null>;
  max?: Array<WireDouble | null>;
  first?: WireDouble[];
  last?: WireDouble[];
  first_x?: number[];
  last_x?: number[];
}

export interface MetricEnvelopeSeriesWire {
  run_id: string;
  metric_key: string;
  /** The whole series' extent on the x axis (absent when it has no points). */
  x_extent?: { min: number; max: number };
  /** Points in the requested range. */
  count: number;
  buckets: MetricEnvelopeBucketsWire;
}

export interface MetricEnvelopeResponse {
  series: MetricEnvelopeSeriesWire[];
}

export const METRIC_ENVELOPE_MAX_SERIES = 2_000;
export const METRIC_ENVELOPE_MAX_BUCKETS = 10_000;

export const EXPERIMENT_KEYS_MAX_RESULTS = 50_000;
export const RUN_COLUMNS_MAX_KEYS = 1_000;

export const STRATA_ENDPOINTS = {
  listAuditEvents: { methods: ['GET'], path: '/audit' },
  getVersion: { methods: ['GET'], path: '/version' },
  experimentRunStats: { methods: ['GET'], path: '/experiments/run-stats' },
  experimentKeys: { methods: ['GET'], path: '/experiments/keys' },
  searchRunColumns: { methods: ['POST'], path: '/runs/search' },
  metricEnvelope: { methods: ['POST', 'GET'], path: '/metrics/envelope' },
} as const;
