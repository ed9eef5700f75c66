/**
 * OpenID Connect sign-in under /api/strata/v1/auth: what the sign-in page offers (`auth/config`),
 * the browser's round trip through the identity provider (`oidc/login` → provider →
 * `oidc/callback`, raw routes that redirect), and an admin's link of a provider account to an
 * existing user.
 */

/** `GET /api/strata/v1/auth/config`: public; the sign-in page asks which ways to offer. */
export interface AuthConfigResponse {
  /** User name and password sign-in (always offered). */
  password: boolean;
  /** Present when the server is configured for OpenID Connect. */
  oidc?: {
    /** The button's label: "Sign in with <display_name>". */
    display_name: string;
    /** Where the browser goes to start, with `?return_to=/path`. */
    login_path: string;
  };
}

/** `POST /api/strata/v1/auth/identities/link` (admins) → `{}`: lets that provider account sign in as `username`. */
export interface LinkIdentityRequest {
  username: string;
  /** The provider account's `sub` claim. */
  subject: string;
  /** Default: the configured issuer. */
  issuer?: string;
}

/**
 * Why a sign-in through the provider failed: the callback sends the browser to
 * `/signin?error=<one of these>`, and the sign-in page explains it.
 */
export const OIDC_SIGN_IN_ERRORS = [
  /** The provider could not be reached (discovery or the token request failed). */
  'idp_unreachable',
  /** The provider refused or the person cancelled (the callback carried `error=`). */
  'idp_error',
  /** Unknown, expired, replayed or foreign `state`: start again. */
  'invalid_state',
  /** The code exchange or the ID token's checks (signature, issuer, audience, nonce, expiry) failed. */
  'login_failed',
  /** A local user of that name exists and is not linked to this provider account. */
  'account_conflict',
  /** The user is disabled. */
  'user_disabled',
  /** The provider sent no usable user name claim. */
  'missing_username',
] as const;

export type OidcSignInError = (typeof OIDC_SIGN_IN_ERRORS)[number];

export const STRATA_OIDC_ENDPOINTS = {
  authConfig: { methods: ['GET'], path: '/auth/config' },
  linkIdentity: { methods: ['POST'], path: '/auth/identities/link' },
} as const;

/** Raw routes: they answer with redirects, not JSON. */
export const OIDC_LOGIN_PATH = '/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
