/**
 * The dashboard's sign-in and sign-out: raw routes, because they set and clear the session
 * cookie. The cookie is HttpOnly (scripts never see it), SameSite=Strict (no cross-site request
 * carries it), Path=/, and Secure when the request came over https. The session lives in the
 * database as the SHA-256 of the cookie's value, so every replica knows it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE_NAME, SIGN_IN_PATH, SIGN_OUT_PATH, type SignInResponse } from '../../api/strata-auth.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { invalidParameter } from '../../core/errors.js';
import type { CredentialVerifier } from '../../core/identity/credential-verifier.js';
import type { IdentityAuthenticator } from '../auth/identity-authenticator.js';
import { cookieValue } from '../auth/request-credentials.js';
import { toStrataUserWire } from '../mappers/identity-mapper.js';
import type { RawRoute } from './route-entry.js';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionRouteDeps {
  verifier: CredentialVerifier;
  /** Checks the password under the sign-in rate limits and forgets signed-out sessions. */
  authenticator: IdentityAuthenticator;
  sessionTtlMs?: number;
}

export function sessionRoutes(deps: SessionRouteDeps): RawRoute[] {
  const ttlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  return [
    {
      kind: 'raw', name: 'signIn', methods: ['POST'], urls: [`${STRATA_API_PREFIX}${SIGN_IN_PATH}`], body: 'json', permission: { kind: 'public' },
      handler: async (request, reply) => {
        const { username, password } = signInFields(request.body);
        const user = await deps.authenticator.verifySignIn(request, username, password);
        const session = await deps.verifier.createSession(user, ttlMs);
        setCookie(reply, request, session.secret, Math.floor(ttlMs / 1000));
        const response: SignInResponse = { user: toStrataUserWire(user), expires_time: session.expiresTime };
        return reply.type('application/json').send(JSON.stringify(response));
      },
    },
    {
      kind: 'raw', name: 'signOut', methods: ['POST'], urls: [`${STRATA_API_PREFIX}${SIGN_OUT_PATH}`], body: 'json', permission: { kind: 'public' },
      handler: async (request, reply) => {
        const secret = cookieValue(request.headers.cookie, SESSION_COOKIE_NAME);
        if (secret !== undefined && secret !== '') {
          await deps.verifier.deleteSession(secret);
          deps.authenticator.forgetSession(secret);
        }
        setCookie(reply, request, '', 0);
        return reply.type('application/json').send('{}');
      },
    },
  ];
}

function signInFields(body: unknown): { username: string; password: string } {
  const fields = (body ?? {}) as Record<string, unknown>;
  const { username, password } = fields;
  if (typeof username !== 'string' || username === '') throw invalidParameter('Sign-in needs a username.');
  if (typeof password !== 'string' || password === '') throw invalidParameter('Sign-in needs a password.');
  return { username, password };
}

/** Sets (or, with an empty value and 0, clears) the session cookie; OpenID Connect sign-in sets the same one. */
export function setCookie(reply: FastifyReply, request: FastifyRequest, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  void reply.header('set-cookie', `${SESSION_COOKIE_NAME}=${encodeURIComponent(value)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure}`);
  // The answer carries a session: no cache may keep it.
  void reply.header('cache-control', 'no-store');
}
