/**
 * Where the SDK and the CLI find the server. STRATA_TRACKING_URI wins so a machine can
 * point Strata tools elsewhere than the MLflow tools it also runs; MLFLOW_* is honoured
 * so existing MLflow setups work unchanged.
 */

export const DEFAULT_TRACKING_URI = 'http://127.0.0.1:5000';

export interface TrackingConfig {
  trackingUri: string;
  username?: string;
  password?: string;
  /** An API token, sent as `Authorization: Bearer`; wins over username/password. */
  token?: string;
}

type Env = Record<string, string | undefined>;

export function resolveTrackingConfig(env: Env): TrackingConfig {
  const trackingUri = nonEmpty(env.STRATA_TRACKING_URI) ?? nonEmpty(env.MLFLOW_TRACKING_URI) ?? DEFAULT_TRACKING_URI;
  const config: TrackingConfig = { trackingUri: trimTrailingSlash(trackingUri) };
  const username = nonEmpty(env.MLFLOW_TRACKING_USERNAME);
  const password = nonEmpty(env.MLFLOW_TRACKING_PASSWORD);
  if (username !== undefined) config.username = username;
  if (password !== undefined) config.password = password;
  // STRATA_TOKEN first, like STRATA_TRACKING_URI: a machine may hold a different MLflow token.
  const token = nonEmpty(env.STRATA_TOKEN) ?? nonEmpty(env.MLFLOW_TRACKING_TOKEN);
  if (token !== undefined) config.token = token;
  return config;
}

/** The `Authorization` header for the given credentials: Bearer for a token, else Basic, else none. */
export function authorizationHeader(credentials: Pick<TrackingConfig, 'username' | 'password' | 'token'>): string | undefined {
  if (credentials.token !== undefined) return `Bearer ${credentials.token}`;
  return basicAuthHeader(credentials.username, credentials.password);
}

/** `Authorization` header value for HTTP basic auth, or undefined without a username. */
export function basicAuthHeader(username: string | undefined, password: string | undefined): string | undefined {
  if (username === undefined) return undefined;
  const bytes = new TextEncoder().encode(`${username}:${password ?? ''}`);
  // btoa wants a binary string; going through bytes keeps non-ASCII credentials intact.
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export function trimTrailingSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}

// An exported-but-empty variable (`export MLFLOW_TRACKING_URI=`) means "unset" in shells.
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
