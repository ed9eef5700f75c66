/**
 * The model registry over HTTP: one method per MLflow registry endpoint (wire types of
 * src/api in and out), Strata's resolve and alias-history endpoints, and `registerModel`
 * for the common "run artifact -> new version" step. Works against MLflow too, except
 * for the /api/strata/v1 methods.
 */
import {
  MLFLOW_REGISTRY_ENDPOINTS,
  type MlflowRegistryEndpointName,
  type MlflowRegistryRequest,
  type MlflowRegistryResponse,
  type ModelVersion,
  type RegisteredModel,
  type SearchModelVersionsRequest,
  type SearchRegisteredModelsRequest,
} from '../api/mlflow-registry.js';
import type * as W from '../api/mlflow-registry.js';
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';
import {
  STRATA_REGISTRY_ENDPOINTS,
  type AliasAtTimeResponse,
  type AliasTimelineResponse,
  type ResolveModelUriResponse,
} from '../api/strata-registry.js';
import { STRATA_LINEAGE_ENDPOINTS, type LineageResponse } from '../api/strata-lineage.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { HttpTransport, type HttpTransportOptions } from './http-transport.js';
import type { RequestSafety } from './retry-policy.js';
import { isStrataApiError } from './strata-api-error.js';

/** Creates are retried only when the server provably did not act (see retry-policy.ts). */
const CREATES: ReadonlySet<MlflowRegistryEndpointName> = new Set(['createRegisteredModel', 'createModelVersion']);

export type RegistryClientOptions = HttpTransportOptions;

export class RegistryClient {
  private readonly transport: HttpTransport;

  constructor(options: RegistryClientOptions) {
    this.transport = new HttpTransport(options);
  }

  /** Calls any registry endpoint by its rpc name; the typed methods below are shorthands. */
  call<K extends MlflowRegistryEndpointName>(name: K, request: MlflowRegistryRequest<K>): Promise<MlflowRegistryResponse<K>> {
    const endpoint = MLFLOW_REGISTRY_ENDPOINTS[name];
    const safety: RequestSafety = CREATES.has(name) ? 'create' : 'idempotent';
    const path = `${MLFLOW_API_PREFIXES[0]}${endpoint.path}`;
    return this.transport.send({ method: endpoint.methods[0], path, body: request, safety }) as Promise<MlflowRegistryResponse<K>>;
  }

  // ------------------------------------------------------------ registered models
  createRegisteredModel = (r: W.CreateRegisteredModelRequest) => this.call('createRegisteredModel', r);
  renameRegisteredModel = (r: W.RenameRegisteredModelRequest) => this.call('renameRegisteredModel', r);
  updateRegisteredModel = (r: W.UpdateRegisteredModelRequest) => this.call('updateRegisteredModel', r);
  deleteRegisteredModel = (r: { name: string }) => this.call('deleteRegisteredModel', r);
  getRegisteredModel = (r: { name: string }) => this.call('getRegisteredModel', r);
  searchRegisteredModels = (r: SearchRegisteredModelsRequest = {}) => this.call('searchRegisteredModels', r);
  getLatestVersions = (r: W.GetLatestVersionsRequest) => this.call('getLatestVersions', r);
  setRegisteredModelTag = (r: W.SetRegisteredModelTagRequest) => this.call('setRegisteredModelTag', r);
  deleteRegisteredModelTag = (r: W.DeleteRegisteredModelTagRequest) => this.call('deleteRegisteredModelTag', r);
  setRegisteredModelAlias = (r: W.SetRegisteredModelAliasRequest) => this.call('setRegisteredModelAlias', r);
  deleteRegisteredModelAlias = (r: W.AliasRequest) => this.call('deleteRegisteredModelAlias', r);
  getModelVersionByAlias = (r: W.AliasRequest) => this.call('getModelVersionByAlias', r);

