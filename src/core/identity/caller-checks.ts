/**
 * Who may manage identities: admins (auth off counts as admin: everyone may do everything, as
 * before governance), and users acting on themselves. A token caps its owner at its scope, so
 * an admin's read token cannot create users. These checks stay in the services whatever the
 * route table says, so no route can forget them.
 */
import type { Principal, TokenScope, UserPrincipal } from '../auth/principal.js';
import { StrataError } from '../errors.js';
import { scopeIncludes } from './identity-validation.js';

const withinScope = (principal: UserPrincipal, needed: TokenScope): boolean =>
  principal.scope === undefined || scopeIncludes(principal.scope, needed);

export function isAdminCaller(principal: Principal): boolean {
  if (principal.kind === 'open') return true;
  return principal.kind === 'user' && principal.admin && withinScope(principal, 'admin');
}

/** The signed-in user, able to act up to `scope`; 401 for anonymous, 403 beyond the token's scope. */
export function requireSignedIn(principal: Principal, scope: TokenScope): UserPrincipal {
  if (principal.kind !== 'user') throw new StrataError('UNAUTHENTICATED', 'Sign in first: this needs a user.');
  if (!withinScope(principal, scope)) {
    throw new StrataError('PERMISSION_DENIED', `This token's scope (${principal.scope ?? ''}) does not allow this; it needs ${scope}.`);
  }
  return principal;
}

export function requireAdmin(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new StrataError('UNAUTHENTICATED', 'Sign in first: this needs an admin.');
  if (!isAdminCaller(principal)) throw new StrataError('PERMISSION_DENIED', 'Only admins may do this (with an admin-scoped token when using a token).');
}

/** An admin, or the user named `username` acting on itself within `scope`. */
export function requireAdminOrSelf(principal: Principal, username: string, scope: TokenScope): void {
  if (isAdminCaller(principal)) return;
  const user = requireSignedIn(principal, scope);
  if (user.username !== username) throw new StrataError('PERMISSION_DENIED', 'Only admins may do this for another user.');
}
