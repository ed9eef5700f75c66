/**
 * Every route of the API as data: name, method(s), URL(s) and handler — one table, built from
 * the services createApp gets (an absent optional service contributes no routes) and mounted by
 * mount-route-table.ts. Endpoints come from src/api's tables, which give each name its methods
 * and path; this file gives each name its handler. MLflow's routes stand under both MLflow
 * prefixes, Strata's under /api/strata/v1. /health, /version and the not-found/405 answers are
 * createApp's own, outside the table (route-table.test.ts checks nothing else is).
 */
import type { HTTPMethods } from 'fastify';
import { MLFLOW_REGISTRY_ENDPOINTS } from '../api/mlflow-registry.js';
import { MLFLOW_API_PREFIXES, MLFLOW_ENDPOINTS } from '../api/mlflow-tracking.js';
import { MLFLOW_WEBHOOK_ENDPOINTS } from '../api/mlflow-webhooks.js';
import { STRATA_AUDIT_ENDPOINTS } from '../api/strata-audit.js';
import { STRATA_DATASET_ENDPOINTS } from '../api/strata-datasets.js';
import { STRATA_GC_ENDPOINTS } from '../api/strata-gc.js';
import { STRATA_LINEAGE_ENDPOINTS } from '../api/strata-lineage.js';
import { STRATA_GATE_ENDPOINTS } from '../api/strata-gates.js';
import { STRATA_DEPLOYMENT_ENDPOINTS } from '../api/strata-deployments.js';
import { STRATA_PROMOTION_ENDPOINTS } from '../api/strata-promotions.js';
import { STRATA_REGISTRY_ENDPOINTS } from '../api/strata-registry.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type GetStrataVersionResponse } from '../api/strata-v1.js';
import { STRATA_RUN_GROUP_ENDPOINTS, STRATA_VIEW_ENDPOINTS } from '../api/strata-views.js';
import { STRATA_WEBHOOK_ENDPOINTS } from '../api/strata-webhooks.js';
import { MLFLOW_PERMISSION_ENDPOINTS } from '../api/mlflow-permissions.js';
import { STRATA_PERMISSION_ENDPOINTS } from '../api/strata-permissions.js';
import type { AuthorizationService } from '../core/auth/authorization-service.js';
import type { LineageService } from '../core/lineage/lineage-service.js';
import type { ModelCardService } from '../core/services/model-card-service.js';
import type { ArtifactService } from '../core/services/artifact-service.js';
import type { AuditChainService } from '../core/services/audit-chain-service.js';
import type { DatasetRegistryService } from '../core/services/dataset-registry-service.js';
import type { GateService } from '../core/services/gate-service.js';
import type { DeploymentService } from '../core/services/deployment-service.js';
import type { GcService } from '../core/services/gc-service.js';
import type { RegistryService } from '../core/services/registry-service.js';
import type { TrackingService } from '../core/services/tracking-service.js';
import type { WebhookService } from '../core/webhooks/webhook-service.js';
import { withCreatorGrants } from './auth/creator-grants.js';
import type { RoutePermission } from './auth/route-permission.js';
import {
  DATASET_PERMISSIONS,
  GC_PERMISSIONS,
  LINEAGE_PERMISSIONS,
  MLFLOW_PERMISSION_PERMISSIONS,
  REGISTRY_PERMISSIONS,
  STRATA_PERMISSION_PERMISSIONS,
  STRATA_REGISTRY_PERMISSIONS,
  STRATA_TRACKING_PERMISSIONS,
  TRACKING_PERMISSIONS,
  WEBHOOK_PERMISSIONS,
} from './auth/route-permissions.js';
import type { ApiHandler } from './routes/api-handler.js';
import { artifactRoutes } from './routes/artifact-routes.js';
import { AUDIT_CHAIN_PERMISSIONS, auditChainRoutes } from './routes/audit-chain-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { experimentRunStatsRoute } from './routes/experiment-stats-routes.js';
import { experimentKeysRoute, searchRunColumnsRoute } from './routes/run-columns-routes.js';
import { datasetRegistryRoutes } from './routes/dataset-registry-routes.js';
import { experimentRoutes } from './routes/experiment-routes.js';
import { gcRoute } from './routes/gc-routes.js';
import { lineageRoute } from './routes/lineage-routes.js';
import { modelCardRoutes } from './routes/model-card-routes.js';
import { mlflowPermissionsRoutes, strataPermissionsRoutes } from './routes/permission-routes.js';
import { metricEnvelopeRoute } from './routes/metric-envelope-routes.js';
import { metricRoutes } from './routes/metric-routes.js';
import { modelVersionRoutes } from './routes/model-version-routes.js';
import { registeredModelRoutes } from './routes/registered-model-routes.js';
import type { ApiRoute, RouteEntry } from './routes/route-entry.js';
import { LOG_MODEL_PATH, logModelRoute, runRoutes } from './routes/run-routes.js';
import { strataRegistryRoutes } from './routes/strata-registry-routes.js';
import { PROMOTION_ROUTE_PERMISSIONS, promotionRoutes } from './routes/promotion-routes.js';
import { GATE_ROUTE_PERMISSIONS, gateRoutes } from './routes/gate-routes.js';
import { DEPLOYMENT_ROUTE_PERMISSIONS, deploymentRoutes } from './routes/deployment-routes.js';
import { runGroupRoutes, savedViewRoutes } from './routes/saved-view-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { identityRoutes, type IdentityRouteDeps } from './routes/identity-routes.js';
import { sessionRoutes, type SessionRouteDeps } from './routes/session-routes.js';
import { oidcRoutes, type OidcRouteDeps } from './routes/oidc-routes.js';

