/**
 * Adds identities (users, groups, tokens, sessions) to the repository chain, below the grants
 * (sql-grant-repository.ts), so identity changes and their audit events commit in one
 * transaction like every other write.
 */
import type { ApiToken, AuthSession, Group, IdentityRepository, PendingOidcLogin, User, UserIdentity, UserUpdate } from '../core/ports/identity-repository.js';
import * as identity from './identity-queries.js';
import * as oidc from './oidc-queries.js';
import { SqlPromotionRepository } from './sql-promotion-repository.js';

export class SqlIdentityRepository extends SqlPromotionRepository implements IdentityRepository {
  insertUser(user: User): Promise<void> {
    return identity.insertUser(this.db, this.quirks, user);
  }
  findUser(userId: string): Promise<User | undefined> {
    return identity.findUser(this.db, userId);
  }
  findUserByName(username: string): Promise<User | undefined> {
    return identity.findUserByName(this.db, username);
  }
  listUsers(): Promise<User[]> {
    return identity.listUsers(this.db);
  }
  countUsers(): Promise<number> {
    return identity.countUsers(this.db);
  }
  updateUser(userId: string, update: UserUpdate): Promise<void> {
    return identity.updateUser(this.db, userId, update);
  }
  deleteUser(userId: string): Promise<boolean> {
    return identity.deleteUser(this.db, userId);
  }
  insertGroup(group: Group): Promise<void> {
    return identity.insertGroup(this.db, this.quirks, group);
  }
  findGroupByName(name: string): Promise<Group | undefined> {
    return identity.findGroupByName(this.db, name);
  }
  listGroups(): Promise<Group[]> {
    return identity.listGroups(this.db);
  }
  deleteGroup(groupId: string): Promise<boolean> {
    return identity.deleteGroup(this.db, groupId);
  }
  addGroupMember(groupId: string, userId: string): Promise<boolean> {
    return identity.addGroupMember(this.db, this.quirks, groupId, userId);
  }
  removeGroupMember(groupId: string, userId: string): Promise<boolean> {
    return identity.removeGroupMember(this.db, groupId, userId);
  }
  listGroupMembers(groupId: string): Promise<string[]> {
    return identity.listGroupMembers(this.db, groupId);
  }
  listUserGroups(userId: string): Promise<string[]> {
    return identity.listUserGroups(this.db, userId);
  }
  insertToken(token: ApiToken): Promise<void> {
    return identity.insertToken(this.db, token);
  }
  findToken(tokenId: string): Promise<ApiToken | undefined> {
    return identity.findToken(this.db, tokenId);
  }
  findTokenByHash(tokenHash: string): Promise<ApiToken | undefined> {
    return identity.findTokenByHash(this.db, tokenHash);
  }
  listTokens(userId?: string): Promise<ApiToken[]> {
    return identity.listTokens(this.db, userId);
  }
  revokeToken(tokenId: string, time: number): Promise<boolean> {
    return identity.revokeToken(this.db, tokenId, time);
  }
  touchToken(tokenId: string, time: number, granularityMs: number): Promise<void> {
    return identity.touchToken(this.db, tokenId, time, granularityMs);
  }
  insertSession(session: AuthSession): Promise<void> {
    return identity.insertSession(this.db, session);
  }
  findSession(sessionHash: string): Promise<AuthSession | undefined> {
    return identity.findSession(this.db, sessionHash);
  }
  deleteSession(sessionHash: string): Promise<boolean> {
    return identity.deleteSession(this.db, sessionHash);
  }
  deleteExpiredSessions(time: number): Promise<number> {
    return identity.deleteExpiredSessions(this.db, time);
  }
  insertUserIdentity(link: UserIdentity): Promise<void> {
    return oidc.insertUserIdentity(this.db, this.quirks, link);
  }
  findUserIdentity(issuer: string, subject: string): Promise<UserIdentity | undefined> {
    return oidc.findUserIdentity(this.db, issuer, subject);
  }
  listUserIdentities(userId: string): Promise<UserIdentity[]> {
    return oidc.listUserIdentities(this.db, userId);
  }
  touchUserIdentity(issuer: string, subject: string, time: number): Promise<void> {
    return oidc.touchUserIdentity(this.db, issuer, subject, time);
  }
  insertOidcLogin(login: PendingOidcLogin): Promise<void> {
    return oidc.insertOidcLogin(this.db, login);
  }
  takeOidcLogin(stateHash: string, time: number): Promise<PendingOidcLogin | undefined> {
    return oidc.takeOidcLogin(this.db, stateHash, time);
  }
}
