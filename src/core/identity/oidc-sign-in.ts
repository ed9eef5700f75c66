/**
 * Who an identity provider's account is in Strata, once the server has verified its ID token
 * (src/server/auth/oidc-relying-party.ts does the protocol; this holds the rules):
 * - an account is linked by (issuer, subject), never by name: a provider account whose user
 *   name equals a local user's is refused, unless an admin linked the two (linkIdentity);
 * - an unlinked account becomes a new user just in time, named from the configured claim;
 * - a disabled user is refused;
 * - when the provider sends a groups claim, the user's memberships become exactly the claimed
 *   groups that exist in Strata (groups are not created: a group matters only once an admin
 *   grants it something, and providers often send hundreds);
 * then a session is created as password sign-in creates it, audited as `auth.oidc_login`.
 */
import { actorOf, type Principal } from '../auth/principal.js';
import { invalidParameter, isStrataError, StrataError } from '../errors.js';
import type { User } from '../ports/identity-repository.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { requireAdmin } from './caller-checks.js';
import type { CreatedSession, CredentialVerifier } from './credential-verifier.js';
import { auditedBy, newIdentityId, type IdentityDeps } from './identity-deps.js';
import { validateUsername, MAX_USERNAME_LENGTH } from './identity-validation.js';
import { requireUser } from './user-service.js';

/** What the provider says about the person, after the ID token was verified. */
export interface ExternalAccount {
  issuer: string;
  subject: string;
  /** From the username claim (or its fallback); absent when the provider sent neither. */
  username?: string;
  /** From the groups claim; absent when the provider sent none (memberships are left alone). */
  groups?: readonly string[];
}

/** Why a verified account may not sign in: shown on the sign-in page. */
export type OidcRefusal = 'account_conflict' | 'user_disabled' | 'missing_username';

export function oidcRefused(reason: OidcRefusal, message: string): StrataError {
  return new StrataError('PERMISSION_DENIED', message, undefined, { reason });
}

export function refusalOf(error: unknown): OidcRefusal | undefined {
  const reason = isStrataError(error) ? error.details?.reason : undefined;
  return reason === 'account_conflict' || reason === 'user_disabled' || reason === 'missing_username' ? reason : undefined;
}

/** A claim value as a Strata user name: control characters and ':' (HTTP Basic's separator) become '_'. */
export function usernameFromClaim(value: string): string | undefined {
  const cleaned = [...value.normalize('NFC').replace(/[\p{Cc}:]/gu, '_').trim()].slice(0, MAX_USERNAME_LENGTH).join('').trim();
  return cleaned === '' ? undefined : validateUsername(cleaned);
}

interface SignedInAccount {
  user: User;
  created: boolean;
}

export class OidcSignIn {
  constructor(private readonly deps: IdentityDeps, private readonly verifier: CredentialVerifier) {}

  async signIn(account: ExternalAccount, sessionTtlMs: number): Promise<CreatedSession> {
    const { user, created } = await this.resolveOnce(account).catch((error: unknown) => {
      // Two first sign-ins of one account at once: the loser finds the winner's link.
      if (isStrataError(error) && error.code === 'RESOURCE_ALREADY_EXISTS') return this.resolveOnce(account);
      throw error;
    });
    return this.verifier.createSession(user, sessionTtlMs, {
      action: 'auth.oidc_login', summary: { issuer: account.issuer, subject: account.subject, created },
    });
  }

  /** An admin links a provider account to an existing user (the way to let it sign in as a local user of the same name). */
  async linkIdentity(caller: Principal, username: string, issuer: string, subject: string): Promise<void> {
    requireAdmin(caller);
    if (issuer === '' || subject === '') throw invalidParameter('Linking an identity needs its issuer and subject.');
    await auditedBy(this.deps, caller, async (tx, time) => {
      const user = await requireUser(tx, username);
      // A service account is for machines, with tokens: no person signs in as one.
      if (user.isServiceAccount) throw invalidParameter(`'${username}' is a service account: it signs in with tokens only.`);
      await tx.insertUserIdentity({ issuer, subject, userId: user.userId, createdTime: time });
    }, () => ({ action: 'user.link_identity', entityType: 'user', entityId: username, summary: { issuer, subject } }));
  }

  private resolveOnce(account: ExternalAccount): Promise<SignedInAccount> {
    return this.deps.store.transaction(async (tx) => {
      const time = this.deps.clock.now();
      const linked = await this.linkedUser(tx, account);
      const resolved = linked ? { user: linked, created: false } : { user: await this.createJustInTime(tx, account, time), created: true };
      if (resolved.user.isDisabled === true) throw oidcRefused('user_disabled', `User '${resolved.user.username}' is disabled.`);
      await tx.touchUserIdentity(account.issuer, account.subject, time);
      if (account.groups !== undefined) await this.syncGroups(tx, resolved.user, account.groups, time);
      return resolved;
    });
  }

  private async linkedUser(tx: MetadataRepository, account: ExternalAccount): Promise<User | undefined> {
    const link = await tx.findUserIdentity(account.issuer, account.subject);
    return link === undefined ? undefined : tx.findUser(link.userId);
  }

  private async createJustInTime(tx: MetadataRepository, account: ExternalAccount, time: number): Promise<User> {
    const username = account.username === undefined ? undefined : usernameFromClaim(account.username);
    if (username === undefined) throw oidcRefused('missing_username', 'The identity provider sent no user name (check --oidc-username-claim).');
    if (await tx.findUserByName(username)) {
      throw oidcRefused('account_conflict', `A local user '${username}' already exists; an admin must link it to this identity provider account before it can sign in this way.`);
    }
    const user: User = { userId: newIdentityId(), username, isAdmin: false, isServiceAccount: false, createdTime: time, lastUpdateTime: time };
    await tx.insertUser(user);
    await tx.insertUserIdentity({ issuer: account.issuer, subject: account.subject, userId: user.userId, createdTime: time });
    await tx.appendAuditEvent({
      action: 'user.create', entityType: 'user', entityId: username, summary: { is_admin: false, service_account: false, oidc_issuer: account.issuer },
      actor: actorOf(this.actor(user)), time,
    });
    return user;
  }

  /** Memberships become exactly the claimed groups that exist; each change is audited. */
  private async syncGroups(tx: MetadataRepository, user: User, claimed: readonly string[], time: number): Promise<void> {
    const wanted = new Set(claimed);
    const held = new Set(await tx.listUserGroups(user.userId));
    const actor = actorOf(this.actor(user));
    for (const group of await tx.listGroups()) {
      const change = wanted.has(group.name) && !held.has(group.name) ? 'add' : !wanted.has(group.name) && held.has(group.name) ? 'remove' : undefined;
      if (change === undefined) continue;
      if (change === 'add') await tx.addGroupMember(group.groupId, user.userId);
      else await tx.removeGroupMember(group.groupId, user.userId);
      await tx.appendAuditEvent({
        action: change === 'add' ? 'group.add_member' : 'group.remove_member', entityType: 'group', entityId: group.name,
        summary: { username: user.username, source: 'oidc' }, actor, time,
      });
    }
  }

  private actor(user: User): Principal {
    return { kind: 'user', userId: user.userId, username: user.username, admin: user.isAdmin, serviceAccount: false, groups: [], via: 'session' };
  }
}
