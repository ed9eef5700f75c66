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
