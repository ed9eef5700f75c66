/**
 * Who is calling: the identity every request carries once authentication has run
 * (src/server/auth/). Authorization decides on a Principal, the audit log records the Actor
 * derived from it (actorOf), so the two can never disagree about who acted.
 */
import type { Actor } from '../entities.js';

/** What an API token may do at most, whatever its owner's roles: read < write < admin. */
export type TokenScope = 'read' | 'write' | 'admin';

/** Per-resource roles, each including the ones before it. */
export type Role = 'viewer' | 'editor' | 'manager';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'manager'];

/** True when `held` includes `needed` (viewer < editor < manager). */
export function roleIncludes(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/**
 * `open`: authentication is off (loopback, no users — the embedded default), every request may
 * do everything, as before governance existed; the name an HTTP Basic header claims is kept
 * unverified. `user`: a verified user or service account. `anonymous`: auth is on and the request
 * carried no credentials; the authenticator lets it through only to what anyone may reach
 * (sign-in, /health, the dashboard's files), so it may do nothing else.
 */
export type Principal = OpenPrincipal | UserPrincipal | AnonymousPrincipal;

export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

export const ANONYMOUS_PRINCIPAL: AnonymousPrincipal = { kind: 'anonymous' };

export interface OpenPrincipal {
  readonly kind: 'open';
  /** The user name the request claimed (unverified, sanitized), when it claimed one. */
  readonly claimed?: string;
}

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  readonly admin: boolean;
  /** A service account (CI): a user without a password that signs in with tokens only. */
  readonly serviceAccount: boolean;
  /** Names of the groups the user belongs to, for grants made to groups. */
  readonly groups: readonly string[];
  /** How the request proved it: password (HTTP Basic), an API token (Bearer or Basic), a dashboard session. */
  readonly via: 'password' | 'token' | 'session';
  /** The token's scope when `via` is token: caps what the request may do. */
  readonly scope?: TokenScope;
  /** The token's id when `via` is token (never the token itself). */
  readonly tokenId?: string;
}

export const OPEN_PRINCIPAL: OpenPrincipal = { kind: 'open' };

/** The audit log's view of a principal: a verified user's name, or `anonymous` with what it claimed. */
export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'user') return { name: principal.username };
  if (principal.kind === 'anonymous') return { name: 'anonymous' };
  return principal.claimed === undefined ? { name: 'anonymous' } : { name: 'anonymous', claimed: principal.claimed };
}
