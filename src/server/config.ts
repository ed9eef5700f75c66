/**
 * Server settings from CLI flags and STRATA_* environment variables; a flag wins
 * over the environment, which wins over the defaults.
 */
import path from 'node:path';
import { invalidParameter } from '../core/errors.js';

export interface ServerConfig {
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
  /** The built dashboard's folder; default: the package's dist/web/ (tests point it elsewhere). */
  dashboardDir?: string;
}

/** What the CLI may pass; anything left out comes from the environment or the defaults. */
export type ServerFlags = Partial<ServerConfig>;

export type Env = Record<string, string | undefined>;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) throw invalidParameter(`Invalid port: '${text}'`);
  return port;
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
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw invalidParameter(`Invalid port: '${config.port}'`);
  }
  return config;
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
