import {
  LOG_MODEL_PATH,
  MLFLOW_API_PREFIXES,
  MLFLOW_ENDPOINTS,
  type Metric,
  type MlflowEndpointName,
  type MlflowRequest,
  type MlflowResponse,
} from '../api/mlflow-tracking.js';
import type * as W from '../api/mlflow-tracking.js';
import {
  STRATA_API_PREFIX,
  STRATA_ENDPOINTS,
  type GetStrataVersionResponse,
  type ListAuditEventsRequest,
  type ListAuditEventsResponse,
} from '../api/strata-v1.js';
import { auditApi, type AuditApi } from './client-audit.js';
import { HttpTransport, type FetchFn } from './http-transport.js';
import { permissionsApi, type PermissionsApi } from './client-permissions.js';
import type { RequestSafety, RetryOptions } from './retry-policy.js';
import { ActiveRun, type ActiveRunOptions } from './active-run.js';
import { startRun, type StartRunOptions } from './start-run.js';
import { RUN_ARTIFACTS_LIST_PATH, type ListRunArtifactsResponse } from '../api/mlflow-artifacts.js';
import { authorizationHeader } from './tracking-uri.js';
import { loadNodeArtifacts } from './load-node-artifacts.js';
import type { TransferOptions } from './node/transfer-options.js';
import * as datasets from './dataset-registry-calls.js';
import type { RegisterDatasetVersionRequest } from '../api/strata-datasets.js';
import { RegistryClient } from './registry-client.js';
import { STRATA_GC_ENDPOINTS, type RunGcRequest, type RunGcResponse } from '../api/strata-gc.js';

/**
 * How long a gc may take to answer. Node's fetch gives up waiting for response headers after
 * 5 minutes anyway; the server finishes what it started, and running gc again is safe.
 */
const GC_TIMEOUT_MS = 300_000;

export interface StrataClientOptions {
  /** e.g. `http://127.0.0.1:5000`; see resolveTrackingConfig for the environment's answer. */
  trackingUri: string;
  username?: string;
  password?: string;
  /** An API token (Bearer); wins over username/password. */
  token?: string;
  fetch?: FetchFn;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** Batching of ActiveRun.logMetric. */
  metricBuffer?: ActiveRunOptions;
}

/** Creates are the only calls a lost answer makes unsafe to repeat; see retry-policy.ts. */
const CREATES: ReadonlySet<MlflowEndpointName> = new Set(['createExperiment', 'createRun']);

/**
 * The Strata/MLflow tracking API over HTTP: one method per endpoint, taking and returning
 * the wire types of src/api, plus startRun() for training scripts.
 */
export class StrataClient {
  readonly trackingUri: string;
  private readonly transport: HttpTransport;
  private readonly runOptions: ActiveRunOptions;

  /** The Authorization header value sent with every request, if credentials were given. */
  readonly authorization: string | undefined;

  /** Grants on experiments, models, datasets and webhooks (Strata's permissions API). */
  readonly permissions: PermissionsApi;

  /** The model registry, on the same server with the same credentials. */
  readonly registry: RegistryClient;

  constructor(options: StrataClientOptions) {
    this.authorization = authorizationHeader(options);
    this.transport = new HttpTransport(options);
    this.permissions = permissionsApi(this.transport);
    this.trackingUri = this.transport.trackingUri;
    this.runOptions = options.metricBuffer ?? {};
    const { metricBuffer: _runOptions, ...transportOptions } = options;
    this.registry = new RegistryClient(transportOptions);
  }

  /** Calls any MLflow endpoint by its rpc name; the typed methods below are shorthands. */
  call<K extends MlflowEndpointName>(name: K, request: MlflowRequest<K>, options: { once?: boolean } = {}): Promise<MlflowResponse<K>> {
    const endpoint = MLFLOW_ENDPOINTS[name];
    const safety: RequestSafety = CREATES.has(name) ? 'create' : 'idempotent';
    const path = `${MLFLOW_API_PREFIXES[0]}${endpoint.path}`;
    const send = { method: endpoint.methods[0], path, body: request, safety, ...(options.once ? { once: true } : {}) };
    return this.transport.send(send) as Promise<MlflowResponse<K>>;
  }

