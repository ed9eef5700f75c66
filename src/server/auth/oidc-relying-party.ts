/**
 * The OpenID Connect protocol, done by openid-client: discovery (lazily, on the first sign-in,
 * so the server starts while the provider is down; retried after a failure), the authorization
 * code flow with PKCE (S256), state and nonce, and the ID token's checks (signature, issuer,
 * audience, nonce, expiry). Pending logins live in the database for ten minutes so any replica
 * can finish them; the `state` is also kept in a SameSite=Lax cookie of the browser that
 * started, so a callback URL carried to another browser (login CSRF) is refused.
 */
import * as client from 'openid-client';
import type { OidcSignInError } from '../../api/strata-oidc.js';
import type { ExternalAccount } from '../../core/identity/oidc-sign-in.js';
import type { Clock } from '../../core/ports/clock.js';
import type { PendingOidcLogin } from '../../core/ports/identity-repository.js';
import type { MetadataStore } from '../../core/ports/metadata-store.js';
import { sha256Hex } from './node-identity-crypto.js';
import type { OidcSettings } from './oidc-settings.js';

export const OIDC_LOGIN_TTL_MS = 10 * 60 * 1000;
/** Discovery, token and userinfo requests give up after this long (seconds). */
const PROVIDER_TIMEOUT_S = 10;

/** A failed sign-in, with the reason the sign-in page shows. */
export class OidcFlowError extends Error {
  constructor(readonly reason: OidcSignInError, message: string) {
    super(message);
    this.name = 'OidcFlowError';
  }
}

export interface StartedLogin {
  /** The provider's authorization URL, to redirect the browser to. */
  url: string;
  /** Also set as the browser's state cookie. */
  state: string;
}

export interface FinishedLogin {
  account: ExternalAccount;
  returnTo: string;
}

export class OidcRelyingParty {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcSettings, private readonly store: MetadataStore, private readonly clock: Clock) {}

  async startLogin(returnTo: string): Promise<StartedLogin> {
    const config = await this.discovered();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const createdTime = this.clock.now();
    await this.store.insertOidcLogin({ stateHash: sha256Hex(state), codeVerifier, nonce, returnTo, createdTime, expiresTime: createdTime + OIDC_LOGIN_TTL_MS });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** `query` is the callback's query string; `browserState` the state cookie of the browser that came back. */
  async finishLogin(query: URLSearchParams, browserState: string | undefined): Promise<FinishedLogin> {
    const state = query.get('state') ?? '';
    // The pending login is spent whatever happens next: a state is good for one try.
    const login = state === '' ? undefined : await this.store.takeOidcLogin(sha256Hex(state), this.clock.now());
    if (query.has('error')) throw new OidcFlowError('idp_error', `The identity provider answered ${query.get('error')}: ${query.get('error_description') ?? ''}`);
    if (login === undefined) throw new OidcFlowError('invalid_state', 'Unknown, expired or already used sign-in state.');
    if (browserState !== state) throw new OidcFlowError('invalid_state', 'The sign-in was started in another browser.');
    const config = await this.discovered();
    const claims = await this.exchange(config, query, login);
    return { account: this.accountOf(claims), returnTo: login.returnTo };
  }

  private async exchange(config: client.Configuration, query: URLSearchParams, login: PendingOidcLogin): Promise<Record<string, unknown>> {
    // The URL the provider redirected to, rebuilt from configuration rather than the Host header.
    const callbackUrl = new URL(`${this.settings.redirectUri}?${query}`);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: login.codeVerifier, expectedState: query.get('state') ?? '', expectedNonce: login.nonce, idTokenExpected: true,
      });
    } catch (error) {
      throw asFlowError(error, 'login_failed');
    }
    const idToken = tokens.claims();
    if (idToken === undefined) throw new OidcFlowError('login_failed', 'The identity provider sent no ID token.');
    const userInfo = await this.userInfo(config, tokens.access_token, idToken.sub);
    // The ID token's claims win: they are signed.
    return { ...userInfo, ...idToken };
  }

  /** Providers often keep profile and group claims out of the ID token; userinfo has them. */
  private async userInfo(config: client.Configuration, accessToken: string, subject: string): Promise<Record<string, unknown>> {
    if (config.serverMetadata().userinfo_endpoint === undefined) return {};
    try {
      return await client.fetchUserInfo(config, accessToken, subject);
    } catch (error) {
      throw asFlowError(error, 'login_failed');
    }
  }

  private accountOf(claims: Record<string, unknown>): ExternalAccount {
    const username = stringClaim(claims[this.settings.usernameClaim]) ?? stringClaim(claims.email);
    const groups = claims[this.settings.groupsClaim];
    return {
      issuer: String(claims.iss),
      subject: String(claims.sub),
      ...(username === undefined ? {} : { username }),
      ...(Array.isArray(groups) ? { groups: groups.filter((group): group is string => typeof group === 'string') } : {}),
    };
  }

  private discovered(): Promise<client.Configuration> {
    // client_secret_basic is OpenID Connect's default method; without a secret, a public client (PKCE alone).
    const clientAuth = this.settings.clientSecret === undefined ? client.None() : client.ClientSecretBasic(this.settings.clientSecret);
    this.configuration ??= client.discovery(this.settings.issuer, this.settings.clientId, undefined, clientAuth, {
      timeout: PROVIDER_TIMEOUT_S,
      ...(this.settings.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
    }).catch((error: unknown) => {
      // Try again on the next sign-in: the provider may be back.
      this.configuration = undefined;
      throw asFlowError(error, 'idp_unreachable');
    });
    return this.configuration;
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A network failure is the provider being unreachable; anything else is `otherwise`. */
function asFlowError(error: unknown, otherwise: OidcSignInError): OidcFlowError {
  if (error instanceof OidcFlowError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const unreachable = error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
  return new OidcFlowError(unreachable ? 'idp_unreachable' : otherwise, message);
}
