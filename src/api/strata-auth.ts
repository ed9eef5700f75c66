/**
 * Strata's identity endpoints under /api/strata/v1/auth: who am I, API tokens (the token itself
 * is in the create response only), groups, the user list, and the dashboard's sign-in/sign-out
 * (a session cookie; see src/server/auth/).
 */
/** What a token may do at most: read < write < admin. */
export type TokenScope = 'read' | 'write' | 'admin';

export interface StrataUserWire {
  user_id: string;
  username: string;
  is_admin: boolean;
  service_account: boolean;
  /** Present (true) when an admin disabled the user: no sign-in of any kind is accepted. */
  disabled?: boolean;
  created_time: number;
  last_update_time: number;
}

/** `GET /api/strata/v1/auth/whoami` */
export interface WhoAmIResponse {
  /** Absent when auth is off (everyone is the open principal) or nobody is signed in. */
  user?: StrataUserWire & { groups: string[] };
  /** `open`: auth is off; `anonymous`: auth is on and the request carried no credentials. */
  authenticated_by: 'open' | 'anonymous' | 'password' | 'token' | 'session';
  /** The token's scope when authenticated by a token. */
  scope?: TokenScope;
}

export interface ApiTokenWire {
  token_id: string;
  name: string;
  username: string;
  scope: TokenScope;
  created_time: number;
  expires_time?: number;
  last_used_time?: number;
  revoked_time?: number;
}

/** `POST /api/strata/v1/auth/tokens/create` */
export interface CreateTokenRequest {
  name: string;
  /** Default `write`. */
  scope?: TokenScope;
  /** ms since epoch; absent: never expires. */
  expires_time?: number;
  /** Admins: the user (a service account) the token acts as. */
  username?: string;
}

export interface CreateTokenResponse {
  /** The token itself: shown this once. */
  token: string;
  token_info: ApiTokenWire;
}

/** `GET /api/strata/v1/auth/tokens?all=true` */
export interface ListTokensResponse {
  tokens: ApiTokenWire[];
}

/** `POST /api/strata/v1/auth/tokens/revoke` → `{}` */
export interface RevokeTokenRequest {
  token_id: string;
}

/** `GET /api/strata/v1/auth/users` (admins) */
export interface ListUsersResponse {
  users: StrataUserWire[];
}

export interface GroupWire {
  name: string;
  created_time: number;
  members: string[];
}

/** `POST /api/strata/v1/auth/users/set-disabled` (admins) → `{}` */
export interface SetUserDisabledRequest {
  username: string;
  disabled: boolean;
}

/** `GET /api/strata/v1/auth/groups` (admins) */
export interface ListGroupsResponse {
  groups: GroupWire[];
}

/** `POST …/groups/create`, `DELETE …/groups/delete` */
export interface GroupRequest {
  name: string;
}

/** `POST …/groups/members/add`, `DELETE …/groups/members/remove` */
export interface GroupMemberRequest {
  name: string;
  username: string;
}

/** `POST /api/strata/v1/auth/sign-in`: sets the session cookie. */
export interface SignInRequest {
  username: string;
  password: string;
}

export interface SignInResponse {
  user: StrataUserWire;
  expires_time: number;
}

export const STRATA_AUTH_ENDPOINTS = {
  whoAmI: { methods: ['GET'], path: '/auth/whoami' },
  createToken: { methods: ['POST'], path: '/auth/tokens/create' },
  listTokens: { methods: ['GET'], path: '/auth/tokens' },
  revokeToken: { methods: ['POST'], path: '/auth/tokens/revoke' },
  listUsers: { methods: ['GET'], path: '/auth/users' },
  setUserDisabled: { methods: ['POST'], path: '/auth/users/set-disabled' },
  listGroups: { methods: ['GET'], path: '/auth/groups' },
  createGroup: { methods: ['POST'], path: '/auth/groups/create' },
  deleteGroup: { methods: ['DELETE'], path: '/auth/groups/delete' },
  addGroupMember: { methods: ['POST'], path: '/auth/groups/members/add' },
  removeGroupMember: { methods: ['DELETE'], path: '/auth/groups/members/remove' },
} as const;

/** Sign-in and sign-out set and clear the cookie: raw routes beside the table above. */
export const SIGN_IN_PATH = '/auth/sign-in';
export const SIGN_OUT_PATH = '/auth/sign-out';
export const SESSION_COOKIE_NAME = 'strata_session';
