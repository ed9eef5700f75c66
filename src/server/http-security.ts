/**
 * One onRequest hook, run before routing's handlers and body parsing, that keeps browsers
 * from being used against the server: security headers on every response, the Host
 * allowlist (DNS rebinding), CORS for configured origins, and a refusal of cross-site
 * writes, which browsers send without asking first when they look like form posts. An
 * onSend hook adds the Content-Security-Policy to whatever is not JSON: pages, and artifact
 * downloads, where an uploaded HTML file would otherwise run script on Strata's origin.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { StrataError } from '../core/errors.js';
import { createCorsPolicy, isSameOrigin, type CorsPolicy } from './cors-policy.js';
import { errorBody } from './error-handler.js';
import { createHostAllowlist, LOOPBACK_HOST_NAMES } from './host-allowlist.js';
import { DEFAULT_X_FRAME_OPTIONS, securityHeaders, type XFrameOptions } from './security-headers.js';

export interface HttpSecurityOptions {
  /** Host header entries (see host-allowlist.ts); default: the loopback names. */
  allowedHosts?: readonly string[];
  /** Origins whose pages may call the API; default none. */
  corsAllowedOrigins?: readonly string[];
  xFrameOptions?: XFrameOptions;
}

/**
 * Answered whatever the Host: load balancers and container probes often ask by IP or an
 * internal name, and all it reveals is whether the server is up.
 */
const HOST_CHECK_EXEMPT_PATH = '/health';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PREFLIGHT_MAX_AGE_SECONDS = '600';
const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE';

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** JSON answers are never rendered as pages: they need no CSP. */
function isJson(contentType: unknown): boolean {
  return typeof contentType === 'string' && /^application\/json\b/i.test(contentType);
}

function refuse(reply: FastifyReply, message: string): void {
  void reply.code(403).type('application/json').send(errorBody(new StrataError('PERMISSION_DENIED', message)));
}

function answerPreflight(request: FastifyRequest, reply: FastifyReply, origin: string, cors: CorsPolicy): void {
  if (!cors.allows(origin)) {
    refuse(reply, `Origin '${origin}' may not call this server. Start it with --cors-allowed-origins to allow it.`);
    return;
  }
  const requested = request.headers['access-control-request-headers'];
  void reply
    .code(204)
    .header('access-control-allow-origin', origin)
    .header('access-control-allow-methods', CORS_METHODS)
    .header('access-control-allow-headers', requested ?? 'content-type, authorization')
    .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
    .send();
}

/** Why a request with an Origin header is refused, or undefined; sets Access-Control-Allow-Origin when allowed. */
function checkOrigin(request: FastifyRequest, reply: FastifyReply, origin: string, cors: CorsPolicy): string | undefined {
  const isAllowed = cors.allows(origin);
  if (isAllowed) reply.raw.setHeader('access-control-allow-origin', origin);
  if (isAllowed || SAFE_METHODS.has(request.method) || isSameOrigin(origin, request.headers.host)) return undefined;
  return `Cross-origin ${request.method} from '${origin}' refused. Start the server with --cors-allowed-origins to allow it.`;
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
}

export function useHttpSecurity(app: FastifyInstance, options: HttpSecurityOptions = {}): void {
  const hosts = createHostAllowlist(options.allowedHosts ?? LOOPBACK_HOST_NAMES);
  const cors = createCorsPolicy(options.corsAllowedOrigins ?? []);
  const headers = securityHeaders(options.xFrameOptions ?? DEFAULT_X_FRAME_OPTIONS);

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    // Set on the raw response so they survive error replies and streamed downloads alike.
    const response = reply.raw;
    for (const [name, value] of headers.always) response.setHeader(name, value);
    const path = pathOf(request.url);
    if (cors.isEnabled) response.setHeader('vary', 'Origin');
    const host = request.headers.host;
    if (path !== HOST_CHECK_EXEMPT_PATH && !hosts.allows(host)) {
      refuse(reply, `Host '${host ?? ''}' is not served here (DNS rebinding protection). Start the server with --allowed-hosts to allow it.`);
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && isPreflight(request)) {
      answerPreflight(request, reply, origin, cors);
      return;
    }
    const refusal = origin === undefined ? undefined : checkOrigin(request, reply, origin, cors);
    if (refusal !== undefined) {
      refuse(reply, refusal);
      return;
    }
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    // A route may add directives of its own (artifact downloads add `sandbox`): they come after the server's.
    const own = reply.getHeader('content-security-policy');
    const policy = typeof own === 'string' && own !== '' ? `${headers.contentSecurityPolicy}; ${own}` : headers.contentSecurityPolicy;
    if (!isJson(reply.getHeader('content-type'))) void reply.header('content-security-policy', policy);
    else if (typeof own === 'string') void reply.header('content-security-policy', own);
    done(null, payload);
  });
}
