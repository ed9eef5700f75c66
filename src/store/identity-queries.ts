/**
 * Users, groups, API tokens and sessions. Children are deleted explicitly with their parent
 * (not left to ON DELETE CASCADE) so both databases behave the same whatever their settings.
 */
import type { Kysely, Selectable } from 'kysely';
import { alreadyExists } from '../core/errors.js';
import type { ApiToken, AuthSession, Group, User, UserUpdate } from '../core/ports/identity-repository.js';
import type { TokenScope } from '../core/auth/principal.js';
import { shortenForMessage } from '../core/shorten-for-message.js';
import type { DialectQuirks } from './dialect-quirks.js';
import type { ApiTokensTable, UsersTable } from './identity-schema.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

function toUser(row: Selectable<UsersTable>): User {
  const user: User = {
    userId: row.user_id,
    username: row.username,
    isAdmin: Number(row.is_admin) === 1,
    isServiceAccount: Number(row.is_service_account) === 1,
    ...(Number(row.is_disabled) === 1 ? { isDisabled: true } : {}),
    createdTime: Number(row.created_time),
    lastUpdateTime: Number(row.last_update_time),
  };
  if (row.password_hash !== null) user.passwordHash = row.password_hash;
  return user;
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  const token: ApiToken = {
    tokenId: row.token_id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    name: row.name,
    scope: row.scope as TokenScope,
    createdTime: Number(row.created_time),
  };
  if (row.expires_time !== null) token.expiresTime = Number(row.expires_time);
  if (row.last_used_time !== null) token.lastUsedTime = Number(row.last_used_time);
  if (row.revoked_time !== null) token.revokedTime = Number(row.revoked_time);
  return token;
}

/** The unique index is the last word when two creations race. */
async function guardUnique(quirks: DialectQuirks, message: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (quirks.isUniqueViolation(error)) throw alreadyExists(message);
    throw error;
  }
}

export const duplicateUser = (username: string) => alreadyExists(`User '${shortenForMessage(username)}' already exists.`);
export const duplicateGroup = (name: string) => alreadyExists(`Group '${shortenForMessage(name)}' already exists.`);

