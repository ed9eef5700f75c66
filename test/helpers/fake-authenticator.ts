/**
 * An Authenticator for tests, until real identities exist: `Authorization: Bearer
 * test-user:alice@risk,ml` (or HTTP Basic with user name `alice@risk,ml`, any password) is the
 * verified user alice in groups risk and ml; `test-admin:root` is an admin; no header is the
 * open principal. Never wired outside tests.
 */
import type { FastifyRequest } from 'fastify';
import { OPEN_PRINCIPAL, type Principal } from '../../src/core/auth/principal.js';
import type { Authenticator } from '../../src/server/auth/authenticator.js';

function userFrom(spec: string, admin: boolean): Principal {
  const [username = '', groups = ''] = spec.split('@');
  return {
    kind: 'user', userId: `id-${username}`, username, admin, serviceAccount: false,
    groups: groups === '' ? [] : groups.split(','), via: 'token', scope: 'admin', tokenId: `token-${username}`,
  };
}

export const FAKE_AUTHENTICATOR: Authenticator = {
  async authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization ?? '';
    const bearer = /^Bearer test-(user|admin):(.+)$/.exec(header);
    if (bearer) return userFrom(bearer[2]!, bearer[1] === 'admin');
    const basic = /^Basic (.+)$/.exec(header);
    if (basic) return userFrom(Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] ?? '', false);
    return OPEN_PRINCIPAL;
  },
};

/** The header that makes a request the user `spec` (`alice@risk,ml`). */
export const asUser = (spec: string): Record<string, string> => ({ authorization: `Bearer test-user:${spec}` });
export const asAdmin = (name: string): Record<string, string> => ({ authorization: `Bearer test-admin:${name}` });
