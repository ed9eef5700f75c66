/**
 * The identity services and the real authenticator over one store, and what a server checks
 * at start: the first admin from STRATA_ADMIN_PASSWORD, and no listening beyond loopback
 * without users unless the operator says --insecure-no-auth.
 */
import type { Principal } from '../../core/auth/principal.js';
import { isStrataError, StrataError } from '../../core/errors.js';
import { CredentialVerifier } from '../../core/identity/credential-verifier.js';
import { TokenService } from '../../core/identity/token-service.js';
import { UserService } from '../../core/identity/user-service.js';
import { OidcSignIn } from '../../core/identity/oidc-sign-in.js';
import type { Clock } from '../../core/ports/clock.js';
import type { MetadataStore } from '../../core/ports/metadata-store.js';
import type { ServerConfig } from '../config.js';
import { isLoopbackHost } from '../host-allowlist.js';
import type { AttemptLimits } from './failed-attempt-limiter.js';
import { IdentityAuthenticator } from './identity-authenticator.js';
import { nodeIdentityCrypto, type Argon2Cost } from './node-identity-crypto.js';

export interface IdentityOptions {
  attemptLimits?: AttemptLimits;
  argon2Cost?: Argon2Cost;
  /** How long cached users, tokens and sessions are trusted (default 1 s). */
  freshnessMs?: number;
  sessionTtlMs?: number;
}

export interface Identity {
  users: UserService;
  tokens: TokenService;
  verifier: CredentialVerifier;
  authenticator: IdentityAuthenticator;
  /** Who an identity provider's verified account is (OpenID Connect sign-in, identity links). */
  oidcSignIn: OidcSignIn;
}

/** Who the start-up's own changes are recorded as in the audit log. */
const STARTUP: Principal = { kind: 'open', claimed: 'strata-server-start' };

export function createIdentity(store: MetadataStore, clock: Clock, options: IdentityOptions = {}): Identity {
  const deps = { store, clock, crypto: nodeIdentityCrypto(options.argon2Cost) };
  const verifier = new CredentialVerifier(deps);
  const authenticator = new IdentityAuthenticator({
    verifier,
    countUsers: () => store.countUsers(),
    ...(options.attemptLimits ? { attemptLimits: options.attemptLimits } : {}),
    ...(options.freshnessMs === undefined ? {} : { freshnessMs: options.freshnessMs }),
  });
  return { users: new UserService(deps), tokens: new TokenService(deps), verifier, authenticator, oidcSignIn: new OidcSignIn(deps, verifier) };
}

/**
 * Single sign-on creates users who are never admins: were the first user one of them, auth would
 * turn on with nobody able to administer the server. An admin must exist first.
 */
export async function requireUserBeforeSingleSignOn(identity: Identity): Promise<void> {
  if ((await identity.users.countUsers()) > 0) return;
  throw new StrataError(
    'INVALID_STATE',
    'OpenID Connect needs an admin first (users it creates are never admins): STRATA_ADMIN_PASSWORD=… on this start, ' +
      'or `strata users create --admin NAME --backend-store-uri …`.',
  );
}

/** Creates the first admin when asked to and no user exists; refuses an unprotected network listener. */
export async function prepareAuth(config: Pick<ServerConfig, 'host' | 'insecureNoAuth' | 'firstAdmin'>, identity: Identity): Promise<void> {
  if (config.firstAdmin && (await identity.users.countUsers()) === 0) {
    await identity.users.createUnchecked(STARTUP, { ...config.firstAdmin, isAdmin: true }).catch((error: unknown) => {
      // Another replica starting at the same moment created it: fine.
      if (!(isStrataError(error) && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    });
  }
  if (isLoopbackHost(config.host) || config.insecureNoAuth) return;
  if ((await identity.users.countUsers()) > 0) return;
  throw new StrataError(
    'INVALID_STATE',
    `Refusing to listen on ${config.host} with no users: anyone who can reach it could change anything. ` +
      'Create an admin first (STRATA_ADMIN_PASSWORD=… on this start, or `strata users create --admin NAME --backend-store-uri …`), ' +
      'or pass --insecure-no-auth to run without authentication.',
  );
}
