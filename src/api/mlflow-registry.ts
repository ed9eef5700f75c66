/**
 * MLflow's model registry REST contract (mlflow/protos/model_registry.proto, MLflow 2.17)
 * as TypeScript, field for field as MLflow's JSON spells it, plus the registry's limits.
 * Version numbers travel as strings (proto `string version`); timestamps as ms numbers.
 * Unset optionals and empty lists are left out, as proto JSON does.
 */
import type { MlflowEndpoint } from './mlflow-tracking.js';

// ---------------------------------------------------------------- limits

export const MAX_REGISTERED_MODEL_NAME_LENGTH = 256;
export const MAX_REGISTERED_MODEL_ALIAS_LENGTH = 255;
export const MAX_MODEL_REGISTRY_TAG_KEY_LENGTH = 250;
export const MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH = 5000;
export const SEARCH_REGISTERED_MODEL_MAX_RESULTS_DEFAULT = 100;
export const SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD = 1000;
export const SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT = 10_000;
export const SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD = 200_000;

// ---------------------------------------------------------------- entities

export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface RegistryTag {
  key: string;
  value: string;
}

export interface RegisteredModelAlias {
  alias: string;
  version: string;
}

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id?: string;
  current_stage: ModelStage;
  description?: string;
  source: string;
  run_id?: string;
  status: ModelVersionStatus;
  status_message?: string;
  tags?: RegistryTag[];
  run_link?: string;
  aliases?: string[];
}

export interface RegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions?: ModelVersion[];
  tags?: RegistryTag[];
  aliases?: RegisteredModelAlias[];
}

// ---------------------------------------------------------------- requests and responses

type Empty = Record<string, never>;
type NameRequest = { name: string };
type VersionRequest = { name: string; version: string };
type RegisteredModelResponse = { registered_model: RegisteredModel };
type ModelVersionResponse = { model_version: ModelVersion };

export interface CreateRegisteredModelRequest {
  name: string;
  tags?: RegistryTag[];
  description?: string;
}
export interface RenameRegisteredModelRequest {
  name: string;
  new_name: string;
}
export interface UpdateRegisteredModelRequest {
  name: string;
  description?: string;
}
export interface SearchRegisteredModelsRequest {
  filter?: string;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}
export interface SearchRegisteredModelsResponse {
  registered_models?: RegisteredModel[];
  next_page_token?: string;
}
export interface GetLatestVersionsRequest {
  name: string;
  stages?: string[];
}
export interface SetRegisteredModelTagRequest {
  name: string;
  key: string;
  value: string;
}
export interface DeleteRegisteredModelTagRequest {
  name: string;
  key: string;
}
export interface SetRegisteredModelAliasRequest {
  name: string;
  alias: string;
  version: string;
}
export interface AliasRequest {
  name: string;
  alias: string;
}

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  run_id?: string;
  tags?: RegistryTag[];
  run_link?: string;
  description?: string;
}
export interface UpdateModelVersionRequest extends VersionRequest {
  description?: string;
}
export interface TransitionModelVersionStageRequest extends VersionRequest {
  stage: string;
  archive_existing_versions: boolean;
}
/** `force` is Strata's: deleting a version that holds aliases needs it. */
export interface DeleteModelVersionRequest extends VersionRequest {
  force?: boolean;
}
export interface SearchModelVersionsRequest {
  filter?: string;
  max_results?: number;
  order_by?: string[];
  page_token?: string;
}
export interface SearchModelVersionsResponse {
  model_versions?: ModelVersion[];
  next_page_token?: string;
}
export interface SetModelVersionTagRequest extends VersionRequest {
  key: string;
  value: string;
}
export interface DeleteModelVersionTagRequest extends VersionRequest {
  key: string;
}

