/**
 * `client.auth`: who am I, API tokens, and for admins users and groups (MLflow's users API and
 * Strata's /auth endpoints); the dashboard's sign-in and sign-out (the browser keeps the cookie).
 */
import {
  MLFLOW_USER_ENDPOINTS,
  type CreateUserRequest,
  type MlflowUserWire,
  type UserResponse,
} from '../api/mlflow-auth.js';
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';
import {
  SIGN_IN_PATH,
  SIGN_OUT_PATH,
  STRATA_AUTH_ENDPOINTS,
  type ApiTokenWire,
  type CreateTokenRequest,
  type CreateTokenResponse,
  type GroupWire,
  type ListGroupsResponse,
  type ListTokensResponse,
  type ListUsersResponse,
  type SignInResponse,
  type StrataUserWire,
  type WhoAmIResponse,
} from '../api/strata-auth.js';
import { STRATA_OIDC_ENDPOINTS, type AuthConfigResponse, type LinkIdentityRequest } from '../api/strata-oidc.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { callEndpoint } from './call-endpoint.js';
import type { HttpTransport } from './http-transport.js';

const MLFLOW = MLFLOW_API_PREFIXES[0];
const STRATA = STRATA_API_PREFIX;
const E = STRATA_AUTH_ENDPOINTS;
const U = MLFLOW_USER_ENDPOINTS;

export function authApi(transport: HttpTransport) {
  return {
    whoami: (): Promise<WhoAmIResponse> => callEndpoint(transport, STRATA, E.whoAmI, {}),
    /** Which ways of signing in the server offers (password; single sign-on with its button label). Needs no credentials. */
    config: (): Promise<AuthConfigResponse> => callEndpoint(transport, STRATA, STRATA_OIDC_ENDPOINTS.authConfig, {}),
    /** Admins: lets an identity provider account (its `sub`) sign in as an existing user. */
    linkIdentity: async (request: LinkIdentityRequest): Promise<void> => {
      await callEndpoint(transport, STRATA, STRATA_OIDC_ENDPOINTS.linkIdentity, request);
    },
    /** Starts a dashboard session: the server sets an HttpOnly cookie the browser sends from then on. */
    signIn: (username: string, password: string): Promise<SignInResponse> =>
      callEndpoint(transport, STRATA, { methods: ['POST'], path: SIGN_IN_PATH }, { username, password }, 'create'),
    signOut: async (): Promise<void> => {
      await callEndpoint(transport, STRATA, { methods: ['POST'], path: SIGN_OUT_PATH }, {});
    },
    tokens: {
      /** The token itself is in the answer this once: keep it. */
      create: (request: CreateTokenRequest): Promise<CreateTokenResponse> => callEndpoint(transport, STRATA, E.createToken, request, 'create'),
      /** Your tokens; with `all`, everyone's (admins). */
      list: async (options: { all?: boolean } = {}): Promise<ApiTokenWire[]> =>
        (await callEndpoint<ListTokensResponse>(transport, STRATA, E.listTokens, options.all ? { all: true } : {})).tokens,
      revoke: async (tokenId: string): Promise<void> => {
        await callEndpoint(transport, STRATA, E.revokeToken, { token_id: tokenId });
      },
    },
    users: {
      create: async (request: CreateUserRequest): Promise<MlflowUserWire> => (await callEndpoint<UserResponse>(transport, MLFLOW, U.createUser, request, 'create')).user,
      get: async (username: string): Promise<MlflowUserWire> => (await callEndpoint<UserResponse>(transport, MLFLOW, U.getUser, { username })).user,
      list: async (): Promise<StrataUserWire[]> => (await callEndpoint<ListUsersResponse>(transport, STRATA, E.listUsers, {})).users,
      updatePassword: async (username: string, password: string): Promise<void> => {
        await callEndpoint(transport, MLFLOW, U.updateUserPassword, { username, password });
      },
      setAdmin: async (username: string, isAdmin: boolean): Promise<void> => {
        await callEndpoint(transport, MLFLOW, U.updateUserAdmin, { username, is_admin: isAdmin });
      },
      /** Admins: a disabled user can sign in by no means (password, token, session, single sign-on); false enables again. */
      setDisabled: async (username: string, disabled: boolean): Promise<void> => {
        await callEndpoint(transport, STRATA, E.setUserDisabled, { username, disabled });
      },
      delete: async (username: string): Promise<void> => {
        await callEndpoint(transport, MLFLOW, U.deleteUser, { username });
      },
    },
    groups: {
      list: async (): Promise<GroupWire[]> => (await callEndpoint<ListGroupsResponse>(transport, STRATA, E.listGroups, {})).groups,
      create: async (name: string): Promise<void> => {
        await callEndpoint(transport, STRATA, E.createGroup, { name }, 'create');
      },
      delete: async (name: string): Promise<void> => {
        await callEndpoint(transport, STRATA, E.deleteGroup, { name });
      },
      addMember: async (name: string, username: string): Promise<void> => {
        await callEndpoint(transport, STRATA, E.addGroupMember, { name, username });
      },
      removeMember: async (name: string, username: string): Promise<void> => {
        await callEndpoint(transport, STRATA, E.removeGroupMember, { name, username });
      },
    },
  };
}

export type AuthApi = ReturnType<typeof authApi>;
