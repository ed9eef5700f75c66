/** The identity tables (migrations 0011 and 0017), joined into Database (schema.ts). */
import type { Generated } from 'kysely';

export interface IdentityTables {
  users: UsersTable;
  user_groups: UserGroupsTable;
  user_group_members: UserGroupMembersTable;
  api_tokens: ApiTokensTable;
  auth_sessions: AuthSessionsTable;
  user_identities: UserIdentitiesTable;
  oidc_logins: OidcLoginsTable;
}

export interface UsersTable {
  user_id: string;
  username: string;
  /** argon2id (PHC string); null for service accounts, which sign in with tokens only. */
  password_hash: string | null;
  is_admin: number; // 0 | 1
  is_service_account: number; // 0 | 1
  /** Migration 0017: a disabled user keeps its account but cannot sign in by any means. */
  is_disabled: Generated<number>; // 0 | 1
  created_time: number;
  last_update_time: number;
}

export interface UserGroupsTable {
  group_id: string;
  name: string;
  created_time: number;
}

export interface UserGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface ApiTokensTable {
  token_id: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  name: string;
  scope: string;
  expires_time: number | null;
  created_time: number;
  last_used_time: number | null;
  revoked_time: number | null;
}

export interface AuthSessionsTable {
  /** SHA-256 of the session cookie's value, hex. */
  session_hash: string;
  user_id: string;
  created_time: number;
  expires_time: number;
}

/** An identity provider's account linked to a user (migration 0017). */
export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_time: number;
  last_login_time: number | null;
}

/** An OpenID Connect sign-in under way: deleted when the provider sends the browser back, or after expiry. */
export interface OidcLoginsTable {
  /** SHA-256 of the `state` parameter, hex. */
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  created_time: number;
  expires_time: number;
}