export interface RouteDeps {
  tracking: TrackingService;
  /** The model registry's routes (MLflow's and Strata's resolve/alias history), when present. */
  registry?: RegistryService;
  /** The dataset registry's routes (/api/strata/v1/datasets), when present. */
  datasets?: DatasetRegistryService;
  /** MLflow 3's webhook API and /api/strata/v1/webhooks/:webhook_id/deliveries, when present. */
  webhooks?: WebhookService;
  /** /api/strata/v1/lineage, when present. */
  lineage?: LineageService;
  /** GET /api/strata/v1/models/card (model cards and technical documentation), when present. */
  cards?: ModelCardService;
  /** Evaluation gates and their recorded results (/api/strata/v1/gates…), when present. */
  gates?: GateService;
  /** Deployment records of serving processes (/api/strata/v1/deployments…), when present. */
  deployments?: DeploymentService;
  /** POST /api/strata/v1/gc, when present. */
  gc?: GcService;
  /** The tamper-evident audit chain (/api/strata/v1/audit/chain, checkpoints, public-key, verify), when present. */
  auditChain?: AuditChainService;
  /** Strata's own version, at /api/strata/v1/version (/version answers the MLflow version spoken). */
  version: string;
  /** MLflow's user API, /api/strata/v1/auth and the dashboard's sign-in (password, OpenID Connect), when present. */
  identity?: IdentityRouteDeps & SessionRouteDeps & OidcRouteDeps;
  /** Grants and roles: the permissions APIs (MLflow's and /api/strata/v1/permissions), when present (auth on). */
  authorization?: AuthorizationService;
  /** Artifact endpoints (proxied `mlflow-artifacts` API, run listing, get-artifact); absent: not served. */
  artifacts?: { service: ArtifactService; serveArtifacts: boolean };
}

