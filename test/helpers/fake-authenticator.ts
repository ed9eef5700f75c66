/**
 * Stand-in Authenticators for tests of authorization and approvals (identity's real one is
 * tested on its own): `Authorization: Bearer test-user:alice` is user alice, `test-admin:root`
 * an admin, `test-user:alice@ml-team,infra` alice in groups ml-team and infra, and a
 * `+read`/`+write` suffix on the name makes it a token of that scope (`test-user:alice+read`).
 *
 * - `fakeAuthenticator` (strict, as a server with auth on): HTTP Basic signs in the named user
 *   with the password `fake-user` (or as an admin with `fake-admin`), any other password and no
 *   header at all answer 401.
 * - `FAKE_AUTHENTICATOR` (lenient): HTTP Basic with any password is the named user (the CLI's
 *   MLFLOW_TRACKING_USERNAME), and no header is the open principal, so setup needs no credentials.
 */
import type { FastifyRequest } from 'fastify';
import { OPEN_PRINCIPAL, type Principal, type TokenScope, type UserPrincipal } from '../../src/core/auth/principal.js';
import { StrataError } from '../../src/core/errors.js';
import type { Authenticator } from '../../src/server/auth/authenticator.js';

function fromBasic(header: string, strict: boolean): UserPrincipal {
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const colon = decoded.indexOf(':');
  const spec = colon === -1 ? decoded : decoded.slice(0, colon);
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  if (strict && password !== 'fake-user' && password !== 'fake-admin') throw new StrataError('UNAUTHENTICATED', 'Wrong user name or password.');
  const [username = '', groups] = spec.split('@');
  return {
    kind: 'user', userId: `id-${username}`, username, admin: password === 'fake-admin', serviceAccount: false,
    groups: groups === undefined || groups === '' ? [] : groups.split(','), via: 'password',
  };
}

function fromBearer(header: string): UserPrincipal | undefined {
  const match = /^Bearer test-(user|admin):([^@+\s]+)(?:@([^+\s]+))?(?:\+(read|write|admin))?$/.exec(header);
  if (!match) return undefined;
  const [, kind, username = '', groups, scope] = match;
  return {
    kind: 'user',
    userId: `id-${username}`,
    username,
    admin: kind === 'admin',
    serviceAccount: false,
    groups: groups === undefined ? [] : groups.split(','),
    via: scope === undefined ? 'password' : 'token',
    ...(scope === undefined ? {} : { scope: scope as TokenScope, tokenId: `token-${username}` }),
  };
}

function fake(strict: boolean): Authenticator {
  return {
    async authenticate(request: FastifyRequest): Promise<Principal> {
      const header = request.headers.authorization ?? '';
      if (/^Basic /.test(header)) return fromBasic(header, strict);
      const bearer = fromBearer(header);
      if (bearer) return bearer;
      if (strict || header !== '') throw new StrataError('UNAUTHENTICATED', 'Sign in: this server requires credentials.');
      return OPEN_PRINCIPAL;
    },
  };
}

export const fakeAuthenticator: Authenticator = fake(true);
export const FAKE_AUTHENTICATOR: Authenticator = fake(false);

/** The header that signs a request in as `who` (`user:alice`, `admin:root`, `user:bob@team+read`). */
export const as = (who: string): Record<string, string> => ({ authorization: `Bearer test-${who}` });
/** The header that makes a request the user `spec` (`alice@risk,ml`). */
export const asUser = (spec: string): Record<string, string> => as(`user:${spec}`);
export const asAdmin = (name: string): Record<string, string> => as(`admin:${name}`);
