/**
 * Server settings from CLI flags and STRATA_* environment variables; a flag wins
 * over the environment, which wins over the defaults.
 */
import path from 'node:path';
import { canonicalArtifactLocation } from '../core/canonical-artifact-location.js';
import { parseDefaultRole, type DefaultRole } from '../core/auth/authorization-service.js';
import { invalidParameter, isStrataError } from '../core/errors.js';
import { defaultAllowedHosts } from './host-allowlist.js';
import { parseXFrameOptions, type XFrameOptions } from './security-headers.js';
import { oidcFromEnv, type OidcConfigFields } from './auth/oidc-settings.js';

/** OpenID Connect's fields (publicUrl, oidc*) are declared beside their checks, in auth/oidc-settings.ts. */
export interface ServerConfig extends OidcConfigFields {
  host: string;
  port: number;
  backendStoreUri: string;
  /**
   * MLflow's --artifacts-destination: where the server stores the artifacts it serves
   * (behind `mlflow-artifacts:/`): a local path, `file://` URI or `s3://bucket/prefix`.
   */
  artifactsDestination: string;
  /**
   * MLflow's --default-artifact-root: the artifact location of new experiments. When unset:
   * `mlflow-artifacts:/` while serving artifacts, else the artifacts destination.
   */
  defaultArtifactRoot?: string;
  /** MLflow's --serve-artifacts: serve the proxied artifact API; new experiments get `mlflow-artifacts:/<id>`. */
  serveArtifacts: boolean;
  bodyLimitBytes?: number;
  /** pino level for request logging; off when unset. */
  logLevel?: string;
  /** Host headers served (host-allowlist.ts); unset: allowedHostsOf() derives them from `host`. */
  allowedHosts?: string[];
  /** Origins whose pages may call the API (CORS); unset: none. */
  corsAllowedOrigins?: string[];
  /** Unset: DENY. */
  xFrameOptions?: XFrameOptions;
  /** PostgreSQL statement_timeout of the server's connections; 0 = none. Unset: 30 s. */
  statementTimeoutMs?: number;
  /** A request body that sends no byte for this long gets 408 and its connection closed; 0 = never. Unset: 30 s. */
  bodyIdleTimeoutMs?: number;
  /** Open connections beyond this are closed on arrival; 0 = no cap. Unset: 1024. */
  maxConnections?: number;
  /**
   * Internal destinations webhooks may reach anyway: host names, IP addresses or CIDR ranges.
   * By default loopback, private, link-local and metadata destinations are refused.
   */
  webhookAllowedHosts?: string[];
  /** The built dashboard's folder; default: the package's dist/web/ (tests point it elsewhere). */
  dashboardDir?: string;
  /**
   * Listen beyond loopback although no user exists (auth stays off until one does). Without it
   * such a start is refused: anyone who can reach the server could do anything.
   */
  insecureNoAuth?: boolean;
  /** STRATA_ADMIN_USERNAME (default `admin`) and STRATA_ADMIN_PASSWORD: the first admin, created at start when no user exists. */
  firstAdmin?: { username: string; password: string };
  /**
   * The role every signed-in user holds on every experiment, model and dataset when auth is on
   * (`none`: only what is granted). Unset: viewer, as MLflow's default READ.
   */
  defaultPermission?: DefaultRole;
  /**
   * The Ed25519 key (PEM, PKCS#8) that signs audit checkpoints; created (mode 0600) when missing.
   * Replicas must share one file. Default: strata-data/audit-signing-key.pem; unset (embedders,
   * tests): a key that lives as long as the process.
   */
  auditKeyFile?: string;
  /** How often committed audit events are sealed into the chain; 0 = never in the background. Unset: 1 s. */
  auditSealIntervalMs?: number;
  /** How often a checkpoint is signed when events were sealed since the last; 0 = only on demand. Unset: 60 s. */
  auditCheckpointIntervalMs?: number;
  /**
   * How long a replica answers checks from grants on experiments it read lately (0–1000 ms; 0 =
   * read on every check). Unset: 1 s, so a revoked grant stops working within a second everywhere.
   */
  grantFreshnessMs?: number;
}

/** What the CLI may pass; anything left out comes from the environment or the defaults. */
export type ServerFlags = Partial<ServerConfig>;

export type Env = Record<string, string | undefined>;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) throw invalidParameter(`Invalid port: '${text}'`);
  return port;
}

