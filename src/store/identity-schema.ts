/** The identity tables (migration 0011), joined into Database (schema.ts). */

export interface IdentityTables {
  users: UsersTable;
  user_groups: UserGroupsTable;
  user_group_members: UserGroupMembersTable;
  api_tokens: ApiTokensTable;
  auth_sessions: AuthSessionsTable;
}

export interface UsersTable {
  user_id: string;
  username: string;
  /** argon2id (PHC string); null for service accounts, which sign in with tokens only. */
  password_hash: string | null;
  is_admin: number; // 0 | 1
  is_service_account: number; // 0 | 1
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
