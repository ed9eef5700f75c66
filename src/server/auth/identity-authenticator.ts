/**
 * The real Authenticator: HTTP Basic (password, or a token as the password), Bearer tokens and
 * the dashboard's session cookie, turned into a UserPrincipal.
 *
 * - Auth is on once the user table has a row (checked at most once a second until then, then
 *   latched): before that, everyone is the open principal, as today.
 * - No credentials: the anonymous principal, but only for routes anyone may reach — those of
 *   the route table whose permission is `public` (sign-in, whoami) and what lies outside the
 *   table (/health, /version, the dashboard's files, which must load to show the sign-in page).
 *   Anything else answers 401.
 * - Verified results are cached per replica: a password check (argon2id, tens of ms) for a
 *   minute, keyed by the SHA-256 of the header; the user, token or session behind it for at
 *   most `freshnessMs` (1 s), so a deleted user, a changed password or a revoked token stops
 *   working within a second on every replica.
 * - Failed attempts are rate limited per user name and per client address (429, Retry-After).
 * - Cookie-authenticated writes must be JSON or carry the X-Strata-Request header: with
 *   SameSite=Strict that makes cross-site forms useless (they can send neither without CORS).
 */
import type { FastifyRequest } from 'fastify';
import { ANONYMOUS_PRINCIPAL, type Principal, type UserPrincipal } from '../../core/auth/principal.js';
import { StrataError } from '../../core/errors.js';
import type { CredentialVerifier } from '../../core/identity/credential-verifier.js';
import type { User } from '../../core/ports/identity-repository.js';
import { TOKEN_PREFIX } from '../../core/identity/token-service.js';
import type { Authenticator } from './authenticator.js';
import { OPEN_AUTHENTICATOR } from './authenticator.js';
import { credentialsRequired, invalidCredentials, tooManyAttempts } from './auth-failure.js';
import { DEFAULT_ATTEMPT_LIMITS, FailedAttemptLimiter, type AttemptLimits } from './failed-attempt-limiter.js';
import { credentialsOf } from './request-credentials.js';
import type { TableRouteConfig } from '../mount-route-table.js';
import { sha256Hex } from './node-identity-crypto.js';
import { TtlCache } from './ttl-cache.js';

export const CSRF_HEADER = 'x-strata-request';

export interface IdentityAuthenticatorOptions {
  verifier: CredentialVerifier;
  /** How many users exist (the store's count): auth turns on with the first. */
  countUsers: () => Promise<number>;
  attemptLimits?: AttemptLimits;
  /** How long a cached user, token or session is trusted without a database read (default 1 s). */
  freshnessMs?: number;
  /** How long a verified password is remembered (default 60 s); the user row is still re-read every freshnessMs. */
  passwordCacheMs?: number;
  now?: () => number;
}

/** A token's last use is written at most once a minute. */
const TOKEN_TOUCH_GRANULARITY_MS = 60_000;
const MAX_CACHED = 10_000;
const API_PATH = /^\/(api|ajax-api)\//;

interface VerifiedPassword {
  userId: string;
  passwordHash: string;
}

interface FreshUser {
  principal: UserPrincipal;
  passwordHash: string | undefined;
}

export class IdentityAuthenticator implements Authenticator {
  private authOn = false;
  private usersCheckedAt = -Infinity;
  private readonly limiter: FailedAttemptLimiter;
  private readonly passwords: TtlCache<VerifiedPassword>;
  private readonly users: TtlCache<FreshUser>;
  private readonly tokens: TtlCache<UserPrincipal>;
  private readonly sessions: TtlCache<UserPrincipal>;
  private readonly now: () => number;
  private readonly freshnessMs: number;

  constructor(private readonly options: IdentityAuthenticatorOptions) {
    this.now = options.now ?? Date.now;
    this.freshnessMs = options.freshnessMs ?? 1_000;
    this.limiter = new FailedAttemptLimiter(options.attemptLimits ?? DEFAULT_ATTEMPT_LIMITS, this.now);
    this.passwords = new TtlCache(options.passwordCacheMs ?? 60_000, MAX_CACHED, this.now);
    this.users = new TtlCache(this.freshnessMs, MAX_CACHED, this.now);
    this.tokens = new TtlCache(this.freshnessMs, MAX_CACHED, this.now);
    this.sessions = new TtlCache(this.freshnessMs, MAX_CACHED, this.now);
  }

  async authenticate(request: FastifyRequest): Promise<Principal> {
    if (!(await this.isAuthOn())) return OPEN_AUTHENTICATOR.authenticate(request);
    const credentials = credentialsOf(request);
    switch (credentials.kind) {
      case 'none':
        if (allowsAnonymous(request)) return ANONYMOUS_PRINCIPAL;
        throw credentialsRequired(request);
      case 'malformed':
        throw invalidCredentials(request);
      case 'bearer':
        return this.byToken(request, credentials.token);
      case 'basic':
        return credentials.password.startsWith(TOKEN_PREFIX)
          ? this.byToken(request, credentials.password)
          : this.byPassword(request, credentials.username, credentials.password);
      case 'session': {
        const principal = await this.bySession(credentials.secret);
        // A stale cookie on a public page (the sign-in form itself) must not lock the user out.
        if (principal === undefined) {
          if (allowsAnonymous(request)) return ANONYMOUS_PRINCIPAL;
          throw invalidCredentials(request);
        }
        checkCsrf(request);
        return principal;
      }
    }
  }

