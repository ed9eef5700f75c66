/**
 * OpenID Connect settings: flags and STRATA_OIDC_* variables into one checked object, at start.
 * The client secret comes from STRATA_OIDC_CLIENT_SECRET or a file (--oidc-client-secret-file),
 * never from a flag (shell history, `ps`). The redirect URI is derived from --public-url, the
 * address browsers use (behind a proxy the server cannot guess it).
 */
import { readFileSync } from 'node:fs';
import { OIDC_CALLBACK_PATH } from '../../api/strata-oidc.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { invalidParameter } from '../../core/errors.js';
import { isLoopbackHost } from '../host-allowlist.js';

/** The server config's OpenID Connect fields (part of ServerConfig). */
export interface OidcConfigFields {
  /** The address browsers reach this server at, e.g. https://mlops.example.com. */
  publicUrl?: string;
  oidcIssuer?: string;
  oidcClientId?: string;
  /** Prefer oidcClientSecretFile or STRATA_OIDC_CLIENT_SECRET: flags end up in shell history. */
  oidcClientSecret?: string;
  oidcClientSecretFile?: string;
  /** Space-separated; default "openid profile email". */
  oidcScopes?: string;
  /** Default preferred_username (then email when absent). */
  oidcUsernameClaim?: string;
  /** Default groups. */
  oidcGroupsClaim?: string;
  /** The sign-in button's "Sign in with <name>"; default "Single sign-on". */
  oidcDisplayName?: string;
}

export interface OidcSettings {
  issuer: URL;
  /** The issuer as configured, which must be exactly the ID tokens' `iss` (URL.href would add a '/'). */
  issuerIdentifier: string;
  clientId: string;
  /** Absent: a public client (PKCE only). */
  clientSecret?: string;
  scopes: string;
  usernameClaim: string;
  groupsClaim: string;
  displayName: string;
  redirectUri: string;
  /** http:// is allowed for an issuer on loopback only (tests, a local provider). */
  allowInsecureHttp: boolean;
}

type Env = Record<string, string | undefined>;

const ENV_FIELDS: ReadonlyArray<[string, keyof OidcConfigFields]> = [
  ['STRATA_PUBLIC_URL', 'publicUrl'],
  ['STRATA_OIDC_ISSUER', 'oidcIssuer'],
  ['STRATA_OIDC_CLIENT_ID', 'oidcClientId'],
  ['STRATA_OIDC_CLIENT_SECRET', 'oidcClientSecret'],
  ['STRATA_OIDC_CLIENT_SECRET_FILE', 'oidcClientSecretFile'],
  ['STRATA_OIDC_SCOPES', 'oidcScopes'],
  ['STRATA_OIDC_USERNAME_CLAIM', 'oidcUsernameClaim'],
  ['STRATA_OIDC_GROUPS_CLAIM', 'oidcGroupsClaim'],
  ['STRATA_OIDC_DISPLAY_NAME', 'oidcDisplayName'],
];

export function oidcFromEnv(env: Env): OidcConfigFields {
  const fields: OidcConfigFields = {};
  for (const [name, field] of ENV_FIELDS) {
    const value = env[name]?.trim();
    if (value) fields[field] = value;
  }
  return fields;
}

/** The checked settings, or undefined when OpenID Connect is not configured (no issuer). */
export function resolveOidcSettings(config: OidcConfigFields): OidcSettings | undefined {
  if (config.oidcIssuer === undefined) return undefined;
  const issuer = parseUrl(config.oidcIssuer, '--oidc-issuer');
  if (!config.oidcClientId) throw invalidParameter('--oidc-issuer needs --oidc-client-id (or STRATA_OIDC_CLIENT_ID).');
  if (!config.publicUrl) throw invalidParameter('OpenID Connect needs --public-url (or STRATA_PUBLIC_URL): the redirect URI is built from it.');
  const publicUrl = parseUrl(config.publicUrl, '--public-url');
  const allowInsecureHttp = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname.replace(/^\[|\]$/g, ''));
  if (issuer.protocol !== 'https:' && !allowInsecureHttp) throw invalidParameter(`--oidc-issuer must be https:// (http:// only on loopback): '${config.oidcIssuer}'.`);
  const clientSecret = secretOf(config);
  return {
    issuer,
    issuerIdentifier: config.oidcIssuer,
    clientId: config.oidcClientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    scopes: config.oidcScopes ?? 'openid profile email',
    usernameClaim: config.oidcUsernameClaim ?? 'preferred_username',
    groupsClaim: config.oidcGroupsClaim ?? 'groups',
    displayName: config.oidcDisplayName ?? 'Single sign-on',
    redirectUri: `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, '')}${STRATA_API_PREFIX}${OIDC_CALLBACK_PATH}`,
    allowInsecureHttp,
  };
}

function secretOf(config: OidcConfigFields): string | undefined {
  if (config.oidcClientSecretFile === undefined) return config.oidcClientSecret;
  try {
    return readFileSync(config.oidcClientSecretFile, 'utf8').trim();
  } catch (error) {
    throw invalidParameter(`Cannot read --oidc-client-secret-file '${config.oidcClientSecretFile}': ${(error as Error).message}`);
  }
}

function parseUrl(text: string, flag: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw invalidParameter(`${flag} must be an http(s) URL: '${text}'.`);
}
