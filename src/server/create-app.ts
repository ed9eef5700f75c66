/**
 * The HTTP application: MLflow's tracking endpoints under both of MLflow's prefixes,
 * Strata's own /api/strata/v1 routes, health and version. Routes only translate;
 * the services hold the rules.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { MLFLOW_API_PREFIXES, MLFLOW_COMPATIBLE_VERSION, MLFLOW_ENDPOINTS, type MlflowEndpointName } from '../api/mlflow-tracking.js';
import { STRATA_API_PREFIX, STRATA_ENDPOINTS, type GetStrataVersionResponse } from '../api/strata-v1.js';
import { StrataError } from '../core/errors.js';
import type { RegistryService } from '../core/services/registry-service.js';
import type { TrackingService } from '../core/services/tracking-service.js';
import { checkRequestUrl } from './check-request-url.js';
import { handleClientError } from './client-error-handler.js';
import { createErrorHandler, errorBody, type InternalErrorLogger } from './error-handler.js';
import { useJsonBodyParser } from './json-body-parser.js';
import { NO_ROUTE_SCHEMA_COMPILERS } from './no-route-schemas.js';
import { RouteMethodIndex, sendMethodNotAllowed } from './method-not-allowed.js';
import { RequestFields } from './request-fields.js';
import { type ApiHandler, JsonText } from './routes/api-handler.js';
import { auditRoutes } from './routes/audit-routes.js';
import { experimentRoutes } from './routes/experiment-routes.js';
import { experimentRunStatsRoute } from './routes/experiment-stats-routes.js';
import { experimentKeysRoute, searchRunColumnsRoute } from './routes/run-columns-routes.js';
import { metricRoutes } from './routes/metric-routes.js';
import { registerRegistryRoutes } from './routes/register-registry-routes.js';
import { LOG_MODEL_PATH, logModelRoute, runRoutes } from './routes/run-routes.js';
import { registerArtifactRoutes } from './routes/artifact-routes.js';
import type { ArtifactService } from '../core/services/artifact-service.js';
import type { DatasetRegistryService } from '../core/services/dataset-registry-service.js';
import { registerDatasetRoutes } from './routes/register-dataset-routes.js';
import type { WebhookService } from '../core/webhooks/webhook-service.js';
import type { LineageService } from '../core/lineage/lineage-service.js';
import { registerWebhookRoutes } from './routes/register-webhook-routes.js';
import { registerLineageRoutes } from './routes/lineage-routes.js';
import type { GcService } from '../core/services/gc-service.js';
import { registerGcRoutes } from './routes/gc-routes.js';
import { useHttpSecurity, type HttpSecurityOptions } from './http-security.js';
import { applyConnectionLimits, connectionServerOptions, type ConnectionLimits } from './connection-limits.js';
import { apiContext } from './routes/api-context.js';
import { shortenForMessage } from '../core/shorten-for-message.js';
import { registerDashboard, type DashboardOptions } from './dashboard/register-dashboard.js';

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export interface AppDeps {
  tracking: TrackingService;
  /** The model registry's routes are mounted when present. */
  registry?: RegistryService;
  /** The dataset registry's routes (/api/strata/v1/datasets) are mounted when present. */
  datasets?: DatasetRegistryService;
  /** MLflow 3's webhook API and /api/strata/v1/webhooks/:id/deliveries, when present. */
  webhooks?: WebhookService;
  /** /api/strata/v1/lineage, when present. */
  lineage?: LineageService;
  /** POST /api/strata/v1/gc, when present. */
  gc?: GcService;
  /** Strata's own version, at /api/strata/v1/version (/version answers the MLflow version spoken). */
  version: string;
  bodyLimitBytes?: number;
  /** Fastify's logger (pino) level; off unless set, to keep per-request cost low. */
  logLevel?: string;
  /** Where the detail of unexpected errors goes; stderr by default. */
  logInternalError?: InternalErrorLogger;
  /** Artifact endpoints (proxied `mlflow-artifacts` API, run listing, get-artifact); absent: not served. */
  artifacts?: { service: ArtifactService; serveArtifacts: boolean };
  /** Host allowlist, CORS and framing; absent: loopback host names only, no CORS, DENY. */
  security?: HttpSecurityOptions;
  /** Body idle timeout and connection cap; absent: the defaults of connection-limits.ts. */
  connections?: ConnectionLimits;
  /**
   * What /health asks before answering OK: undefined when healthy, else a short reason
   * (answered with 503). Absent: /health only says the process is up.
   */
  checkHealth?: () => Promise<string | undefined>;
  /** The web dashboard at `/` (src/server/dashboard/); its folder defaults to the package's dist/web/. */
  dashboard?: DashboardOptions;
}

const logToStderr: InternalErrorLogger = (error, request) => {
  console.error(`[strata] ${request.method} ${request.url} failed:`, error);
};