export function insertUser(db: Db, quirks: DialectQuirks, user: User): Promise<void> {
  return guardUnique(quirks, duplicateUser(user.username).message, () =>
    db.insertInto('users').values({
      user_id: user.userId,
      username: user.username,
      password_hash: user.passwordHash ?? null,
      is_admin: user.isAdmin ? 1 : 0,
      is_service_account: user.isServiceAccount ? 1 : 0,
      is_disabled: user.isDisabled === true ? 1 : 0,
      created_time: user.createdTime,
      last_update_time: user.lastUpdateTime,
    }).execute());
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function findUserByName(db: Db, username: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateUser(db: Db, userId: string, update: UserUpdate): Promise<void> {
  await db.updateTable('users').set({
    last_update_time: update.lastUpdateTime,
    ...(update.passwordHash === undefined ? {} : { password_hash: update.passwordHash }),
    ...(update.isAdmin === undefined ? {} : { is_admin: update.isAdmin ? 1 : 0 }),
    ...(update.isDisabled === undefined ? {} : { is_disabled: update.isDisabled ? 1 : 0 }),
  }).where('user_id', '=', userId).execute();
}

/**
 * Grants and server rights name their holder, not its id: they go with the user or group, or a
 * later one given the same name (a new hire, a just-in-time SSO user) would inherit them.
 */
async function deleteHoldingsOf(db: Db, principalType: 'user' | 'group', name: string): Promise<void> {
  await db.deleteFrom('grants').where('principal_type', '=', principalType).where('principal_name', '=', name).execute();
  await db.deleteFrom('server_rights').where('principal_type', '=', principalType).where('principal_name', '=', name).execute();
}

export async function deleteUser(db: Db, userId: string): Promise<boolean> {
  const user = await db.selectFrom('users').select('username').where('user_id', '=', userId).executeTakeFirst();
  if (user) await deleteHoldingsOf(db, 'user', user.username);
  await db.deleteFrom('user_group_members').where('user_id', '=', userId).execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_identities').where('user_id', '=', userId).execute();
  const result = await db.deleteFrom('users').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function insertGroup(db: Db, quirks: DialectQuirks, group: Group): Promise<void> {
  return guardUnique(quirks, duplicateGroup(group.name).message, () =>
    db.insertInto('user_groups').values({ group_id: group.groupId, name: group.name, created_time: group.createdTime }).execute());
}

export async function findGroupByName(db: Db, name: string): Promise<Group | undefined> {
  const row = await db.selectFrom('user_groups').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : { groupId: row.group_id, name: row.name, createdTime: Number(row.created_time) };
}

export async function listGroups(db: Db): Promise<Group[]> {
  const rows = await db.selectFrom('user_groups').selectAll().orderBy('name').execute();
  return rows.map((row) => ({ groupId: row.group_id, name: row.name, createdTime: Number(row.created_time) }));
}

export async function deleteGroup(db: Db, groupId: string): Promise<boolean> {
  const group = await db.selectFrom('user_groups').select('name').where('group_id', '=', groupId).executeTakeFirst();
  if (group) await deleteHoldingsOf(db, 'group', group.name);
  await db.deleteFrom('user_group_members').where('group_id', '=', groupId).execute();
  const result = await db.deleteFrom('user_groups').where('group_id', '=', groupId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function addGroupMember(db: Db, quirks: DialectQuirks, groupId: string, userId: string): Promise<boolean> {
  try {
    await db.insertInto('user_group_members').values({ group_id: groupId, user_id: userId }).execute();
    return true;
  } catch (error) {
    if (quirks.isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function removeGroupMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('user_group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listGroupMembers(db: Db, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_group_members').innerJoin('users', 'users.user_id', 'user_group_members.user_id')
    .select('users.username').where('user_group_members.group_id', '=', groupId).orderBy('users.username').execute();
  return rows.map((row) => row.username);
}

export async function listUserGroups(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_group_members').innerJoin('user_groups', 'user_groups.group_id', 'user_group_members.group_id')
    .select('user_groups.name').where('user_group_members.user_id', '=', userId).orderBy('user_groups.name').execute();
  return rows.map((row) => row.name);
}

export async function insertToken(db: Db, token: ApiToken): Promise<void> {
  await db.insertInto('api_tokens').values({
    token_id: token.tokenId,
    token_hash: token.tokenHash,
    user_id: token.userId,
    name: token.name,
    scope: token.scope,
    expires_time: token.expiresTime ?? null,
    created_time: token.createdTime,
    last_used_time: token.lastUsedTime ?? null,
    revoked_time: token.revokedTime ?? null,
  }).execute();
}

export async function findToken(db: Db, tokenId: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

export async function listTokens(db: Db, userId?: string): Promise<ApiToken[]> {
  let query = db.selectFrom('api_tokens').selectAll();
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return (await query.orderBy('created_time', 'desc').orderBy('token_id').execute()).map(toToken);
}

export async function revokeToken(db: Db, tokenId: string, time: number): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_time: time }).where('token_id', '=', tokenId).where('revoked_time', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchToken(db: Db, tokenId: string, time: number, granularityMs: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_time: time }).where('token_id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_time', 'is', null), eb('last_used_time', '<', time - granularityMs)])).execute();
}

export async function insertSession(db: Db, session: AuthSession): Promise<void> {
  await db.insertInto('auth_sessions').values({
    session_hash: session.sessionHash, user_id: session.userId, created_time: session.createdTime, expires_time: session.expiresTime,
  }).execute();
}

export async function findSession(db: Db, sessionHash: string): Promise<AuthSession | undefined> {
  const row = await db.selectFrom('auth_sessions').selectAll().where('session_hash', '=', sessionHash).executeTakeFirst();
  return row === undefined ? undefined : {
    sessionHash: row.session_hash, userId: row.user_id, createdTime: Number(row.created_time), expiresTime: Number(row.expires_time),
  };
}

export async function deleteSession(db: Db, sessionHash: string): Promise<boolean> {
  const result = await db.deleteFrom('auth_sessions').where('session_hash', '=', sessionHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteExpiredSessions(db: Db, time: number): Promise<number> {
  const result = await db.deleteFrom('auth_sessions').where('expires_time', '<', time).executeTakeFirst();
  return Number(result.numDeletedRows);
}
