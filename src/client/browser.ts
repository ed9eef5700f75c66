// The SDK's browser-safe entry: createClient and the wire types, with no node:* anywhere below.
// The dashboard (web/) imports this file only; Node-only transfers stay behind index.ts.
export { createClient, type Client, type CreateClientOptions } from './create-client.js';
export type { ExperimentsApi } from './client-experiments.js';
export type { RunsApi } from './client-runs.js';
export type { MetricsApi, MetricSeries } from './client-metrics.js';
export type { ModelsApi } from './client-models.js';
export type { ModelCardOptions } from './client-model-card.js';
export type { CardFormat, CardTemplate, ModelCardWire } from '../api/strata-cards.js';
export type { ArtifactsApi, ArtifactRead, ByteRange } from './client-artifacts.js';
export type { AuditApi } from './client-audit.js';
export { REGISTRY_DIGEST, type DatasetsApi } from './client-datasets.js';
export type { ViewsApi } from './client-views.js';
export type { PoliciesApi, PromotionsApi } from './client-promotions.js';
export type { GatesApi } from './client-gates.js';
export type {
  DeploymentHistoryFilters,
  DeploymentsApi,
  ListDeploymentsFilters,
  RecordDeploymentEventInput,
  RegisterDeploymentInput,
  RollbackDeploymentInput,
  ServedAtInput,
} from './client-deployments.js';
export type { AuthApi } from './client-auth.js';
export type { PermissionsApi } from './client-permissions.js';
export type { GrantWire, PermissionPrincipalType, PermissionResourceType, PermissionRole } from '../api/strata-permissions.js';
export { quoteFilterString } from './client-models.js';
export { StrataApiError, isStrataApiError } from './strata-api-error.js';
export { fromWireDouble, toWireDouble } from './wire-double.js';
export { DEFAULT_TRACKING_URI } from './tracking-uri.js';
export type {
  DatasetInput,
  Experiment,
  ExperimentTag,
  Metric,
  Param,
  Run,
  RunData,
  RunInfo,
  RunStatus,
  RunTag,
  SearchRunsRequest,
  SearchRunsResponse,
  ViewType,
  WireDouble,
} from '../api/mlflow-tracking.js';
export type { ModelVersion, RegisteredModel, RegisteredModelAlias, RegistryTag } from '../api/mlflow-registry.js';
export type { AuthConfigResponse, OidcSignInError } from '../api/strata-oidc.js';
export type { FileInfo, ListRunArtifactsResponse } from '../api/mlflow-artifacts.js';
export { DATASET_CONTEXT_TAG } from '../api/strata-datasets.js';
export type { DatasetVersionRunWire, DatasetVersionWire, GetDatasetResponse, GetDatasetVersionResponse, RegisteredDatasetWire } from '../api/strata-datasets.js';
export type {
  AuditEventWire,
  ExperimentKeysRequest,
  ExperimentKeysResponse,
  ExperimentKeyWire,
  ExperimentRunStatsWire,
  ListAuditEventsRequest,
  MetricEnvelopeBucketsWire,
  MetricEnvelopeField,
  MetricEnvelopeRequest,
  MetricEnvelopeResponse,
  MetricEnvelopeSeriesWire,
  MetricEnvelopeXAxis,
  RunColumnsWire,
  SearchRunColumnsRequest,
  SearchRunColumnsResponse,
} from '../api/strata-v1.js';
export type { RunValueCountsRequest, RunValueCountsResponse, RunValueCountWire, SavedViewWire } from '../api/strata-views.js';
export { MAX_SAVED_VIEW_NAME_LENGTH } from '../api/strata-views.js';
export type {
  CreatePromotionRequest,
  ListPromotionsRequest,
  ModelPolicyWire,
  PromotionRequestWire,
  PromotionStateWire,
  PromotionVoteWire,
  ProtectedAliasRuleWire,
  SetModelPolicyRequest,
} from '../api/strata-promotions.js';
export type {
  EvaluateGateRequest,
  GateChampionWire,
  GateResultWire,
  GateRuleResultWire,
  GateSpecErrorDetails,
  GateSpecProblemWire,
  GateStatusWire,
  ListGateResultsRequest,
} from '../api/strata-gates.js';
export type {
  DeploymentEventKind,
  DeploymentEventWire,
  DeploymentStatusWire,
  DeploymentWire,
  RollbackDeploymentResponse,
  ServedAtEntryWire,
  ServedAtResponse,
} from '../api/strata-deployments.js';
export { METRIC_ENVELOPE_FIELDS } from '../api/strata-v1.js';
