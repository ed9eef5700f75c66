/** What a user name, a password, a group name and a token request may be. */
import type { TokenScope } from '../auth/principal.js';
import { invalidParameter } from '../errors.js';
import { shortenForMessage } from '../shorten-for-message.js';

export const MAX_USERNAME_LENGTH = 256;
export const MIN_PASSWORD_LENGTH = 8;
/** argon2 hashes whatever it is given; a cap keeps a request from buying seconds of CPU. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_TOKEN_NAME_LENGTH = 200;
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

/**
 * 1 to 256 characters, no control characters and no colon: HTTP Basic splits
 * `username:password` at the first colon, so a name holding one could never sign in.
 */
export function validateUsername(username: string, what = 'A user name'): string {
  const length = [...username].length;
  if (length === 0 || username.trim() !== username) throw invalidParameter(`${what} must be non-empty, without leading or trailing spaces.`);
  if (length > MAX_USERNAME_LENGTH) throw invalidParameter(`${what} has at most ${MAX_USERNAME_LENGTH} characters (got ${length}).`);
  if (/\p{Cc}/u.test(username)) throw invalidParameter(`${what} cannot hold control characters.`);
  if (username.includes(':')) throw invalidParameter(`${what} cannot hold ':' (HTTP Basic would split it): '${shortenForMessage(username)}'.`);
  return username;
}

export function validateGroupName(name: string): string {
  return validateUsername(name, 'A group name');
}

export function validatePassword(password: string): string {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw invalidParameter(`A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (length > MAX_PASSWORD_LENGTH) throw invalidParameter(`A password has at most ${MAX_PASSWORD_LENGTH} characters.`);
  return password;
}

export function validateTokenName(name: string): string {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (length === 0) throw invalidParameter('A token needs a name (what it is for, e.g. "ci-nightly").');
  if (length > MAX_TOKEN_NAME_LENGTH) throw invalidParameter(`A token's name has at most ${MAX_TOKEN_NAME_LENGTH} characters (got ${length}).`);
  if (/\p{Cc}/u.test(trimmed)) throw invalidParameter('A token\'s name cannot hold control characters.');
  return trimmed;
}

export function parseTokenScope(scope: string): TokenScope {
  if ((TOKEN_SCOPES as readonly string[]).includes(scope)) return scope as TokenScope;
  throw invalidParameter(`A token's scope is one of ${TOKEN_SCOPES.join(', ')} (got '${shortenForMessage(scope)}').`);
}

/** Scopes cap each other: read < write < admin. */
export function scopeIncludes(held: TokenScope, needed: TokenScope): boolean {
  return TOKEN_SCOPES.indexOf(held) >= TOKEN_SCOPES.indexOf(needed);
}
