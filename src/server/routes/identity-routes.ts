/**
 * Identity routes: MLflow's user API (under both MLflow prefixes) and Strata's /auth endpoints,
 * each with the permission it needs. The services check the caller themselves too (admin, or a
 * user acting on itself), so these routes are safe whatever enforces the route table.
 */
import { MLFLOW_USER_ENDPOINTS } from '../../api/mlflow-auth.js';
import { MLFLOW_API_PREFIXES, type HttpMethod } from '../../api/mlflow-tracking.js';
import type { CreateTokenResponse, ListGroupsResponse, ListTokensResponse, ListUsersResponse, WhoAmIResponse } from '../../api/strata-auth.js';
import { STRATA_AUTH_ENDPOINTS } from '../../api/strata-auth.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import type { Principal } from '../../core/auth/principal.js';
import { invalidParameter } from '../../core/errors.js';
import type { CredentialVerifier } from '../../core/identity/credential-verifier.js';
import { parseTokenScope } from '../../core/identity/identity-validation.js';
import type { TokenService } from '../../core/identity/token-service.js';
import type { UserService } from '../../core/identity/user-service.js';
import type { RoutePermission } from '../auth/route-permission.js';
import type { Grant } from '../../core/ports/grant-repository.js';
import { toGroupWire, toMlflowUserWire, toStrataUserWire, toTokenWire } from '../mappers/identity-mapper.js';
import { EMPTY, type ApiHandler } from './api-handler.js';
import type { ApiRoute } from './route-entry.js';

export interface IdentityRouteDeps {
  users: UserService;
  tokens: TokenService;
  verifier: CredentialVerifier;
  /** The grants a user holds, for MLflow's users/get; absent: empty lists. */
  grantsOfUser?: (username: string) => Promise<{ experiments: Grant[]; models: Grant[] }>;
  /** Drops this replica's cached credentials of a changed user (all users: undefined). */
  authenticator?: { forgetUser(username?: string): void; forgetToken(tokenId: string): void };
}

interface Endpoint {
  readonly methods: readonly HttpMethod[];
  readonly path: string;
}

const ADMIN: RoutePermission = { kind: 'admin' };
const signedIn = (scope: 'read' | 'write'): RoutePermission => ({ kind: 'signed-in', scope });

type MlflowUserName = keyof typeof MLFLOW_USER_ENDPOINTS;
type StrataAuthName = keyof typeof STRATA_AUTH_ENDPOINTS;

/** Reading or changing oneself needs only a signed-in user; the service lets admins act on anyone. */
const USER_PERMISSIONS: Record<MlflowUserName, RoutePermission> = {
  createUser: ADMIN,
  getUser: signedIn('read'),
  updateUserPassword: signedIn('write'),
  updateUserAdmin: ADMIN,
  deleteUser: ADMIN,
};

const AUTH_PERMISSIONS: Record<StrataAuthName, RoutePermission> = {
  // whoami answers anyone, so the dashboard can ask whether it must show the sign-in page.
  whoAmI: { kind: 'public' },
  createToken: signedIn('read'),
  listTokens: signedIn('read'),
  revokeToken: signedIn('write'),
  listUsers: ADMIN,
  setUserDisabled: ADMIN,
  listGroups: ADMIN,
  createGroup: ADMIN,
  deleteGroup: ADMIN,
  addGroupMember: ADMIN,
  removeGroupMember: ADMIN,
};

export function identityRoutes(deps: IdentityRouteDeps): ApiRoute[] {
  return [
    ...routes(MLFLOW_USER_ENDPOINTS, MLFLOW_API_PREFIXES, USER_PERMISSIONS, userHandlers(deps)),
    ...routes(STRATA_AUTH_ENDPOINTS, [STRATA_API_PREFIX], AUTH_PERMISSIONS, authHandlers(deps)),
  ];
}

