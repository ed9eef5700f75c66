/**
 * The runs table's own endpoints under /api/strata/v1. Saved views: a named copy of the
 * experiment page's URL query (filter, sort, columns, pins, widths, grouping…), stored on the
 * server per experiment so a team shares it; the server keeps `state` as opaque text. Value
 * counts: the groups of a param or tag (and each parent's number of nested runs).
 */

export interface SavedViewWire {
  view_id: string;
  experiment_id: string;
  name: string;
  /** The experiment page's URL query without its `?`, as the dashboard wrote it. */
  state: string;
  /** Who saved it first (the name the request claimed, as a run's user_id). */
  created_by: string;
  created_time: number;
  last_update_time: number;
}

/** `GET /api/strata/v1/experiments/views?experiment_id=`: every view of the experiment, by name. */
export interface ListSavedViewsRequest {
  experiment_id: string;
}

export interface ListSavedViewsResponse {
  views: SavedViewWire[];
}

/** `POST /api/strata/v1/experiments/views/create`. */
export interface CreateSavedViewRequest {
  experiment_id: string;
  name: string;
  state: string;
}

/** `PATCH /api/strata/v1/experiments/views/update`: rename, overwrite the state, or both. */
export interface UpdateSavedViewRequest {
  view_id: string;
  name?: string;
  state?: string;
}

export interface SavedViewResponse {
  view: SavedViewWire;
}

/** `DELETE /api/strata/v1/experiments/views/delete`. */
export interface DeleteSavedViewRequest {
  view_id: string;
}

export const MAX_SAVED_VIEW_NAME_LENGTH = 200;
/** A URL query with a few hundred columns fits; a view is a link, not a data store. */
export const MAX_SAVED_VIEW_STATE_LENGTH = 65_536;
/** Keeps the views menu (and its one list request) small. */
export const MAX_SAVED_VIEWS_PER_EXPERIMENT = 500;

export const STRATA_VIEW_ENDPOINTS = {
  listSavedViews: { methods: ['GET'], path: '/experiments/views' },
  createSavedView: { methods: ['POST'], path: '/experiments/views/create' },
  updateSavedView: { methods: ['PATCH'], path: '/experiments/views/update' },
  deleteSavedView: { methods: ['DELETE'], path: '/experiments/views/delete' },
} as const;

/**
 * `POST /api/strata/v1/runs/values`: how many of an experiment's runs (matching `filter`) hold
 * each value of one param or tag, for grouping the runs table by it; with `values`, only those
 * values are counted (the tag mlflow.parentRunId and a page of run ids: their nested runs).
 */
export interface RunValueCountsRequest {
  experiment_id: string;
  kind: 'params' | 'tags';
  key: string;
  filter?: string;
  run_view_type?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  values?: string[];
  max_results?: number;
}

export interface RunValueCountWire {
  value: string;
  run_count: number;
}

export interface RunValueCountsResponse {
  /** Ordered by value (code units). */
  values: RunValueCountWire[];
  /** Matching runs without the key; 0 when `values` was given. */
  missing_count: number;
  truncated?: boolean;
}

export const RUN_VALUE_COUNTS_MAX_RESULTS = 1000;
/** `values` of one request: a few pages of runs. */
export const RUN_VALUE_COUNTS_MAX_VALUES = 1000;

export const STRATA_RUN_GROUP_ENDPOINTS = {
  countRunsByValue: { methods: ['POST'], path: '/runs/values' },
} as const;
