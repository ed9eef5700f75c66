/**
 * The dataset registry under /api/strata/v1/datasets (conventions of strata-v1.ts:
 * snake_case, milliseconds since the epoch, opaque page tokens, MLflow-shaped errors).
 * A version is identified by its content digest; a run "used" a version when it logged
 * an input (runs/log-inputs) with that digest.
 */

export const DATASETS_PATH = '/datasets';

/** Paths below STRATA_API_PREFIX; `:name` is URL-encoded (a name may contain `/`). */
export const STRATA_DATASET_ENDPOINTS = {
  registerDatasetVersion: { methods: ['POST'], path: '/datasets/versions' },
  listDatasets: { methods: ['GET'], path: '/datasets' },
  findDatasetVersionsByDigest: { methods: ['GET'], path: '/datasets/by-digest/:digest' },
  getDataset: { methods: ['GET'], path: '/datasets/:name' },
  getDatasetVersion: { methods: ['GET'], path: '/datasets/:name/versions/:version' },
} as const;

export type StrataDatasetEndpointName = keyof typeof STRATA_DATASET_ENDPOINTS;

/** The input tag MLflow's clients set on a logged dataset: `training`, `eval`, `test`… */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';
/** `source_type` of a dataset logged by `run.logDataset`. */
export const STRATA_DATASET_SOURCE_TYPE = 'strata';

export interface RegisteredDatasetWire {
  name: string;
  description?: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  /** 0 before the first version. */
  latest_version: number;
}

export interface DatasetVersionWire {
  name: string;
  version: number;
  /** Lowercase hex (BLAKE3 for `strata data` pointers). */
  digest: string;
  size: number;
  file_count: number;
  source_uri: string;
  /** As registered (a JSON object). */
  schema?: Record<string, unknown>;
  profile?: Record<string, unknown>;
  created_by: string;
  created_at: number;
}

export interface DatasetVersionRunWire {
  run_id: string;
  run_name: string;
  experiment_id: string;
  /** The input's `mlflow.data.context` tag, when the run set one. */
  context?: string;
  /** The name the run logged the dataset under. */
  dataset_name: string;
  digest: string;
}

/** `POST /api/strata/v1/datasets/versions`: creates the dataset on its first version. */
export interface RegisterDatasetVersionRequest {
  name: string;
  digest: string;
  size: number;
  file_count: number;
  source_uri: string;
  /** A JSON object (or JSON text of one). */
  schema?: Record<string, unknown> | string;
  profile?: Record<string, unknown> | string;
  /** Sets the dataset's description. */
  description?: string;
}

export interface RegisterDatasetVersionResponse {
  dataset_version: DatasetVersionWire;
  /** False when the dataset already had this digest: the existing version is returned. */
  created: boolean;
}

/** `GET /api/strata/v1/datasets?max_results=&page_token=` — by name. */
export interface ListDatasetsRequest {
  max_results?: number;
  page_token?: string;
}

export interface ListDatasetsResponse {
  datasets: RegisteredDatasetWire[];
  next_page_token?: string;
}

export type DatasetVersionWithRunsWire = DatasetVersionWire & { runs?: DatasetVersionRunWire[] };

/** `GET /api/strata/v1/datasets/:name?include_runs=true` — versions newest first. */
export interface GetDatasetResponse {
  dataset: RegisteredDatasetWire;
  /** With `include_runs=true`, each version carries its runs. */
  versions: DatasetVersionWithRunsWire[];
}

/** `GET /api/strata/v1/datasets/:name/versions/:version` */
export interface GetDatasetVersionResponse {
  dataset_version: DatasetVersionWire;
  /** Active runs that logged an input with this digest, newest first. */
  runs: DatasetVersionRunWire[];
}

/** `GET /api/strata/v1/datasets/by-digest/:digest` */
export interface FindDatasetVersionsByDigestResponse {
  dataset_versions: DatasetVersionWire[];
}
