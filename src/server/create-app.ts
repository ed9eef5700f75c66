/**
 * The HTTP application: the route table (route-table.ts: MLflow's endpoints under both of
 * MLflow's prefixes, Strata's own /api/strata/v1 routes, the artifact API), health and version.
 * Routes only translate; the services hold the rules.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Principal } from '../core/auth/principal.js';
import { MLFLOW_COMPATIBLE_VERSION } from '../api/mlflow-tracking.js';
import { StrataError } from '../core/errors.js';
import { shortenForMessage } from '../core/shorten-for-message.js';
import { OPEN_AUTHENTICATOR, type Authenticator } from './auth/authenticator.js';
import { applyAuthFailureHeaders } from './auth/auth-failure.js';
import type { RequestAccess } from './auth/request-access.js';
import { checkRequestUrl } from './check-request-url.js';
import { handleClientError } from './client-error-handler.js';
import { applyConnectionLimits, connectionServerOptions, type ConnectionLimits } from './connection-limits.js';
import { createErrorHandler, errorBody, type InternalErrorLogger } from './error-handler.js';
import { useHttpSecurity, type HttpSecurityOptions } from './http-security.js';
import { RouteMethodIndex, sendMethodNotAllowed } from './method-not-allowed.js';
import { mountRouteTable } from './mount-route-table.js';
import { NO_ROUTE_SCHEMA_COMPILERS } from './no-route-schemas.js';
import { buildRouteTable, type RouteDeps } from './route-table.js';
import { registerDashboard, type DashboardOptions } from './dashboard/register-dashboard.js';

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The services behind the routes (RouteDeps: optional ones add their routes when present), and the
 * server's settings. With `authorization` (RouteDeps), every route's permission is checked.
 */
export interface AppDeps extends RouteDeps {
  bodyLimitBytes?: number;
  /** Fastify's logger (pino) level; off unless set, to keep per-request cost low. */
  logLevel?: string;
  /** Where the detail of unexpected errors goes; stderr by default. */
  logInternalError?: InternalErrorLogger;
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
  /** Who each request is (auth/authenticator.ts); absent: auth off, everyone is the open principal. */
  authenticator?: Authenticator;
}

const logToStderr: InternalErrorLogger = (error, request) => {
  console.error(`[strata] ${request.method} ${request.url} failed:`, error);
};

/** Every route is registered in a plugin, when the app gets ready: onRoute hooks added after createApp see them all. */
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
  const authenticator = deps.authenticator ?? OPEN_AUTHENTICATOR;
  // A null placeholder: Fastify refuses objects as request decorations (they would be shared).
  app.decorateRequest<Principal>('principal', null as unknown as Principal);
  app.decorateRequest<RequestAccess>('access', null as unknown as RequestAccess);
  app.addHook('onRequest', async (request, reply) => {
    try {
      request.principal = await authenticator.authenticate(request);
    } catch (error) {
      applyAuthFailureHeaders(reply, error);
      throw error;
    }
  });
  app.setErrorHandler(errorHandler);
  const routeMethods = RouteMethodIndex.track(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routeMethods.allowedMethods(path);
    if (allowed.length > 0) return sendMethodNotAllowed(reply, request.method, path, allowed);
    const error = new StrataError('ENDPOINT_NOT_FOUND', `No endpoint ${request.method} ${shortenForMessage(path)}`);
    void reply.code(404).type('application/json').send(errorBody(error));
  });
  void app.register(async (scope) => {
    scope.get('/health', async (_request, reply) => {
      const problem = await deps.checkHealth?.();
      if (problem !== undefined) return reply.code(503).type('text/plain').send(`UNAVAILABLE: ${problem}`);
      return reply.type('text/plain').send('OK');
    });
    scope.get('/version', async (_request, reply) => reply.type('text/plain').send(MLFLOW_COMPATIBLE_VERSION));
  });
  mountRouteTable(app, buildRouteTable(deps), deps.authorization);
  registerDashboard(app, deps.dashboard);
  return app;
}
