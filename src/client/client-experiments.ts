/** `client.experiments`: MLflow's experiment endpoints, named for what they do. */
import { MLFLOW_API_PREFIXES, MLFLOW_ENDPOINTS, type MlflowEndpointName, type MlflowRequest, type MlflowResponse } from '../api/mlflow-tracking.js';
import type * as W from '../api/mlflow-tracking.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type ExperimentKeysRequest, type ExperimentKeysResponse, type ExperimentRunStatsResponse } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

export function mlflowCall(transport: HttpTransport) {
  return <K extends MlflowEndpointName>(name: K, request: MlflowRequest<K>): Promise<MlflowResponse<K>> =>
    callEndpoint(transport, MLFLOW_API_PREFIXES[0], MLFLOW_ENDPOINTS[name], request, name.startsWith('create') ? 'create' : 'idempotent');
}

export function experimentsApi(transport: HttpTransport) {
  const call = mlflowCall(transport);
  return {
    search: (request: W.SearchExperimentsRequest = {}) => call('searchExperiments', request),
    get: async (experimentId: string) => (await call('getExperiment', { experiment_id: experimentId })).experiment,
    getByName: async (name: string) => (await call('getExperimentByName', { experiment_name: name })).experiment,
    create: async (name: string, options: Omit<W.CreateExperimentRequest, 'name'> = {}) =>
      (await call('createExperiment', { name, ...options })).experiment_id,
    rename: (experimentId: string, newName: string) => call('updateExperiment', { experiment_id: experimentId, new_name: newName }),
    delete: (experimentId: string) => call('deleteExperiment', { experiment_id: experimentId }),
    restore: (experimentId: string) => call('restoreExperiment', { experiment_id: experimentId }),
    setTag: (experimentId: string, key: string, value: string) => call('setExperimentTag', { experiment_id: experimentId, key, value }),
    /** Strata only: active run counts and latest run activity (experiments without runs are left out). */
    runStats: (experimentIds: string[]): Promise<ExperimentRunStatsResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_ENDPOINTS.experimentRunStats, { experiment_ids: experimentIds }),
    /** Strata only: every param, metric and tag key of the experiment's active runs, with how many runs have each. */
    keys: (request: ExperimentKeysRequest): Promise<ExperimentKeysResponse> =>
      callEndpoint(transport, STRATA_API_PREFIX, STRATA_ENDPOINTS.experimentKeys, request),
  };
}

export type ExperimentsApi = ReturnType<typeof experimentsApi>;