function routes<N extends string>(
  endpoints: Record<N, Endpoint>,
  prefixes: readonly string[],
  permissions: Record<N, RoutePermission>,
  handlers: Record<N, ApiHandler>,
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

/** MLflow applies a user change from the next request on: so does this replica (others within a second). */
function forgetterOf(deps: IdentityRouteDeps): (username?: string) => void {
  return (username) => deps.authenticator?.forgetUser(username);
}

function userHandlers(deps: IdentityRouteDeps): Record<MlflowUserName, ApiHandler> {
  const { users, grantsOfUser } = deps;
  const forget = forgetterOf(deps);
  return {
    createUser: async ({ fields, principal }) => {
      const password = fields.string('password');
      const user = await users.create(principal, {
        username: fields.requiredString('username'),
        ...(password === undefined ? {} : { password }),
        isAdmin: fields.boolean('is_admin'),
        isServiceAccount: fields.boolean('service_account'),
      });
      return { user: toMlflowUserWire(user) };
    },
    getUser: async ({ fields, principal }) => {
      const user = await users.get(principal, fields.requiredString('username'));
      return { user: toMlflowUserWire(user, await grantsOfUser?.(user.username)) };
    },
    updateUserPassword: async ({ fields, principal }) => {
      const username = fields.requiredString('username');
      await users.updatePassword(principal, username, fields.requiredString('password'));
      forget(username);
      return EMPTY;
    },
    updateUserAdmin: async ({ fields, principal }) => {
      if (fields.raw('is_admin') === undefined) throw invalidParameter('Missing value for required parameter \'is_admin\'.');
      const username = fields.requiredString('username');
      await users.setAdmin(principal, username, fields.boolean('is_admin'));
      forget(username);
      return EMPTY;
    },
    deleteUser: async ({ fields, principal }) => {
      const username = fields.requiredString('username');
      await users.delete(principal, username);
      forget(username);
      return EMPTY;
    },
  };
}

function authHandlers(deps: IdentityRouteDeps): Record<StrataAuthName, ApiHandler> {
  const { users, tokens, verifier } = deps;
  const forget = forgetterOf(deps);
  return {
    whoAmI: async ({ principal }) => whoAmI(verifier, principal),
    createToken: async ({ fields, principal }) => {
      const expiresTime = fields.int64('expires_time');
      const username = fields.string('username');
      const created = await tokens.create(principal, {
        name: fields.requiredString('name'),
        scope: parseTokenScope(fields.string('scope') ?? 'write'),
        ...(expiresTime === undefined ? {} : { expiresTime }),
        ...(username === undefined ? {} : { username }),
      });
      const response: CreateTokenResponse = { token: created.secret, token_info: toTokenWire(created.token) };
      return response;
    },
    listTokens: async ({ fields, principal }) => {
      const response: ListTokensResponse = { tokens: (await tokens.list(principal, fields.boolean('all'))).map(toTokenWire) };
      return response;
    },
    revokeToken: async ({ fields, principal }) => {
      const tokenId = fields.requiredString('token_id');
      await tokens.revoke(principal, tokenId);
      deps.authenticator?.forgetToken(tokenId);
      return EMPTY;
    },
    listUsers: async ({ principal }) => {
      const response: ListUsersResponse = { users: (await users.list(principal)).map(toStrataUserWire) };
      return response;
    },
    setUserDisabled: async ({ fields, principal }) => {
      if (fields.raw('disabled') === undefined) throw invalidParameter('Missing value for required parameter \'disabled\'.');
      const username = fields.requiredString('username');
      await users.setDisabled(principal, username, fields.boolean('disabled'));
      forget(username);
      return EMPTY;
    },
    listGroups: async ({ principal }) => {
      const response: ListGroupsResponse = { groups: (await users.listGroups(principal)).map(toGroupWire) };
      return response;
    },
    createGroup: async ({ fields, principal }) => {
      await users.createGroup(principal, fields.requiredString('name'));
      return EMPTY;
    },
    deleteGroup: async ({ fields, principal }) => {
      await users.deleteGroup(principal, fields.requiredString('name'));
      // Its members' cached principals still list it.
      forget();
      return EMPTY;
    },
    addGroupMember: async ({ fields, principal }) => {
      const username = fields.requiredString('username');
      await users.addMember(principal, fields.requiredString('name'), username);
      forget(username);
      return EMPTY;
    },
    removeGroupMember: async ({ fields, principal }) => {
      const username = fields.requiredString('username');
      await users.removeMember(principal, fields.requiredString('name'), username);
      forget(username);
      return EMPTY;
    },
  };
}

async function whoAmI(verifier: CredentialVerifier, principal: Principal): Promise<WhoAmIResponse> {
  if (principal.kind !== 'user') return { authenticated_by: principal.kind };
  const user = await verifier.findUser(principal.userId);
  const response: WhoAmIResponse = { authenticated_by: principal.via };
  if (user) response.user = { ...toStrataUserWire(user), groups: [...principal.groups] };
  if (principal.scope !== undefined) response.scope = principal.scope;
  return response;
}
