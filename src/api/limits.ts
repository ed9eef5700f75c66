/**
 * Size and count limits of MLflow's tracking API (mlflow/utils/validation.py and the
 * REST handlers, MLflow 2.17). Server validation and client batching both read these,
 * so a batch the client builds is always one the server accepts.
 */

export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;
export const MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
/** Keys of params, metrics and tags. */
export const MAX_ENTITY_KEY_LENGTH = 250;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;

/** runs/log-batch: at most this many entities in total… */
export const MAX_ENTITIES_PER_BATCH = 1000;
/** …of which at most this many params… */
export const MAX_PARAMS_PER_BATCH = 100;
/** …at most this many tags… */
export const MAX_TAGS_PER_BATCH = 100;
/** …and at most this many metrics. */
export const MAX_METRICS_PER_BATCH = 1000;

/** runs/search and experiments/search when max_results is absent. */
export const SEARCH_MAX_RESULTS_DEFAULT = 1000;
/** runs/search and experiments/search reject a larger max_results. */
export const SEARCH_MAX_RESULTS_THRESHOLD = 50000;

/** metrics/get-history-bulk-interval: sampled steps per run when max_results is absent, and the most allowed (MLflow 2.x: 2,500 for both). */
export const GET_HISTORY_BULK_INTERVAL_MAX_RESULTS_DEFAULT = 2500;
export const GET_HISTORY_BULK_INTERVAL_MAX_RESULTS_THRESHOLD = 2500;
/** metrics/get-history-bulk-interval: run_ids per request. */
export const GET_HISTORY_BULK_INTERVAL_MAX_RUN_IDS = 100;

/**
 * Search requests (runs, experiments, registered models, model versions). MLflow sets none of
 * these; Strata does so that one request cannot hold a database for minutes or fail with a 500.
 * The numbers are far beyond what MLflow's clients send.
 *
 * Characters in a filter or in one order_by clause: room for `run_id IN (…)` with ~1,300 run ids.
 * It also bounds the values a filter binds to SQL (≤ 16,700), which with the lists below stays
 * under SQLite's 32,766 bound variables.
 */
export const MAX_SEARCH_FILTER_LENGTH = 50_000;
/** Comparisons in a filter (`metrics.acc > 0.9` is one; an IN list is one). */
export const MAX_SEARCH_FILTER_TERMS = 100;
/**
 * order_by clauses. Each metric, param or tag key is a LEFT JOIN whose order PostgreSQL plans
 * (10 keys: ~20 ms; 20 keys: ~150 ms), and SQLite allows 200 joins per query.
 */
export const MAX_SEARCH_ORDER_BY_CLAUSES = 10;
/** runs/search: experiment_ids per request. */
export const MAX_SEARCH_EXPERIMENT_IDS = 1000;

/** runs/log-inputs: datasets per request (each is a lookup and up to two inserts in one transaction). */
export const MAX_DATASET_INPUTS_PER_REQUEST = 1000;

/** Nesting of arrays and objects in a JSON request body; MLflow's requests nest 4 deep at most. */
export const MAX_JSON_NESTING_DEPTH = 64;

/** Characters of a client's value that an error message quotes before cutting it short. */
export const MAX_ECHOED_VALUE_LENGTH = 250;
/**
 * Characters of any error message a server sends: the last guard for messages that quote
 * several values or a value no rule shortened.
 */
export const MAX_ERROR_MESSAGE_LENGTH = 2000;