export function buildRouteTable(deps: RouteDeps): RouteEntry[] {
  const { tracking } = deps;
  const strataVersion: GetStrataVersionResponse = { version: deps.version };
  return [
    ...mlflowRoutes(MLFLOW_ENDPOINTS, withCreatorGrants({
      ...experimentRoutes(tracking.experiments),
      ...runRoutes(tracking.runs),
      ...metricRoutes(tracking.metrics),
    }), TRACKING_PERMISSIONS),
    ...mlflowRoutes({ logModel: { methods: ['POST'], path: LOG_MODEL_PATH } }, { logModel: logModelRoute(tracking.runs) }, TRACKING_PERMISSIONS),
    ...strataRoutes(STRATA_ENDPOINTS, {
      ...auditRoutes(tracking.audit),
      getVersion: async () => strataVersion,
      experimentRunStats: experimentRunStatsRoute(tracking.experiments),
      experimentKeys: experimentKeysRoute(tracking.experiments),
      searchRunColumns: searchRunColumnsRoute(tracking.runs),
      metricEnvelope: metricEnvelopeRoute(tracking.envelopes),
    }, STRATA_TRACKING_PERMISSIONS),
    ...strataRoutes(STRATA_VIEW_ENDPOINTS, savedViewRoutes(tracking.views), STRATA_TRACKING_PERMISSIONS),
    ...strataRoutes(STRATA_RUN_GROUP_ENDPOINTS, runGroupRoutes(tracking.groups), STRATA_TRACKING_PERMISSIONS),
    ...when(deps.registry, registryRoutes),
    ...when(deps.datasets, (datasets) => strataRoutes(STRATA_DATASET_ENDPOINTS, withCreatorGrants(datasetRegistryRoutes(datasets)), DATASET_PERMISSIONS)),
    ...when(deps.webhooks, (webhooks) => {
      const handlers = withCreatorGrants(webhookRoutes(webhooks));
      return [
        ...mlflowRoutes(MLFLOW_WEBHOOK_ENDPOINTS, handlers, WEBHOOK_PERMISSIONS),
        ...strataRoutes(STRATA_WEBHOOK_ENDPOINTS, handlers, WEBHOOK_PERMISSIONS),
      ];
    }),
    ...when(deps.lineage, (lineage) => strataRoutes(STRATA_LINEAGE_ENDPOINTS, { lineage: lineageRoute(lineage) }, LINEAGE_PERMISSIONS)),
    ...when(deps.cards, modelCardRoutes),
    ...when(deps.gates, (gates) => strataRoutes(STRATA_GATE_ENDPOINTS, gateRoutes(gates), GATE_ROUTE_PERMISSIONS)),
    ...when(deps.deployments, (deployments) => strataRoutes(STRATA_DEPLOYMENT_ENDPOINTS, deploymentRoutes(deployments), DEPLOYMENT_ROUTE_PERMISSIONS)),
    ...when(deps.gc, (gc) => strataRoutes(STRATA_GC_ENDPOINTS, { runGc: gcRoute(gc) }, GC_PERMISSIONS)),
    ...when(deps.authorization, (authz) => [
      ...mlflowRoutes(MLFLOW_PERMISSION_ENDPOINTS, mlflowPermissionsRoutes(authz), MLFLOW_PERMISSION_PERMISSIONS),
      ...strataRoutes(STRATA_PERMISSION_ENDPOINTS, strataPermissionsRoutes(authz), STRATA_PERMISSION_PERMISSIONS),
    ]),
    ...when(deps.identity, (identity) => {
      const authz = deps.authorization;
      const withGrants = authz ? { ...identity, grantsOfUser: (username: string) => authz.grantsOfUser(username) } : identity;
      return [...identityRoutes(withGrants), ...sessionRoutes(identity), ...oidcRoutes(identity)];
    }),
    ...when(deps.auditChain, (chain) => strataRoutes(STRATA_AUDIT_ENDPOINTS, auditChainRoutes(chain), AUDIT_CHAIN_PERMISSIONS)),
    ...when(deps.artifacts, ({ service, serveArtifacts }) => {
      const versions = deps.registry?.versions;
      const modelVersionDownloadUri = versions ? (name: string, version: number) => versions.getDownloadUri(name, version) : undefined;
      return artifactRoutes({ artifacts: service, serveArtifacts, modelVersionDownloadUri });
    }),
  ];
}

function registryRoutes(registry: RegistryService): RouteEntry[] {
  return [
    ...mlflowRoutes(MLFLOW_REGISTRY_ENDPOINTS, withCreatorGrants({ ...registeredModelRoutes(registry), ...modelVersionRoutes(registry) }), REGISTRY_PERMISSIONS),
    ...strataRoutes(STRATA_REGISTRY_ENDPOINTS, strataRegistryRoutes(registry), STRATA_REGISTRY_PERMISSIONS),
    ...strataRoutes(STRATA_PROMOTION_ENDPOINTS, promotionRoutes(registry), PROMOTION_ROUTE_PERMISSIONS),
  ];
}

function when<S>(service: S | undefined, routes: (service: S) => RouteEntry[]): RouteEntry[] {
  return service === undefined ? [] : routes(service);
}

interface Endpoint {
  readonly methods: readonly HTTPMethods[];
  readonly path: string;
}

/** One API route per endpoint of a src/api table, its handler and permission looked up by the endpoint's name. */
function apiRoutes<N extends string>(
  prefixes: readonly string[],
  endpoints: Record<N, Endpoint>,
  handlers: Record<NoInfer<N>, ApiHandler>,
  permissions: Record<NoInfer<N>, RoutePermission>,
): ApiRoute[] {
  return (Object.keys(endpoints) as N[]).map((name) => ({
    kind: 'api',
    name,
    methods: endpoints[name].methods,
    urls: prefixes.map((prefix) => `${prefix}${endpoints[name].path}`),
    permission: permissions[name],
    handler: handlers[name],
  }));
}

type Permissions<N extends string> = Record<N, RoutePermission>;

const mlflowRoutes = <N extends string>(endpoints: Record<N, Endpoint>, handlers: Record<NoInfer<N>, ApiHandler>, permissions: Permissions<NoInfer<N>>) =>
  apiRoutes(MLFLOW_API_PREFIXES, endpoints, handlers, permissions);

const strataRoutes = <N extends string>(endpoints: Record<N, Endpoint>, handlers: Record<NoInfer<N>, ApiHandler>, permissions: Permissions<NoInfer<N>>) =>
  apiRoutes([STRATA_API_PREFIX], endpoints, handlers, permissions);