  /** The dashboard's sign-in: the password check of HTTP Basic, under the same rate limits. */
  async verifySignIn(request: FastifyRequest, username: string, password: string): Promise<User> {
    this.checkLimits(request, username);
    const user = await this.options.verifier.verifyPassword(username, password);
    if (!user) {
      this.recordFailure(request, username);
      throw invalidCredentials(request);
    }
    return user;
  }

  /** Forgets what this replica cached about a session (sign-out answers at once, not within a second). */
  forgetSession(secret: string): void {
    this.sessions.delete(sha256Hex(secret));
  }

  /**
   * Forgets what this replica cached about a user (all users when `username` is undefined), so a
   * change made here — deleted, disabled, new password, admin or not, group membership — holds
   * from the next request, as in MLflow; other replicas see it within `freshnessMs`.
   */
  forgetUser(username?: string): void {
    const matches = (principal: UserPrincipal) => username === undefined || principal.username === username;
    this.users.deleteWhere((fresh) => matches(fresh.principal));
    this.tokens.deleteWhere(matches);
    this.sessions.deleteWhere(matches);
  }

  /** Forgets a revoked token on this replica at once (others within `freshnessMs`). */
  forgetToken(tokenId: string): void {
    this.tokens.deleteWhere((principal) => principal.tokenId === tokenId);
  }

  private async isAuthOn(): Promise<boolean> {
    if (this.authOn) return true;
    if (this.now() - this.usersCheckedAt < this.freshnessMs) return false;
    this.usersCheckedAt = this.now();
    this.authOn = (await this.options.countUsers()) > 0;
    return this.authOn;
  }

  private async byPassword(request: FastifyRequest, username: string, password: string): Promise<UserPrincipal> {
    const key = sha256Hex(`${username}\0${password}`);
    const remembered = this.passwords.get(key);
    if (remembered) {
      const fresh = await this.freshUser(remembered.userId);
      if (fresh && fresh.passwordHash === remembered.passwordHash) return { ...fresh.principal, via: 'password' };
      this.passwords.delete(key);
    }
    this.checkLimits(request, username);
    const user = await this.options.verifier.verifyPassword(username, password);
    if (!user || user.passwordHash === undefined) {
      this.recordFailure(request, username);
      throw invalidCredentials(request);
    }
    this.passwords.set(key, { userId: user.userId, passwordHash: user.passwordHash });
    const principal = await this.options.verifier.principalOf(user, 'password');
    this.users.set(user.userId, { principal, passwordHash: user.passwordHash });
    return principal;
  }

  private async freshUser(userId: string): Promise<FreshUser | undefined> {
    const cached = this.users.get(userId);
    if (cached) return cached;
    const user = await this.options.verifier.findUser(userId);
    if (!user || user.isDisabled === true) return undefined;
    const fresh = { principal: await this.options.verifier.principalOf(user, 'password'), passwordHash: user.passwordHash };
    this.users.set(userId, fresh);
    return fresh;
  }

  private async byToken(request: FastifyRequest, secret: string): Promise<UserPrincipal> {
    const key = sha256Hex(secret);
    const cached = this.tokens.get(key);
    if (cached) return cached;
    this.checkLimits(request);
    const owner = await this.options.verifier.findLiveToken(secret);
    if (!owner) {
      this.recordFailure(request);
      throw invalidCredentials(request);
    }
    const principal = await this.options.verifier.principalOf(owner.user, 'token', owner.token);
    this.tokens.set(key, principal);
    // Coarse and best effort: a failed write of "last used" must not fail the request.
    this.options.verifier.touchToken(owner.token.tokenId, TOKEN_TOUCH_GRANULARITY_MS).catch(() => {});
    return principal;
  }

  private async bySession(secret: string): Promise<UserPrincipal | undefined> {
    const key = sha256Hex(secret);
    const cached = this.sessions.get(key);
    if (cached) return cached;
    const owner = await this.options.verifier.findLiveSession(secret);
    if (!owner) return undefined;
    const principal = await this.options.verifier.principalOf(owner.user, 'session');
    this.sessions.set(key, principal);
    return principal;
  }

  private checkLimits(request: FastifyRequest, username?: string): void {
    const wait = Math.max(
      this.limiter.retryAfterMs(`ip:${request.ip}`),
      username === undefined ? 0 : this.limiter.retryAfterMs(`user:${username}`),
    );
    if (wait > 0) throw tooManyAttempts(wait);
  }

  private recordFailure(request: FastifyRequest, username?: string): void {
    this.limiter.recordFailure(`ip:${request.ip}`);
    if (username !== undefined) this.limiter.recordFailure(`user:${username}`);
  }
}

/**
 * Routes of the table (every API, artifact downloads included, wherever their path) admit the
 * anonymous only when public; what lies outside it (/health, /version, the dashboard's files)
 * admits anyone, except unknown paths under the API prefixes (no probing for endpoints).
 */
function allowsAnonymous(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as Partial<TableRouteConfig> | undefined;
  if (config?.inRouteTable === true) return config.permission?.kind === 'public';
  return !API_PATH.test(request.url.split('?')[0] ?? '');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const type = request.headers['content-type'] ?? '';
  if (/^application\/json\b/i.test(type) || request.headers[CSRF_HEADER] !== undefined) return;
  throw new StrataError('PERMISSION_DENIED', `A write signed in by cookie must be JSON or carry the ${CSRF_HEADER} header.`);
}
