/**
 * Storage of identities: users (and service accounts), groups, API tokens, dashboard sessions.
 * Secrets never reach this port in clear: passwords arrive as argon2id hashes, tokens and
 * session ids as SHA-256 hashes (src/core/identity/secret-hash.ts).
 */
import type { TokenScope } from '../auth/principal.js';

export interface User {
  userId: string;
  username: string;
  /** argon2id PHC string; absent for service accounts. */
  passwordHash?: string;
  isAdmin: boolean;
  isServiceAccount: boolean;
  /** A disabled user cannot sign in by any means (password, token, session, OpenID Connect). */
  isDisabled?: boolean;
  createdTime: number;
  lastUpdateTime: number;
}

export interface Group {
  groupId: string;
  name: string;
  createdTime: number;
}

export interface ApiToken {
  tokenId: string;
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  userId: string;
  name: string;
  scope: TokenScope;
  expiresTime?: number;
  createdTime: number;
  lastUsedTime?: number;
  revokedTime?: number;
}

export interface AuthSession {
  sessionHash: string;
  userId: string;
  createdTime: number;
  expiresTime: number;
}

export interface UserUpdate {
  passwordHash?: string;
  isAdmin?: boolean;
  isDisabled?: boolean;
  lastUpdateTime: number;
}

/** An identity provider's account (issuer, subject) linked to a Strata user. */
export interface UserIdentity {
  issuer: string;
  subject: string;
  userId: string;
  createdTime: number;
  lastLoginTime?: number;
}

/** An OpenID Connect sign-in under way, keyed by the SHA-256 of its `state`. */
export interface PendingOidcLogin {
  stateHash: string;
  codeVerifier: string;
  nonce: string;
  /** A path of this server to return to (checked before it is stored). */
  returnTo: string;
  createdTime: number;
  expiresTime: number;
}

/** Links to identity providers and the sign-ins under way (OpenID Connect). */
export interface ExternalIdentityRepository {
  /** Throws RESOURCE_ALREADY_EXISTS when the (issuer, subject) is linked already. */
  insertUserIdentity(identity: UserIdentity): Promise<void>;
  findUserIdentity(issuer: string, subject: string): Promise<UserIdentity | undefined>;
  /** The identities linked to a user, ordered by issuer then subject. */
  listUserIdentities(userId: string): Promise<UserIdentity[]>;
  touchUserIdentity(issuer: string, subject: string, time: number): Promise<void>;
  /** Also removes logins expired before `login.createdTime`. */
  insertOidcLogin(login: PendingOidcLogin): Promise<void>;
  /**
   * Deletes and returns the login, if any and not expired at `time`: a state is used once, even
   * when two requests race with it (only the one whose delete removed the row gets it).
   */
  takeOidcLogin(stateHash: string, time: number): Promise<PendingOidcLogin | undefined>;
}

export interface IdentityRepository extends ExternalIdentityRepository {
  /** Throws RESOURCE_ALREADY_EXISTS when the user name is taken. */
  insertUser(user: User): Promise<void>;
  findUser(userId: string): Promise<User | undefined>;
  findUserByName(username: string): Promise<User | undefined>;
  /** Every user, ordered by name. */
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  updateUser(userId: string, update: UserUpdate): Promise<void>;
  /** Also removes the user's memberships, tokens and sessions. False when there was no such user. */
  deleteUser(userId: string): Promise<boolean>;

  /** Throws RESOURCE_ALREADY_EXISTS when the group name is taken. */
  insertGroup(group: Group): Promise<void>;
  findGroupByName(name: string): Promise<Group | undefined>;
  /** Every group, ordered by name. */
  listGroups(): Promise<Group[]>;
  /** Also removes its memberships. False when there was no such group. */
  deleteGroup(groupId: string): Promise<boolean>;
  /** False when the user was a member already. */
  addGroupMember(groupId: string, userId: string): Promise<boolean>;
  /** False when the user was not a member. */
  removeGroupMember(groupId: string, userId: string): Promise<boolean>;
  /** User names of a group's members, ordered. */
  listGroupMembers(groupId: string): Promise<string[]>;
  /** Names of the groups a user belongs to, ordered. */
  listUserGroups(userId: string): Promise<string[]>;

  insertToken(token: ApiToken): Promise<void>;
  findToken(tokenId: string): Promise<ApiToken | undefined>;
  findTokenByHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** A user's tokens, or everyone's when `userId` is absent; newest first. */
  listTokens(userId?: string): Promise<ApiToken[]>;
  /** Sets revoked_time unless already revoked; false when nothing changed. */
  revokeToken(tokenId: string, time: number): Promise<boolean>;
  /** Records use coarsely: only when the stored time is older than `time - granularityMs`. */
  touchToken(tokenId: string, time: number, granularityMs: number): Promise<void>;

  insertSession(session: AuthSession): Promise<void>;
  findSession(sessionHash: string): Promise<AuthSession | undefined>;
  deleteSession(sessionHash: string): Promise<boolean>;
  /** Removes sessions expired before `time`; returns how many. */
  deleteExpiredSessions(time: number): Promise<number>;
}
