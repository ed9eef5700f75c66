/**
 * OpenID Connect: identity-provider accounts linked to users, and the sign-ins under way.
 * A pending login is taken by deleting it: whichever request's delete removed the row owns
 * it, so a replayed or raced `state` finds nothing, on either database.
 */
import type { Kysely, Selectable } from 'kysely';
import type { PendingOidcLogin, UserIdentity } from '../core/ports/identity-repository.js';
import { alreadyExists } from '../core/errors.js';
import type { DialectQuirks } from './dialect-quirks.js';
import type { UserIdentitiesTable } from './identity-schema.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

function toIdentity(row: Selectable<UserIdentitiesTable>): UserIdentity {
  const identity: UserIdentity = { issuer: row.issuer, subject: row.subject, userId: row.user_id, createdTime: Number(row.created_time) };
  if (row.last_login_time !== null) identity.lastLoginTime = Number(row.last_login_time);
  return identity;
}

export async function insertUserIdentity(db: Db, quirks: DialectQuirks, identity: UserIdentity): Promise<void> {
  try {
    await db.insertInto('user_identities').values({
      issuer: identity.issuer, subject: identity.subject, user_id: identity.userId, created_time: identity.createdTime, last_login_time: identity.lastLoginTime ?? null,
    }).execute();
  } catch (error) {
    if (quirks.isUniqueViolation(error)) throw alreadyExists(`That identity provider account is linked to a user already.`);
    throw error;
  }
}

export async function findUserIdentity(db: Db, issuer: string, subject: string): Promise<UserIdentity | undefined> {
  const row = await db.selectFrom('user_identities').selectAll().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  return row === undefined ? undefined : toIdentity(row);
}

export async function listUserIdentities(db: Db, userId: string): Promise<UserIdentity[]> {
  const rows = await db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).orderBy('issuer').orderBy('subject').execute();
  return rows.map(toIdentity);
}

export async function touchUserIdentity(db: Db, issuer: string, subject: string, time: number): Promise<void> {
  await db.updateTable('user_identities').set({ last_login_time: time }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
}

export async function insertOidcLogin(db: Db, login: PendingOidcLogin): Promise<void> {
  await db.deleteFrom('oidc_logins').where('expires_time', '<', login.createdTime).execute();
  await db.insertInto('oidc_logins').values({
    state_hash: login.stateHash, code_verifier: login.codeVerifier, nonce: login.nonce, return_to: login.returnTo,
    created_time: login.createdTime, expires_time: login.expiresTime,
  }).execute();
}

export async function takeOidcLogin(db: Db, stateHash: string, time: number): Promise<PendingOidcLogin | undefined> {
  const row = await db.selectFrom('oidc_logins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
  if (row === undefined) return undefined;
  const deleted = await db.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1 || Number(row.expires_time) <= time) return undefined;
  return {
    stateHash: row.state_hash, codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to,
    createdTime: Number(row.created_time), expiresTime: Number(row.expires_time),
  };
}
