/**
 * Turns credentials into users: a password (verified against argon2id, in the same time whether
 * the user exists or not), a token (by its SHA-256; revoked, expired or of a deleted user: no
 * one), a dashboard session. Caching is the server's concern (src/server/auth/); this reads the
 * store every time.
 */
import type { TokenScope, UserPrincipal } from '../auth/principal.js';
import type { ApiToken, AuthSession, User } from '../ports/identity-repository.js';
import { auditedBy, type IdentityDeps } from './identity-deps.js';
import { MAX_PASSWORD_LENGTH } from './identity-validation.js';

export interface TokenOwner {
  token: ApiToken;
  user: User;
}

export interface SessionOwner {
  session: AuthSession;
  user: User;
}

export interface CreatedSession {
  /** The cookie's value: returned this once, stored only as its SHA-256. */
  secret: string;
  expiresTime: number;
  user: User;
}

/** How a session's sign-in is recorded in the audit log (never with a secret). */
export interface SignInAudit {
  action: string;
  summary: Record<string, unknown>;
}

const PASSWORD_SIGN_IN: SignInAudit = { action: 'user.sign_in', summary: {} };

export class CredentialVerifier {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: IdentityDeps) {}

  /**
   * The user when `password` is theirs, else undefined. An unknown user (or a service account,
   * which has no password) is checked against a dummy hash, so the answer takes as long.
   */
  async verifyPassword(username: string, password: string): Promise<User | undefined> {
    if ([...password].length > MAX_PASSWORD_LENGTH) return undefined;
    const user = await this.deps.store.findUserByName(username);
    const hash = user?.passwordHash ?? (await this.dummy());
    const matches = await this.deps.crypto.verifyPassword(hash, password);
    return matches && user?.passwordHash !== undefined && user.isDisabled !== true ? user : undefined;
  }

  findUser(userId: string): Promise<User | undefined> {
    return this.deps.store.findUser(userId);
  }

  /** The token's owner when the token is live: not revoked, not expired, its user not deleted. */
  async findLiveToken(secret: string): Promise<TokenOwner | undefined> {
    const token = await this.deps.store.findTokenByHash(this.deps.crypto.digest(secret));
    if (!token || token.revokedTime !== undefined) return undefined;
    if (token.expiresTime !== undefined && token.expiresTime <= this.deps.clock.now()) return undefined;
    const user = await this.deps.store.findUser(token.userId);
    return user && user.isDisabled !== true ? { token, user } : undefined;
  }

  /** Records that a token was used, at most once per `granularityMs` (a write per request would be a hot row). */
  touchToken(tokenId: string, granularityMs: number): Promise<void> {
    return this.deps.store.touchToken(tokenId, this.deps.clock.now(), granularityMs);
  }

  async findLiveSession(secret: string): Promise<SessionOwner | undefined> {
    const session = await this.deps.store.findSession(this.deps.crypto.digest(secret));
    if (!session || session.expiresTime <= this.deps.clock.now()) return undefined;
    const user = await this.deps.store.findUser(session.userId);
    return user && user.isDisabled !== true ? { session, user } : undefined;
  }

  /**
   * A new dashboard session for a user whose password (or, with `signIn`, whose identity
   * provider's ID token) was just verified; audited as a sign-in, in the same transaction.
   */
  async createSession(user: User, ttlMs: number, signIn: SignInAudit = PASSWORD_SIGN_IN): Promise<CreatedSession> {
    const secret = this.deps.crypto.newSecret();
    const principal = await this.principalOf(user, 'session');
    return auditedBy(this.deps, principal, async (tx, time) => {
      await tx.deleteExpiredSessions(time);
      const expiresTime = time + ttlMs;
      await tx.insertSession({ sessionHash: this.deps.crypto.digest(secret), userId: user.userId, createdTime: time, expiresTime });
      return { secret, expiresTime, user };
    }, () => ({ action: signIn.action, entityType: 'user', entityId: user.username, summary: signIn.summary }));
  }

  /** Ends the session whose cookie is `secret` (nothing when there is none); audited as a sign-out. */
  async deleteSession(secret: string): Promise<void> {
    const owner = await this.findLiveSession(secret);
    if (!owner) {
      await this.deps.store.deleteSession(this.deps.crypto.digest(secret));
      return;
    }
    const principal = await this.principalOf(owner.user, 'session');
    await auditedBy(this.deps, principal, (tx) => tx.deleteSession(owner.session.sessionHash),
      () => ({ action: 'user.sign_out', entityType: 'user', entityId: owner.user.username, summary: {} }));
  }

  /** The principal of a verified user, with its groups. */
  async principalOf(user: User, via: UserPrincipal['via'], token?: { tokenId: string; scope: TokenScope }): Promise<UserPrincipal> {
    const groups = await this.deps.store.listUserGroups(user.userId);
    return {
      kind: 'user',
      userId: user.userId,
      username: user.username,
      admin: user.isAdmin,
      serviceAccount: user.isServiceAccount,
      groups,
      via,
      ...(token ? { scope: token.scope, tokenId: token.tokenId } : {}),
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.deps.crypto.hashPassword(this.deps.crypto.newSecret());
    return this.dummyHash;
  }
}
