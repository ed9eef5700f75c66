/**
 * MLflow's tracking REST contract (mlflow/protos/service.proto, MLflow 2.17) as TypeScript,
 * field for field as MLflow's JSON spells it. Only this folder and the server's mappers
 * know these snake_case shapes; everything else uses the camelCase domain types.
 *
 * Proto3 JSON leaves out empty repeated fields and unset optionals, so response lists are
 * optional here: Strata always sends them, but an MLflow server on the other end may not.
 * int64 fields (timestamps, steps) travel as JSON numbers, as MLflow's own server sends them.
 */

/**
 * The MLflow release whose REST API Strata speaks, answered at `GET /version` as MLflow's
 * server answers its own version there (MLflow clients and UIs may compare it with theirs).
 * Strata's own version is at `GET /api/strata/v1/version`.
 */
export const MLFLOW_COMPATIBLE_VERSION = '2.17.2';

export type LifecycleStage = 'active' | 'deleted';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** A double in proto3 JSON: non-finite values travel as these strings. */
export type WireDouble = number | 'NaN' | 'Infinity' | '-Infinity';

// ---------------------------------------------------------------- entities

export interface ExperimentTag {
  key: string;
  value: string;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  /** Milliseconds since the epoch. */
  creation_time: number;
  last_update_time: number;
  tags?: ExperimentTag[];
}

export interface RunTag {
  key: string;
  value: string;
}

export interface Param {
  key: string;
  value: string;
}

export interface Metric {
  key: string;
  value: WireDouble;
  /** Milliseconds since the epoch. */
  timestamp: number;
  step: number;
}

export interface MetricWithRunId extends Metric {
  run_id: string;
}