export interface MlflowRegistryEndpointTypes {
  createRegisteredModel: { request: CreateRegisteredModelRequest; response: RegisteredModelResponse };
  renameRegisteredModel: { request: RenameRegisteredModelRequest; response: RegisteredModelResponse };
  updateRegisteredModel: { request: UpdateRegisteredModelRequest; response: RegisteredModelResponse };
  deleteRegisteredModel: { request: NameRequest; response: Empty };
  getRegisteredModel: { request: NameRequest; response: RegisteredModelResponse };
  searchRegisteredModels: { request: SearchRegisteredModelsRequest; response: SearchRegisteredModelsResponse };
  getLatestVersions: { request: GetLatestVersionsRequest; response: { model_versions?: ModelVersion[] } };
  setRegisteredModelTag: { request: SetRegisteredModelTagRequest; response: Empty };
  deleteRegisteredModelTag: { request: DeleteRegisteredModelTagRequest; response: Empty };
  setRegisteredModelAlias: { request: SetRegisteredModelAliasRequest; response: Empty };
  deleteRegisteredModelAlias: { request: AliasRequest; response: Empty };
  getModelVersionByAlias: { request: AliasRequest; response: ModelVersionResponse };
  createModelVersion: { request: CreateModelVersionRequest; response: ModelVersionResponse };
  updateModelVersion: { request: UpdateModelVersionRequest; response: ModelVersionResponse };
  transitionModelVersionStage: { request: TransitionModelVersionStageRequest; response: ModelVersionResponse };
  deleteModelVersion: { request: DeleteModelVersionRequest; response: Empty };
  getModelVersion: { request: VersionRequest; response: ModelVersionResponse };
  searchModelVersions: { request: SearchModelVersionsRequest; response: SearchModelVersionsResponse };
  getModelVersionDownloadUri: { request: VersionRequest; response: { artifact_uri: string } };
  setModelVersionTag: { request: SetModelVersionTagRequest; response: Empty };
  deleteModelVersionTag: { request: DeleteModelVersionTagRequest; response: Empty };
}

export type MlflowRegistryEndpointName = keyof MlflowRegistryEndpointTypes;
export type MlflowRegistryRequest<K extends MlflowRegistryEndpointName> = MlflowRegistryEndpointTypes[K]['request'];
export type MlflowRegistryResponse<K extends MlflowRegistryEndpointName> = MlflowRegistryEndpointTypes[K]['response'];

const at = (method: MlflowEndpoint['methods'][0], path: string): MlflowEndpoint => ({ methods: [method], path });

/** Every registry endpoint: method(s) and path under the MLflow prefixes, as the proto declares them. */
export const MLFLOW_REGISTRY_ENDPOINTS = {
  createRegisteredModel: at('POST', '/mlflow/registered-models/create'),
  renameRegisteredModel: at('POST', '/mlflow/registered-models/rename'),
  updateRegisteredModel: at('PATCH', '/mlflow/registered-models/update'),
  deleteRegisteredModel: at('DELETE', '/mlflow/registered-models/delete'),
  getRegisteredModel: at('GET', '/mlflow/registered-models/get'),
  searchRegisteredModels: at('GET', '/mlflow/registered-models/search'),
  getLatestVersions: { methods: ['POST', 'GET'], path: '/mlflow/registered-models/get-latest-versions' },
  setRegisteredModelTag: at('POST', '/mlflow/registered-models/set-tag'),
  deleteRegisteredModelTag: at('DELETE', '/mlflow/registered-models/delete-tag'),
  setRegisteredModelAlias: at('POST', '/mlflow/registered-models/alias'),
  deleteRegisteredModelAlias: at('DELETE', '/mlflow/registered-models/alias'),
  getModelVersionByAlias: at('GET', '/mlflow/registered-models/alias'),
  createModelVersion: at('POST', '/mlflow/model-versions/create'),
  updateModelVersion: at('PATCH', '/mlflow/model-versions/update'),
  transitionModelVersionStage: at('POST', '/mlflow/model-versions/transition-stage'),
  deleteModelVersion: at('DELETE', '/mlflow/model-versions/delete'),
  getModelVersion: at('GET', '/mlflow/model-versions/get'),
  searchModelVersions: at('GET', '/mlflow/model-versions/search'),
  getModelVersionDownloadUri: at('GET', '/mlflow/model-versions/get-download-uri'),
  setModelVersionTag: at('POST', '/mlflow/model-versions/set-tag'),
  deleteModelVersionTag: at('DELETE', '/mlflow/model-versions/delete-tag'),
} as const satisfies Record<MlflowRegistryEndpointName, MlflowEndpoint>;
