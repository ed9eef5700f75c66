/**
 * API tokens: random secrets shown once, at creation, and stored as SHA-256 hashes. A user
 * manages its own tokens; admins see and revoke everyone's and mint tokens for service
 * accounts. A token can never mint a token wider than itself.
 */
import type { Principal, TokenScope } from '../auth/principal.js';
import { invalidParameter, notFound, StrataError } from '../errors.js';
import type { ApiToken } from '../ports/identity-repository.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { isAdminCaller, requireSignedIn } from './caller-checks.js';
import { auditedBy, newIdentityId, type IdentityDeps } from './identity-deps.js';
import { scopeIncludes, validateTokenName } from './identity-validation.js';
import { requireUser } from './user-service.js';

/** Tokens are recognisable (secret scanners, and Basic auth tells a token from a password by it). */
export const TOKEN_PREFIX = 'strata_';

export interface NewTokenInput {
  name: string;
  scope: TokenScope;
  /** ms since epoch; absent: never expires. */
  expiresTime?: number;
  /** Admins only: the user (e.g. a service account) the token acts as; default: the caller. */
  username?: string;
}

/** A token with its owner's name, as lists show it. */
export interface OwnedToken extends ApiToken {
  username: string;
}

export interface CreatedToken {
  token: OwnedToken;
  /** The token itself: returned this once, never stored. */
  secret: string;
}

const tokenNotFound = (tokenId: string) => notFound(`Token '${shortenForMessage(tokenId)}' does not exist.`);

export class TokenService {
  constructor(private readonly deps: IdentityDeps) {}

  async create(caller: Principal, input: NewTokenInput): Promise<CreatedToken> {
    const name = validateTokenName(input.name);
    const owner = await this.ownerFor(caller, input.username);
    if (caller.kind === 'user' && caller.scope !== undefined && !scopeIncludes(caller.scope, input.scope)) {
      throw new StrataError('PERMISSION_DENIED', `A ${caller.scope} token cannot create a ${input.scope} token.`);
    }
    if (input.expiresTime !== undefined && input.expiresTime <= this.deps.clock.now()) throw invalidParameter('A token\'s expiry must be in the future.');
    const secret = `${TOKEN_PREFIX}${this.deps.crypto.newSecret()}`;
    const token = await auditedBy(this.deps, caller, async (tx, time) => {
      const user = await requireUser(tx, owner);
      const created: ApiToken = { tokenId: newIdentityId(), tokenHash: this.deps.crypto.digest(secret), userId: user.userId, name, scope: input.scope, createdTime: time };
      if (input.expiresTime !== undefined) created.expiresTime = input.expiresTime;
      await tx.insertToken(created);
      return created;
    }, (created) => ({
      action: 'token.create', entityType: 'token', entityId: created.tokenId,
      summary: { name, scope: input.scope, owner, expires_time: input.expiresTime ?? null },
    }));
    return { token: { ...token, username: owner }, secret };
  }

  /** The caller's tokens; with `all`, everyone's (admins only). */
  async list(caller: Principal, all: boolean): Promise<OwnedToken[]> {
    if (all || caller.kind === 'open') {
      if (!isAdminCaller(caller)) throw new StrataError('PERMISSION_DENIED', 'Only admins may list everyone\'s tokens.');
      const names = new Map((await this.deps.store.listUsers()).map((user) => [user.userId, user.username]));
      return (await this.deps.store.listTokens()).map((token) => ({ ...token, username: names.get(token.userId) ?? '' }));
    }
    const user = requireSignedIn(caller, 'read');
    return (await this.deps.store.listTokens(user.userId)).map((token) => ({ ...token, username: user.username }));
  }

  async revoke(caller: Principal, tokenId: string): Promise<void> {
    const mine = caller.kind === 'user' ? caller.userId : undefined;
    await auditedBy(this.deps, caller, async (tx, time) => {
      const token = await tx.findToken(tokenId);
      // Someone else's token answers as absent to a non-admin: its existence is not theirs to learn.
      if (!token || (!isAdminCaller(caller) && token.userId !== mine)) throw tokenNotFound(tokenId);
      if (!isAdminCaller(caller)) requireSignedIn(caller, 'write');
      await tx.revokeToken(tokenId, time);
    }, () => ({ action: 'token.revoke', entityType: 'token', entityId: tokenId, summary: {} }));
  }

  private async ownerFor(caller: Principal, username: string | undefined): Promise<string> {
    if (isAdminCaller(caller) && username !== undefined) return username;
    const user = requireSignedIn(caller, 'read');
    if (username !== undefined && username !== user.username) throw new StrataError('PERMISSION_DENIED', 'Only admins may create tokens for another user.');
    return user.username;
  }
}