  // ------------------------------------------------------------ model versions
  createModelVersion = (r: W.CreateModelVersionRequest) => this.call('createModelVersion', r);
  updateModelVersion = (r: W.UpdateModelVersionRequest) => this.call('updateModelVersion', r);
  transitionModelVersionStage = (r: W.TransitionModelVersionStageRequest) => this.call('transitionModelVersionStage', r);
  deleteModelVersion = (r: W.DeleteModelVersionRequest) => this.call('deleteModelVersion', r);
  getModelVersion = (r: { name: string; version: string }) => this.call('getModelVersion', r);
  searchModelVersions = (r: SearchModelVersionsRequest = {}) => this.call('searchModelVersions', r);
  getModelVersionDownloadUri = (r: { name: string; version: string }) => this.call('getModelVersionDownloadUri', r);
  setModelVersionTag = (r: W.SetModelVersionTagRequest) => this.call('setModelVersionTag', r);
  deleteModelVersionTag = (r: W.DeleteModelVersionTagRequest) => this.call('deleteModelVersionTag', r);

  /** Every registered model matching `filter`, following page tokens. */
  async listRegisteredModels(filter?: string): Promise<RegisteredModel[]> {
    const all: RegisteredModel[] = [];
    let page_token: string | undefined;
    do {
      const page = await this.searchRegisteredModels({ max_results: 1000, ...(filter ? { filter } : {}), ...(page_token ? { page_token } : {}) });
      all.push(...(page.registered_models ?? []));
      page_token = page.next_page_token || undefined;
    } while (page_token !== undefined);
    return all;
  }

  /** Every version of one model, newest first. */
  async listModelVersions(name: string): Promise<ModelVersion[]> {
    const all: ModelVersion[] = [];
    const filter = `name = '${name.replaceAll("'", "''")}'`;
    let page_token: string | undefined;
    do {
      const page = await this.searchModelVersions({ filter, max_results: 10_000, ...(page_token ? { page_token } : {}) });
      all.push(...(page.model_versions ?? []));
      page_token = page.next_page_token || undefined;
    } while (page_token !== undefined);
    return all;
  }

  /** Registers `runs:/<runId>/<path>` as a new version of `name`, creating the model if needed. */
  async registerModel(runId: string, path: string, name: string, options: { description?: string } = {}): Promise<ModelVersion> {
    try {
      await this.createRegisteredModel({ name });
    } catch (error) {
      if (!isStrataApiError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    const source = `runs:/${runId}/${path.replace(/^\/+/, '')}`;
    const { model_version } = await this.createModelVersion({ name, source, run_id: runId, ...options });
    return model_version;
  }

  // ------------------------------------------------------------ Strata's own API
  /** `models:/name/3`, `models:/name@alias`, `models:/name/Production`, `models:/name/latest`. */
  resolveModelUri(uri: string): Promise<ResolveModelUriResponse> {
    return this.strata(STRATA_REGISTRY_ENDPOINTS.resolveModelUri.path, { uri }) as Promise<ResolveModelUriResponse>;
  }

  /** The whole timeline of a model's aliases and stages, or of one alias. */
  aliasHistory(name: string, alias?: string): Promise<AliasTimelineResponse> {
    return this.strata(STRATA_REGISTRY_ENDPOINTS.aliasHistory.path, { name, alias }) as Promise<AliasTimelineResponse>;
  }

  /** Which version held `alias` at `at` (ms since the epoch or ISO-8601). */
  aliasAt(name: string, alias: string, at: number | string): Promise<AliasAtTimeResponse> {
    return this.strata(STRATA_REGISTRY_ENDPOINTS.aliasHistory.path, { name, alias, at }) as Promise<AliasAtTimeResponse>;
  }

  /**
   * The lineage graph from `uri` (`models:/name/3`, `models:/name@alias`, `runs:/<id>`,
   * `dataset:<digest>` (or a unique prefix of at least 4 characters), `git:<commit>`): `up` to
   * what produced it, `down` to what used it.
   */
  getLineage(uri: string, options: { direction?: 'up' | 'down'; depth?: number } = {}): Promise<LineageResponse> {
    return this.strata(STRATA_LINEAGE_ENDPOINTS.lineage.path, { uri, ...options }) as Promise<LineageResponse>;
  }

  private strata(path: string, query: object): Promise<unknown> {
    return this.transport.send({ method: 'GET', path: `${STRATA_API_PREFIX}${path}`, body: query, safety: 'idempotent' });
  }
}