  /** Starts a run (creating its experiment by name if needed) and returns a handle that batches metrics. */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    const endOnExit = options.endOnExit ?? this.runOptions.endOnExit;
    return new ActiveRun(this, await startRun(this, options), { ...this.runOptions, ...(endOnExit !== undefined ? { endOnExit } : {}) });
  }

  /** Every point of a metric, following page tokens. */
  async getFullMetricHistory(runId: string, metricKey: string): Promise<Metric[]> {
    const all: Metric[] = [];
    let page_token: string | undefined;
    do {
      const page = await this.getMetricHistory({ run_id: runId, metric_key: metricKey, page_token });
      all.push(...(page.metrics ?? []));
      page_token = page.next_page_token || undefined;
    } while (page_token !== undefined);
    return all;
  }

  // ------------------------------------------------------------ experiments
  createExperiment = (r: W.CreateExperimentRequest) => this.call('createExperiment', r);
  getExperiment = (r: W.GetExperimentRequest) => this.call('getExperiment', r);
  getExperimentByName = (r: W.GetExperimentByNameRequest) => this.call('getExperimentByName', r);
  searchExperiments = (r: W.SearchExperimentsRequest = {}) => this.call('searchExperiments', r);
  updateExperiment = (r: W.UpdateExperimentRequest) => this.call('updateExperiment', r);
  deleteExperiment = (r: W.DeleteExperimentRequest) => this.call('deleteExperiment', r);
  restoreExperiment = (r: W.RestoreExperimentRequest) => this.call('restoreExperiment', r);
  setExperimentTag = (r: W.SetExperimentTagRequest) => this.call('setExperimentTag', r);
  deleteExperimentTag = (r: W.DeleteExperimentTagRequest) => this.call('deleteExperimentTag', r);

  // ------------------------------------------------------------ runs
  createRun = (r: W.CreateRunRequest) => this.call('createRun', r);
  getRun = (r: W.GetRunRequest) => this.call('getRun', r);
  updateRun = (r: W.UpdateRunRequest) => this.call('updateRun', r);
  deleteRun = (r: W.DeleteRunRequest) => this.call('deleteRun', r);
  restoreRun = (r: W.RestoreRunRequest) => this.call('restoreRun', r);
  setTag = (r: W.SetTagRequest) => this.call('setTag', r);
  deleteTag = (r: W.DeleteTagRequest) => this.call('deleteTag', r);
  logParam = (r: W.LogParamRequest) => this.call('logParam', r);
  logMetric = (r: W.LogMetricRequest) => this.call('logMetric', r);
  logBatch = (r: W.LogBatchRequest) => this.call('logBatch', r);
  logInputs = (r: W.LogInputsRequest) => this.call('logInputs', r);
  searchRuns = (r: W.SearchRunsRequest = {}) => this.call('searchRuns', r);

  /**
   * MLflow's runs/log-model: appends a logged model's MLmodel summary to the run's
   * `mlflow.log-model.history` tag. Not repeated on a lost answer: a second append would
   * list the model twice.
   */
  async logModelInfo(runId: string, modelJson: string): Promise<void> {
    const path = `${MLFLOW_API_PREFIXES[0]}${LOG_MODEL_PATH}`;
    await this.transport.send({ method: 'POST', path, body: { run_id: runId, model_json: modelJson }, safety: 'create' });
  }

  // ------------------------------------------------------------ metrics
  getMetricHistory = (r: W.GetMetricHistoryRequest) => this.call('getMetricHistory', r);
  getMetricHistoryBulkInterval = (r: W.GetMetricHistoryBulkIntervalRequest) =>
    this.call('getMetricHistoryBulkInterval', r);

  // ------------------------------------------------------------ artifacts
  /** One directory level of a run's artifacts (`path` relative to its artifact root; absent = the root). */
  listArtifacts(runId: string, path?: string): Promise<ListRunArtifactsResponse> {
    const path_ = `${MLFLOW_API_PREFIXES[0]}${RUN_ARTIFACTS_LIST_PATH}`;
    const body = path === undefined ? { run_id: runId } : { run_id: runId, path };
    return this.transport.send({ method: 'GET', path: path_, body, safety: 'idempotent' }) as Promise<ListRunArtifactsResponse>;
  }

  /** Node only: downloads a run's artifact file or directory (recursively) into `dest`; returns the local path. */
  async downloadArtifacts(runId: string, path: string, dest: string, options?: TransferOptions): Promise<string> {
    return (await loadNodeArtifacts()).downloadArtifacts(this, runId, path, dest, options);
  }

  // ------------------------------------------------------------ Strata's own API
  /** Dataset registry: publishes a digest as a version of `name` (the same digest again returns its version). */
  registerDatasetVersion = (r: RegisterDatasetVersionRequest) => datasets.registerDatasetVersion(this.transport, r);
  listDatasets = (r: { max_results?: number; page_token?: string } = {}) => datasets.listDatasets(this.transport, r);
  listAllDatasets = () => datasets.listAllDatasets(this.transport);
  getDataset = (name: string, options?: { includeRuns?: boolean }) => datasets.getDataset(this.transport, name, options);
  getDatasetVersion = (name: string, version: number) => datasets.getDatasetVersion(this.transport, name, version);
  findDatasetVersionsByDigest = (digest: string) => datasets.findDatasetVersionsByDigest(this.transport, digest);

  /** The Strata release serving; an MLflow server has no such endpoint (404). `/version` names the MLflow release spoken. */
  getStrataVersion(): Promise<GetStrataVersionResponse> {
    const path = `${STRATA_API_PREFIX}${STRATA_ENDPOINTS.getVersion.path}`;
    return this.transport.send({ method: 'GET', path, body: {}, safety: 'idempotent' }) as Promise<GetStrataVersionResponse>;
  }

  /**
   * Permanently removes what was deleted at least `older_than_ms` ago (POST /api/strata/v1/gc).
   * A real run is never retried once sent: a lost answer does not mean nothing was removed.
   */
  runGc(request: RunGcRequest = {}): Promise<RunGcResponse> {
    const endpoint = STRATA_GC_ENDPOINTS.runGc;
    const safety: RequestSafety = request.dry_run ? 'idempotent' : 'create';
    const path = `${STRATA_API_PREFIX}${endpoint.path}`;
    return this.transport.send({ method: endpoint.methods[0], path, body: request, safety, timeoutMs: GC_TIMEOUT_MS }) as Promise<RunGcResponse>;
  }

  /** The audit log and its hash chain (client-audit.ts), as createClient's `audit` namespace. */
  get audit(): AuditApi {
    return auditApi(this.transport);
  }

  listAuditEvents(request: ListAuditEventsRequest = {}): Promise<ListAuditEventsResponse> {
    const endpoint = STRATA_ENDPOINTS.listAuditEvents;
    const path = `${STRATA_API_PREFIX}${endpoint.path}`;
    return this.transport.send({ method: endpoint.methods[0], path, body: request, safety: 'idempotent' }) as Promise<ListAuditEventsResponse>;
  }
}