function handle(handler: ApiHandler) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<string | Buffer> => {
    const fromQuery = request.method === 'GET';
    const source = (fromQuery ? request.query : request.body) as Record<string, unknown> | undefined;
    const result = await handler(apiContext(request, reply, new RequestFields(source ?? {}, fromQuery)));
    void reply.type('application/json');
    // Prebuilt text is the large responses (metric histories): encoded once here, Fastify
    // neither measures nor re-encodes it.
    return result instanceof JsonText ? Buffer.from(result.text) : JSON.stringify(result);
  };
}

function mlflowHandlers(tracking: TrackingService): Record<MlflowEndpointName, ApiHandler> {
  return {
    ...experimentRoutes(tracking.experiments),
    ...runRoutes(tracking.runs),
    ...metricRoutes(tracking.metrics),
  };
}

export function createApp(deps: AppDeps): FastifyInstance {
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const connections = deps.connections ?? {};
  const errorHandler = createErrorHandler(bodyLimit, deps.logInternalError ?? logToStderr);
  const app = Fastify({
    ...connectionServerOptions(connections),
    bodyLimit,
    logger: deps.logLevel ? { level: deps.logLevel } : false,
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: NO_ROUTE_SCHEMA_COMPILERS },
    // Errors raised before routing (a path that is not valid percent-encoding) and by Node's
    // HTTP parser answer with MLflow's error body too.
    frameworkErrors: errorHandler,
    clientErrorHandler: handleClientError,
  });
  // The body watch comes first: a request refused by the security hook may still be sending a body.
  applyConnectionLimits(app, connections);
  useHttpSecurity(app, deps.security);
  app.addHook('onRequest', checkRequestUrl);
  app.setErrorHandler(errorHandler);
  const routeMethods = RouteMethodIndex.track(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routeMethods.allowedMethods(path);
    if (allowed.length > 0) return sendMethodNotAllowed(reply, request.method, path, allowed);
    const error = new StrataError('ENDPOINT_NOT_FOUND', `No endpoint ${request.method} ${shortenForMessage(path)}`);
    void reply.code(404).type('application/json').send(errorBody(error));
  });
  app.get('/health', async (_request, reply) => {
    const problem = await deps.checkHealth?.();
    if (problem !== undefined) return reply.code(503).type('text/plain').send(`UNAVAILABLE: ${problem}`);
    return reply.type('text/plain').send('OK');
  });
  app.get('/version', async (_request, reply) => reply.type('text/plain').send(MLFLOW_COMPATIBLE_VERSION));
  const strataVersion: GetStrataVersionResponse = { version: deps.version };
  app.get(`${STRATA_API_PREFIX}${STRATA_ENDPOINTS.getVersion.path}`, async () => strataVersion);

  void app.register(async (api) => {
    useJsonBodyParser(api);
    const handlers = mlflowHandlers(deps.tracking);
    for (const [name, endpoint] of Object.entries(MLFLOW_ENDPOINTS)) {
      const route = handle(handlers[name as MlflowEndpointName]);
      for (const prefix of MLFLOW_API_PREFIXES) {
        for (const method of endpoint.methods) api.route({ method, url: `${prefix}${endpoint.path}`, handler: route });
      }
    }
    const logModel = handle(logModelRoute(deps.tracking.runs));
    for (const prefix of MLFLOW_API_PREFIXES) api.post(`${prefix}${LOG_MODEL_PATH}`, logModel);
    const audit = auditRoutes(deps.tracking.audit);
    api.get(`${STRATA_API_PREFIX}/audit`, handle(audit.listAuditEvents));
    api.get(`${STRATA_API_PREFIX}${STRATA_ENDPOINTS.experimentRunStats.path}`, handle(experimentRunStatsRoute(deps.tracking.experiments)));
    api.get(`${STRATA_API_PREFIX}${STRATA_ENDPOINTS.experimentKeys.path}`, handle(experimentKeysRoute(deps.tracking.experiments)));
    api.post(`${STRATA_API_PREFIX}${STRATA_ENDPOINTS.searchRunColumns.path}`, handle(searchRunColumnsRoute(deps.tracking.runs)));
    if (deps.registry) registerRegistryRoutes(api, deps.registry, handle);
    if (deps.datasets) registerDatasetRoutes(api, deps.datasets);
    if (deps.webhooks) registerWebhookRoutes(api, deps.webhooks, handle);
    if (deps.lineage) registerLineageRoutes(api, deps.lineage, handle);
    if (deps.gc) registerGcRoutes(api, deps.gc, handle);
  });
  if (deps.artifacts) {
    const versions = deps.registry?.versions;
    registerArtifactRoutes(app, {
      artifacts: deps.artifacts.service,
      serveArtifacts: deps.artifacts.serveArtifacts,
      modelVersionDownloadUri: versions ? (name, version) => versions.getDownloadUri(name, version) : undefined,
    });
  }
  registerDashboard(app, deps.dashboard);
  return app;
}