/**
 * A comma-separated flag or variable: `ci.corp, 10.0.0.0/8` → `['ci.corp', '10.0.0.0/8']` (host
 * lists, origins; each consumer checks its entries when the server starts).
 */
export function parseList(text: string): string[] {
  return text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function parseBoolean(text: string, name: string): boolean {
  const value = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw invalidParameter(`Invalid boolean for ${name}: '${text}'`);
}

export function defaultServerConfig(cwd: string): ServerConfig {
  const dataDir = path.join(cwd, 'strata-data');
  return {
    host: '127.0.0.1',
    port: 5000,
    backendStoreUri: `sqlite:///${path.join(dataDir, 'strata.db')}`,
    artifactsDestination: path.join(dataDir, 'artifacts'),
    serveArtifacts: true,
    auditKeyFile: path.join(dataDir, 'audit-signing-key.pem'),
  };
}

function fromEnv(env: Env): ServerFlags {
  const config: ServerFlags = {};
  if (env.STRATA_HOST) config.host = env.STRATA_HOST;
  if (env.STRATA_PORT) config.port = parsePort(env.STRATA_PORT);
  if (env.STRATA_BACKEND_STORE_URI) config.backendStoreUri = env.STRATA_BACKEND_STORE_URI;
  if (env.STRATA_ARTIFACTS_DESTINATION) config.artifactsDestination = env.STRATA_ARTIFACTS_DESTINATION;
  if (env.STRATA_DEFAULT_ARTIFACT_ROOT) config.defaultArtifactRoot = env.STRATA_DEFAULT_ARTIFACT_ROOT;
  if (env.STRATA_SERVE_ARTIFACTS) config.serveArtifacts = parseBoolean(env.STRATA_SERVE_ARTIFACTS, 'STRATA_SERVE_ARTIFACTS');
  if (env.STRATA_LOG_LEVEL) config.logLevel = env.STRATA_LOG_LEVEL;
  if (env.STRATA_INSECURE_NO_AUTH) config.insecureNoAuth = parseBoolean(env.STRATA_INSECURE_NO_AUTH, 'STRATA_INSECURE_NO_AUTH');
  if (env.STRATA_ADMIN_PASSWORD) config.firstAdmin = { username: env.STRATA_ADMIN_USERNAME?.trim() || 'admin', password: env.STRATA_ADMIN_PASSWORD };
  if (env.STRATA_AUDIT_KEY_FILE) config.auditKeyFile = env.STRATA_AUDIT_KEY_FILE;
  if (env.STRATA_AUDIT_SEAL_INTERVAL_MS) config.auditSealIntervalMs = parseCount(env.STRATA_AUDIT_SEAL_INTERVAL_MS, 'STRATA_AUDIT_SEAL_INTERVAL_MS');
  if (env.STRATA_AUDIT_CHECKPOINT_INTERVAL_MS) {
    config.auditCheckpointIntervalMs = parseCount(env.STRATA_AUDIT_CHECKPOINT_INTERVAL_MS, 'STRATA_AUDIT_CHECKPOINT_INTERVAL_MS');
  }
  if (env.STRATA_GRANT_FRESHNESS_MS) {
    const ms = parseCount(env.STRATA_GRANT_FRESHNESS_MS, 'STRATA_GRANT_FRESHNESS_MS');
    if (ms > 1000) throw invalidParameter(`Invalid STRATA_GRANT_FRESHNESS_MS: '${ms}' (at most 1000: a revoked grant must stop working within a second)`);
    config.grantFreshnessMs = ms;
  }
  return { ...config, ...hardeningFromEnv(env), ...oidcFromEnv(env) };
}

function parseCount(text: string, name: string): number {
  if (!/^\d+$/.test(text.trim())) throw invalidParameter(`Invalid ${name}: '${text}' (expected a whole number)`);
  return Number(text);
}

function parseFrameOptions(text: string, name: string): XFrameOptions {
  const value = parseXFrameOptions(text);
  if (value === undefined) throw invalidParameter(`Invalid ${name}: '${text}' (expected DENY, SAMEORIGIN or NONE)`);
  return value;
}

/** The HTTP-hardening settings of the environment (see fromEnv). */
function hardeningFromEnv(env: Env): ServerFlags {
  const config: ServerFlags = {};
  if (env.STRATA_ALLOWED_HOSTS) config.allowedHosts = parseList(env.STRATA_ALLOWED_HOSTS);
  if (env.STRATA_CORS_ALLOWED_ORIGINS) config.corsAllowedOrigins = parseList(env.STRATA_CORS_ALLOWED_ORIGINS);
  if (env.STRATA_X_FRAME_OPTIONS) config.xFrameOptions = parseFrameOptions(env.STRATA_X_FRAME_OPTIONS, 'STRATA_X_FRAME_OPTIONS');
  if (env.STRATA_STATEMENT_TIMEOUT_MS) {
    config.statementTimeoutMs = parseCount(env.STRATA_STATEMENT_TIMEOUT_MS, 'STRATA_STATEMENT_TIMEOUT_MS');
  }
  if (env.STRATA_BODY_IDLE_TIMEOUT_MS) {
    config.bodyIdleTimeoutMs = parseCount(env.STRATA_BODY_IDLE_TIMEOUT_MS, 'STRATA_BODY_IDLE_TIMEOUT_MS');
  }
  if (env.STRATA_WEBHOOK_ALLOWED_HOSTS) config.webhookAllowedHosts = parseList(env.STRATA_WEBHOOK_ALLOWED_HOSTS);
  if (env.STRATA_MAX_CONNECTIONS) config.maxConnections = parseCount(env.STRATA_MAX_CONNECTIONS, 'STRATA_MAX_CONNECTIONS');
  if (env.STRATA_DEFAULT_PERMISSION) config.defaultPermission = parseDefaultRole(env.STRATA_DEFAULT_PERMISSION);
  return config;
}

function definedOnly(flags: ServerFlags): ServerFlags {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ServerFlags;
}

export function resolveServerConfig(flags: ServerFlags, env: Env, cwd: string = process.cwd()): ServerConfig {
  const config = { ...defaultServerConfig(cwd), ...fromEnv(env), ...definedOnly(flags) };
  // A relative local destination is fixed against the working directory once, so artifact
  // locations recorded in the database stay valid whatever directory the server restarts in.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(config.artifactsDestination)) {
    config.artifactsDestination = path.resolve(cwd, config.artifactsDestination);
  }
  if (config.auditKeyFile !== undefined) config.auditKeyFile = path.resolve(cwd, config.auditKeyFile);
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw invalidParameter(`Invalid port: '${config.port}'`);
  }
  for (const name of ['statementTimeoutMs', 'bodyIdleTimeoutMs', 'maxConnections'] as const) {
    const value = config[name];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw invalidParameter(`Invalid ${name}: '${value}'`);
  }
  assertUnambiguousDefaultLocation(config);
  return config;
}

