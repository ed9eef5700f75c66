/** `client.models`: the model registry (MLflow's endpoints), read-mostly as the dashboard needs it, and Strata's model cards. */
import {
  MLFLOW_REGISTRY_ENDPOINTS,
  type MlflowRegistryEndpointName,
  type MlflowRegistryRequest,
  type MlflowRegistryResponse,
  type ModelVersion,
  type SearchModelVersionsRequest,
  type SearchRegisteredModelsRequest,
} from '../api/mlflow-registry.js';
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';
import { callEndpoint } from './call-endpoint.js';
import { modelCardCall, modelCardUrl, type ModelCardOptions } from './client-model-card.js';
import type { CardFormat } from '../api/strata-cards.js';
import type { HttpTransport } from './http-transport.js';

/** `name = '...'` with the quotes of `value` doubled, as the registry's filter grammar wants. */
export function quoteFilterString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function modelsApi(transport: HttpTransport) {
  const call = <K extends MlflowRegistryEndpointName>(name: K, request: MlflowRegistryRequest<K>): Promise<MlflowRegistryResponse<K>> =>
    callEndpoint(transport, MLFLOW_API_PREFIXES[0], MLFLOW_REGISTRY_ENDPOINTS[name], request, name.startsWith('create') ? 'create' : 'idempotent');
  const searchVersions = (request: SearchModelVersionsRequest = {}) => call('searchModelVersions', request);
  return {
    search: (request: SearchRegisteredModelsRequest = {}) => call('searchRegisteredModels', request),
    get: async (name: string) => (await call('getRegisteredModel', { name })).registered_model,
    searchVersions,
    /** Every version of one model (following page tokens), as the server orders them. */
    async listVersions(name: string): Promise<ModelVersion[]> {
      const all: ModelVersion[] = [];
      let page_token: string | undefined;
      do {
        const page = await searchVersions({ filter: `name = ${quoteFilterString(name)}`, max_results: 10_000, page_token });
        all.push(...(page.model_versions ?? []));
        page_token = page.next_page_token || undefined;
      } while (page_token !== undefined);
      return all;
    },
    /** Versions registered from one run. */
    versionsOfRun: async (runId: string) =>
      (await searchVersions({ filter: `run_id = ${quoteFilterString(runId)}`, max_results: 1000 })).model_versions ?? [],
    getVersion: async (name: string, version: string) => (await call('getModelVersion', { name, version })).model_version,
    getVersionByAlias: async (name: string, alias: string) => (await call('getModelVersionByAlias', { name, alias })).model_version,
    /** A version's model card (Strata only): `format` json (typed), md or html (text); `template` model-card or technical-documentation. */
    card: modelCardCall(transport),
    /** Absolute URL of a version's card (md or html for a link a browser opens). */
    cardUrl: (options: ModelCardOptions & { format?: CardFormat }) => modelCardUrl(transport, options),
  };
}

export type ModelsApi = ReturnType<typeof modelsApi>;