export interface RunInfo {
  run_id: string;
  /** Deprecated duplicate of run_id that MLflow still sends for old clients. */
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  /** Absent while the run has not ended. */
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface RunData {
  /** The latest value per key. */
  metrics?: Metric[];
  params?: Param[];
  tags?: RunTag[];
}

export interface Dataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface InputTag {
  key: string;
  value: string;
}

export interface DatasetInput {
  tags?: InputTag[];
  dataset: Dataset;
}

export interface RunInputs {
  dataset_inputs?: DatasetInput[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs?: RunInputs;
}

/** Responses that carry nothing: MLflow answers `{}`. */
export type EmptyResponse = Record<string, never>;

// ---------------------------------------------------------------- experiments

export interface CreateExperimentRequest {
  name: string;
  artifact_location?: string;
  tags?: ExperimentTag[];
}
export interface CreateExperimentResponse {
  experiment_id: string;
}

export interface GetExperimentRequest {
  experiment_id: string;
}
export interface GetExperimentResponse {
  experiment: Experiment;
}

export interface GetExperimentByNameRequest {
  experiment_name: string;
}
export interface GetExperimentByNameResponse {
  experiment: Experiment;
}

export interface SearchExperimentsRequest {
  max_results?: number;
  page_token?: string;
  filter?: string;
  order_by?: string[];
  view_type?: ViewType;
}
export interface SearchExperimentsResponse {
  experiments?: Experiment[];
  next_page_token?: string;
}

export interface UpdateExperimentRequest {
  experiment_id: string;
  new_name: string;
}
export type UpdateExperimentResponse = EmptyResponse;

export interface DeleteExperimentRequest {
  experiment_id: string;
}
export type DeleteExperimentResponse = EmptyResponse;

export interface RestoreExperimentRequest {
  experiment_id: string;
}
export type RestoreExperimentResponse = EmptyResponse;

export interface SetExperimentTagRequest {
  experiment_id: string;
  key: string;
  value: string;
}
export type SetExperimentTagResponse = EmptyResponse;

export interface DeleteExperimentTagRequest {
  experiment_id: string;
  key: string;
}
export type DeleteExperimentTagResponse = EmptyResponse;

// ---------------------------------------------------------------- runs

export interface CreateRunRequest {
  experiment_id: string;
  user_id?: string;
  run_name?: string;
  start_time?: number;
  tags?: RunTag[];
}
export interface CreateRunResponse {
  run: Run;
}

/** Run lookups accept run_id, or the deprecated run_uuid from old clients. */
export interface RunIdentity {
  run_id?: string;
  run_uuid?: string;
}

export type GetRunRequest = RunIdentity;
export interface GetRunResponse {
  run: Run;
}

export interface UpdateRunRequest extends RunIdentity {
  status?: RunStatus;
  end_time?: number;
  run_name?: string;
}
export interface UpdateRunResponse {
  run_info: RunInfo;
}

export interface DeleteRunRequest {
  run_id: string;
}
export type DeleteRunResponse = EmptyResponse;

export interface RestoreRunRequest {
  run_id: string;
}
export type RestoreRunResponse = EmptyResponse;

export interface SetTagRequest extends RunIdentity {
  key: string;
  value: string;
}
export type SetTagResponse = EmptyResponse;

export interface DeleteTagRequest {
  run_id: string;
  key: string;
}
export type DeleteTagResponse = EmptyResponse;

export interface LogParamRequest extends RunIdentity {
  key: string;
  value: string;
}
export type LogParamResponse = EmptyResponse;

export interface LogMetricRequest extends RunIdentity {
  key: string;
  value: WireDouble;
  timestamp: number;
  step?: number;
}
export type LogMetricResponse = EmptyResponse;

export interface LogBatchRequest {
  run_id: string;
  metrics?: Metric[];
  params?: Param[];
  tags?: RunTag[];
}
export type LogBatchResponse = EmptyResponse;

export interface LogInputsRequest {
  run_id: string;
  datasets?: DatasetInput[];
}
export type LogInputsResponse = EmptyResponse;

export interface SearchRunsRequest {
  experiment_ids?: string[];
  filter?: string;
  run_view_type?: ViewType;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}
export interface SearchRunsResponse {
  runs?: Run[];
  next_page_token?: string;
}

// ---------------------------------------------------------------- metrics

export interface GetMetricHistoryRequest extends RunIdentity {
  metric_key: string;
  page_token?: string;
  max_results?: number;
}
export interface GetMetricHistoryResponse {
  metrics?: Metric[];
  next_page_token?: string;
}

export interface GetMetricHistoryBulkIntervalRequest {
  /** Sent as repeated query parameters: `run_ids=a&run_ids=b`. */
  run_ids: string[];
  metric_key: string;
  start_step?: number;
  end_step?: number;
  max_results?: number;
}
export interface GetMetricHistoryBulkIntervalResponse {
  metrics?: MetricWithRunId[];
}

// ---------------------------------------------------------------- endpoint table

/**
 * Request and response type of every endpoint, keyed by the proto's rpc name. The server
 * and the client both index this map, so a route and its caller cannot disagree on shape.
 */
export interface MlflowEndpointTypes {
  createExperiment: { request: CreateExperimentRequest; response: CreateExperimentResponse };
  getExperiment: { request: GetExperimentRequest; response: GetExperimentResponse };
  getExperimentByName: { request: GetExperimentByNameRequest; response: GetExperimentByNameResponse };
  searchExperiments: { request: SearchExperimentsRequest; response: SearchExperimentsResponse };
  updateExperiment: { request: UpdateExperimentRequest; response: UpdateExperimentResponse };
  deleteExperiment: { request: DeleteExperimentRequest; response: DeleteExperimentResponse };
  restoreExperiment: { request: RestoreExperimentRequest; response: RestoreExperimentResponse };
  setExperimentTag: { request: SetExperimentTagRequest; response: SetExperimentTagResponse };
  deleteExperimentTag: { request: DeleteExperimentTagRequest; response: DeleteExperimentTagResponse };
  createRun: { request: CreateRunRequest; response: CreateRunResponse };
  getRun: { request: GetRunRequest; response: GetRunResponse };
  updateRun: { request: UpdateRunRequest; response: UpdateRunResponse };
  deleteRun: { request: DeleteRunRequest; response: DeleteRunResponse };
  restoreRun: { request: RestoreRunRequest; response: RestoreRunResponse };
  setTag: { request: SetTagRequest; response: SetTagResponse };
  deleteTag: { request: DeleteTagRequest; response: DeleteTagResponse };
  logParam: { request: LogParamRequest; response: LogParamResponse };
  logMetric: { request: LogMetricRequest; response: LogMetricResponse };
  logBatch: { request: LogBatchRequest; response: LogBatchResponse };
  logInputs: { request: LogInputsRequest; response: LogInputsResponse };
  searchRuns: { request: SearchRunsRequest; response: SearchRunsResponse };
  getMetricHistory: { request: GetMetricHistoryRequest; response: GetMetricHistoryResponse };
  getMetricHistoryBulkInterval: {
    request: GetMetricHistoryBulkIntervalRequest;
    response: GetMetricHistoryBulkIntervalResponse;
  };
}

export type MlflowEndpointName = keyof MlflowEndpointTypes;
export type MlflowRequest<K extends MlflowEndpointName> = MlflowEndpointTypes[K]['request'];
export type MlflowResponse<K extends MlflowEndpointName> = MlflowEndpointTypes[K]['response'];

/** PATCH and DELETE are used by the model registry (src/api/mlflow-registry.ts). */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface MlflowEndpoint {
  /** The first method is the one clients use; GET requests carry fields as query parameters. */
  readonly methods: readonly [HttpMethod, ...HttpMethod[]];
  /** Under the REST prefix, e.g. `/mlflow/runs/create`; see MLFLOW_API_PREFIXES. */
  readonly path: string;
}

/**
 * MLflow serves the same routes under both prefixes: `/api/2.0` for clients and
 * `/ajax-api/2.0` for its own UI. Clients use the first.
 */
export const MLFLOW_API_PREFIXES = ['/api/2.0', '/ajax-api/2.0'] as const;

/**
 * runs/log-model: in MLflow 2.17 but not in the endpoint table (MLflow's proto has no typed
 * message for it); the Python client calls it from log_model, the SDK from run.logModel.
 */
export const LOG_MODEL_PATH = '/mlflow/runs/log-model';

const get = (path: string): MlflowEndpoint => ({ methods: ['GET'], path });
const post = (path: string): MlflowEndpoint => ({ methods: ['POST'], path });

/** Every tracking endpoint: method(s) and path, as MLflow 2.17's handlers register them. */
export const MLFLOW_ENDPOINTS = {
  createExperiment: post('/mlflow/experiments/create'),
  getExperiment: get('/mlflow/experiments/get'),
  getExperimentByName: get('/mlflow/experiments/get-by-name'),
  // MLflow registers search for both; POST lets long filters stay out of the URL.
  searchExperiments: { methods: ['POST', 'GET'], path: '/mlflow/experiments/search' },
  updateExperiment: post('/mlflow/experiments/update'),
  deleteExperiment: post('/mlflow/experiments/delete'),
  restoreExperiment: post('/mlflow/experiments/restore'),
  setExperimentTag: post('/mlflow/experiments/set-experiment-tag'),
  deleteExperimentTag: post('/mlflow/experiments/delete-experiment-tag'),
  createRun: post('/mlflow/runs/create'),
  getRun: get('/mlflow/runs/get'),
  updateRun: post('/mlflow/runs/update'),
  deleteRun: post('/mlflow/runs/delete'),
  restoreRun: post('/mlflow/runs/restore'),
  setTag: post('/mlflow/runs/set-tag'),
  deleteTag: post('/mlflow/runs/delete-tag'),
  logParam: post('/mlflow/runs/log-parameter'),
  logMetric: post('/mlflow/runs/log-metric'),
  logBatch: post('/mlflow/runs/log-batch'),
  logInputs: post('/mlflow/runs/log-inputs'),
  searchRuns: post('/mlflow/runs/search'),
  getMetricHistory: get('/mlflow/metrics/get-history'),
  getMetricHistoryBulkInterval: get('/mlflow/metrics/get-history-bulk-interval'),
} as const satisfies Record<MlflowEndpointName, MlflowEndpoint>;