/** Runs derive their artifact URIs from their experiment's location, refused when ambiguous: say so at start. */
function assertUnambiguousDefaultLocation(config: ServerConfig): void {
  try {
    canonicalArtifactLocation(experimentArtifactLocation(config)('0'), config.artifactsDestination);
  } catch (error) {
    if (!isStrataError(error)) throw error;
    throw invalidParameter(`Invalid --default-artifact-root or --artifacts-destination: new experiments' locations would be ambiguous. ${error.message}`);
  }
}

/** The Host headers the server answers: the configured ones, else the default for its bind address. */
export function allowedHostsOf(config: Pick<ServerConfig, 'allowedHosts' | 'host'>): string[] {
  return config.allowedHosts ?? defaultAllowedHosts(config.host);
}

/** The root under which new experiments get their artifact location, as MLflow resolves it. */
export function defaultArtifactRootOf(
  config: Pick<ServerConfig, 'defaultArtifactRoot' | 'serveArtifacts' | 'artifactsDestination'>,
): string {
  if (config.defaultArtifactRoot) return config.defaultArtifactRoot;
  return config.serveArtifacts ? 'mlflow-artifacts:/' : config.artifactsDestination;
}

/** The artifact location a new experiment gets when its request names none. */
export function experimentArtifactLocation(
  config: Pick<ServerConfig, 'defaultArtifactRoot' | 'serveArtifacts' | 'artifactsDestination'>,
) {
  const root = defaultArtifactRootOf(config).replace(/\/+$/, '');
  return (experimentId: string): string => (root === 'mlflow-artifacts:' ? `mlflow-artifacts:/${experimentId}` : `${root}/${experimentId}`);
}
