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
import { STRATA_REGISTRY_ENDPOINTS } from '../api/strata-registry.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type GetStrataVersionResponse } from '../api/strata-v1.js';
import { STRATA_RUN_GROUP_ENDPOINTS, STRATA_VIEW_ENDPOINTS } from '../api/strata-views.js';
import { STRATA_WEBHOOK_ENDPOINTS } from '../api/strata-webhooks.js';
import type { LineageService } from '../core/lineage/lineage-service.js';
import type { ArtifactService } from '../core/services/artifact-service.js';
import type { AuditChainService } from '../core/services/audit-chain-service.js';
import type { DatasetRegistryService } from '../core/services/dataset-registry-service.js';
import type { GcService } from '../core/services/gc-service.js';
import type { RegistryService } from '../core/services/registry-service.js';
import type { TrackingService } from '../core/services/tracking-service.js';
import type { WebhookService } from '../core/webhooks/webhook-service.js';
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
import { metricEnvelopeRoute } from './routes/metric-envelope-routes.js';
import { metricRoutes } from './routes/metric-routes.js';
import { modelVersionRoutes } from './routes/model-version-routes.js';
import { registeredModelRoutes } from './routes/registered-model-routes.js';
import type { ApiRoute, RouteEntry } from './routes/route-entry.js';
import { LOG_MODEL_PATH, logModelRoute, runRoutes } from './routes/run-routes.js';
import { strataRegistryRoutes } from './routes/strata-registry-routes.js';
import { runGroupRoutes, savedViewRoutes } from './routes/saved-view-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';

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
  /** POST /api/strata/v1/gc, when present. */
  gc?: GcService;
  /** The tamper-evident audit chain (/api/strata/v1/audit/chain, checkpoints, public-key, verify), when present. */
  auditChain?: AuditChainService;
  /** Strata's own version, at /api/strata/v1/version (/version answers the MLflow version spoken). */
  version: string;
  /** Artifact endpoints (proxied `mlflow-artifacts` API, run listing, get-artifact); absent: not served. */
  artifacts?: { service: ArtifactService; serveArtifacts: boolean };
}

export function buildRouteTable(deps: RouteDeps): RouteEntry[] {
  const { tracking } = deps;
  const strataVersion: GetStrataVersionResponse = { version: deps.version };
  return [
    ...mlflowRoutes(MLFLOW_ENDPOINTS, {
      ...experimentRoutes(tracking.experiments),
      ...runRoutes(tracking.runs),
      ...metricRoutes(tracking.metrics),
    }),
    ...mlflowRoutes({ logModel: { methods: ['POST'], path: LOG_MODEL_PATH } }, { logModel: logModelRoute(tracking.runs) }),
    ...strataRoutes(STRATA_ENDPOINTS, {
      ...auditRoutes(tracking.audit),
      getVersion: async () => strataVersion,
      experimentRunStats: experimentRunStatsRoute(tracking.experiments),
      experimentKeys: experimentKeysRoute(tracking.experiments),
      searchRunColumns: searchRunColumnsRoute(tracking.runs),
      metricEnvelope: metricEnvelopeRoute(tracking.envelopes),
    }),
    ...strataRoutes(STRATA_VIEW_ENDPOINTS, savedViewRoutes(tracking.views)),
    ...strataRoutes(STRATA_RUN_GROUP_ENDPOINTS, runGroupRoutes(tracking.groups)),
    ...when(deps.registry, registryRoutes),
    ...when(deps.datasets, (datasets) => strataRoutes(STRATA_DATASET_ENDPOINTS, datasetRegistryRoutes(datasets))),
    ...when(deps.webhooks, (webhooks) => {
      const handlers = webhookRoutes(webhooks);
      return [...mlflowRoutes(MLFLOW_WEBHOOK_ENDPOINTS, handlers), ...strataRoutes(STRATA_WEBHOOK_ENDPOINTS, handlers)];
    }),
    ...when(deps.lineage, (lineage) => strataRoutes(STRATA_LINEAGE_ENDPOINTS, { lineage: lineageRoute(lineage) })),
    ...when(deps.gc, (gc) => strataRoutes(STRATA_GC_ENDPOINTS, { runGc: gcRoute(gc) })),
    ...when(deps.auditChain, (chain) =>
      strataRoutes(STRATA_AUDIT_ENDPOINTS, auditChainRoutes(chain)).map((route) => ({ ...route, permission: AUDIT_CHAIN_PERMISSIONS[route.name as keyof typeof AUDIT_CHAIN_PERMISSIONS] }))),
    ...when(deps.artifacts, ({ service, serveArtifacts }) => {
      const versions = deps.registry?.versions;
      const modelVersionDownloadUri = versions ? (name: string, version: number) => versions.getDownloadUri(name, version) : undefined;
      return artifactRoutes({ artifacts: service, serveArtifacts, modelVersionDownloadUri });
    }),
  ];
}

function registryRoutes(registry: RegistryService): RouteEntry[] {
  return [
    ...mlflowRoutes(MLFLOW_REGISTRY_ENDPOINTS, { ...registeredModelRoutes(registry), ...modelVersionRoutes(registry) }),
    ...strataRoutes(STRATA_REGISTRY_ENDPOINTS, strataRegistryRoutes(registry)),
  ];
}

function when<S>(service: S | undefined, routes: (service: S) => RouteEntry[]): RouteEntry[] {
  return service === undefined ? [] : routes(service);
}

interface Endpoint {
  readonly methods: readonly HTTPMethods[];
  readonly path: string;
}

/** One API route per endpoint of a src/api table, its handler looked up by the endpoint's name. */
function apiRoutes<N extends string>(
  prefixes: readonly string[],
  endpoints: Record<N, Endpoint>,
  handlers: Record<NoInfer<N>, ApiHandler>,
): ApiRoute[] {
  return (Object.keys(endpoints) as N[]).map((name) => ({
    kind: 'api',
    name,
    methods: endpoints[name].methods,
    urls: prefixes.map((prefix) => `${prefix}${endpoints[name].path}`),
    handler: handlers[name],
  }));
}

const mlflowRoutes = <N extends string>(endpoints: Record<N, Endpoint>, handlers: Record<NoInfer<N>, ApiHandler>) =>
  apiRoutes(MLFLOW_API_PREFIXES, endpoints, handlers);

const strataRoutes = <N extends string>(endpoints: Record<N, Endpoint>, handlers: Record<NoInfer<N>, ApiHandler>) =>
  apiRoutes([STRATA_API_PREFIX], endpoints, handlers);
