/**
 * OpenID Connect sign-in: `auth/config` (what the sign-in page offers), `oidc/login` (a redirect
 * to the provider) and `oidc/callback` (the provider's redirect back: a session cookie, then a
 * redirect to where the person was going), all public; and an admin's `identities/link`.
 * Failures end on the dashboard's sign-in page with `?error=<reason>` (src/api/strata-oidc.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH, STRATA_OIDC_ENDPOINTS, type AuthConfigResponse, type OidcSignInError,
} from '../../api/strata-oidc.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { invalidParameter } from '../../core/errors.js';
import { refusalOf, type OidcSignIn } from '../../core/identity/oidc-sign-in.js';
import { OidcFlowError, OIDC_LOGIN_TTL_MS, type OidcRelyingParty } from '../auth/oidc-relying-party.js';
import { cookieValue } from '../auth/request-credentials.js';
import type { RoutePermission } from '../auth/route-permission.js';
import { EMPTY, type ApiHandler } from './api-handler.js';
import type { ApiRoute, RawRoute, RouteEntry } from './route-entry.js';
import { DEFAULT_SESSION_TTL_MS, setCookie } from './session-routes.js';

export interface OidcRouteDeps {
  oidcSignIn: OidcSignIn;
  /** Absent: OpenID Connect is not configured (login and callback are not served). */
  relyingParty?: OidcRelyingParty;
  sessionTtlMs?: number;
}

/** The browser's half of the state: SameSite=Lax, so it comes back on the provider's top-level redirect. */
export const OIDC_STATE_COOKIE = 'strata_oidc_state';
const OIDC_PATH = `${STRATA_API_PREFIX}/auth/oidc`;
const SIGN_IN_PAGE = '/signin';

const PERMISSIONS: Record<keyof typeof STRATA_OIDC_ENDPOINTS, RoutePermission> = {
  // The sign-in page asks before anyone is signed in.
  authConfig: { kind: 'public' },
  linkIdentity: { kind: 'admin' },
};

export function oidcRoutes(deps: OidcRouteDeps): RouteEntry[] {
  const handlers = apiHandlers(deps);
  const api: ApiRoute[] = (Object.keys(STRATA_OIDC_ENDPOINTS) as Array<keyof typeof STRATA_OIDC_ENDPOINTS>).map((name) => ({
    kind: 'api', name, methods: STRATA_OIDC_ENDPOINTS[name].methods, urls: [`${STRATA_API_PREFIX}${STRATA_OIDC_ENDPOINTS[name].path}`],
    permission: PERMISSIONS[name], handler: handlers[name],
  }));
  const { relyingParty } = deps;
  return relyingParty === undefined ? api : [...api, loginRoute(relyingParty), callbackRoute(deps, relyingParty)];
}

function apiHandlers({ oidcSignIn, relyingParty }: OidcRouteDeps): Record<keyof typeof STRATA_OIDC_ENDPOINTS, ApiHandler> {
  return {
    authConfig: async () => {
      const response: AuthConfigResponse = { password: true };
      if (relyingParty) response.oidc = { display_name: relyingParty.settings.displayName, login_path: `${STRATA_API_PREFIX}${OIDC_LOGIN_PATH}` };
      return response;
    },
    linkIdentity: async ({ fields, principal }) => {
      const issuer = fields.string('issuer') ?? relyingParty?.settings.issuerIdentifier;
      if (issuer === undefined) throw invalidParameter('No OpenID Connect issuer is configured: name the issuer.');
      await oidcSignIn.linkIdentity(principal, fields.requiredString('username'), issuer, fields.requiredString('subject'));
      return EMPTY;
    },
  };
}

function loginRoute(relyingParty: OidcRelyingParty): RawRoute {
  return {
    kind: 'raw', name: 'oidcLogin', methods: ['GET'], urls: [`${STRATA_API_PREFIX}${OIDC_LOGIN_PATH}`], body: 'json', permission: { kind: 'public' },
    handler: async (request, reply) => {
      const returnTo = localReturnPath((request.query as Record<string, unknown>).return_to);
      let started;
      try {
        started = await relyingParty.startLogin(returnTo);
      } catch (error) {
        return failed(request, reply, error);
      }
      setStateCookie(reply, request, started.state, Math.floor(OIDC_LOGIN_TTL_MS / 1000));
      return reply.redirect(started.url, 302);
    },
  };
}

function callbackRoute(deps: OidcRouteDeps, relyingParty: OidcRelyingParty): RawRoute {
  const ttlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  return {
    kind: 'raw', name: 'oidcCallback', methods: ['GET'], urls: [`${STRATA_API_PREFIX}${OIDC_CALLBACK_PATH}`], body: 'json', permission: { kind: 'public' },
    handler: async (request, reply) => {
      const queryStart = request.url.indexOf('?');
      const query = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
      setStateCookie(reply, request, '', 0);
      try {
        const finished = await relyingParty.finishLogin(query, cookieValue(request.headers.cookie, OIDC_STATE_COOKIE));
        const session = await deps.oidcSignIn.signIn(finished.account, ttlMs);
        setCookie(reply, request, session.secret, Math.floor(ttlMs / 1000));
        return reply.redirect(finished.returnTo, 302);
      } catch (error) {
        return failed(request, reply, error);
      }
    },
  };
}

/**
 * Only a path of this server (`/…`, not `//host` nor `/\host`, which browsers read as another
 * site): anything else is an open redirect, refused with 400.
 */
export function localReturnPath(value: unknown): string {
  if (value === undefined || value === '') return '/';
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value) || /[\\\p{Cc}]/u.test(value)) {
    throw invalidParameter('return_to must be a path of this server, starting with a single "/".');
  }
  return value;
}

/** Known failures go to the sign-in page with their reason; anything else is the error handler's. */
function failed(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const reason: OidcSignInError | undefined = error instanceof OidcFlowError ? error.reason : refusalOf(error);
  if (reason === undefined) throw error;
  request.log.warn({ reason, message: (error as Error).message }, 'OpenID Connect sign-in failed');
  void reply.header('cache-control', 'no-store');
  return reply.redirect(`${SIGN_IN_PAGE}?error=${reason}`, 302);
}

function setStateCookie(reply: FastifyReply, request: FastifyRequest, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  void reply.header('set-cookie', `${OIDC_STATE_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=${OIDC_PATH}; Max-Age=${maxAgeSeconds}${secure}`);
  void reply.header('cache-control', 'no-store');
}
