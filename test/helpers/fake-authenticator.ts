/**
 * A stand-in Authenticator for authorization tests: `Authorization: Bearer test-user:alice`
 * is user alice, `test-admin:root` an admin, `test-user:alice@ml-team,infra` alice in groups
 * ml-team and infra, and a `+read`/`+write` suffix on the name makes it a token of that scope
 * (`test-user:alice+read`). HTTP Basic with the password `fake-user` (or `fake-admin`) signs in
 * the named user (or admin), as the SDK and CLI send MLFLOW_TRACKING_USERNAME/PASSWORD.
 * No header: 401, as a server with auth on answers.
 */
import type { FastifyRequest } from 'fastify';
import type { TokenScope, UserPrincipal } from '../../src/core/auth/principal.js';
import { StrataError } from '../../src/core/errors.js';
import type { Authenticator } from '../../src/server/auth/authenticator.js';

export const fakeAuthenticator: Authenticator = {
  async authenticate(request: FastifyRequest): Promise<UserPrincipal> {
    const header = request.headers.authorization ?? '';
    const basic = /^Basic (.+)$/.exec(header);
    if (basic) {
      const [username = '', password] = Buffer.from(basic[1] ?? '', 'base64').toString().split(':');
      if (password !== 'fake-user' && password !== 'fake-admin') throw new StrataError('UNAUTHENTICATED', 'Wrong user name or password.');
      return { kind: 'user', userId: `id-${username}`, username, admin: password === 'fake-admin', serviceAccount: false, groups: [], via: 'password' };
    }
    const match = /^Bearer test-(user|admin):([^@+\s]+)(?:@([^+\s]+))?(?:\+(read|write|admin))?$/.exec(header);
    if (!match) throw new StrataError('UNAUTHENTICATED', 'Sign in: this server requires credentials.');
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
  },
};

/** The header that signs a request in as `who` (`user:alice`, `admin:root`, `user:bob@team+read`). */
export const as = (who: string): Record<string, string> => ({ authorization: `Bearer test-${who}` });
