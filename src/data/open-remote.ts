/**
 * Picks the DataRemote for a URL: a folder (path or `file://`), `s3://bucket/prefix`, or
 * `strata://host:port` (`strata+https://host`). The network ones share BackendRemote and are
 * loaded only when used: the AWS SDK alone takes ~0.3 s to import.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from './data-error.js';
import type { DataRemote } from './data-remote.js';
import { LocalRemote } from './local-remote.js';
import type { ObjectBackend } from './object-backend.js';
import { parseS3RemoteUrl, strataServerUrl } from './remote-url.js';
import type { ConnectStrataRemote } from './strata-remote-api.js';

/** Where connection settings come from: AWS_* / MLFLOW_S3_ENDPOINT_URL for S3, MLFLOW_TRACKING_* for strata://. */
export type RemoteEnv = Record<string, string | undefined>;

/** What opening a network remote may need besides its URL. */
export interface RemoteConnection {
  env: RemoteEnv;
  /** How strata:// remotes reach their server (the SDK's, handed in by the caller); without it they are refused. */
  connectStrata?: ConnectStrataRemote | undefined;
}

function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
}

/** Throws UNSUPPORTED_REMOTE unless the URL names a kind of remote this build can use. */
export function checkRemoteUrl(url: string): void {
  const scheme = schemeOf(url);
  if (scheme === undefined || scheme === 'file') return;
  if (scheme === 's3') return void parseS3RemoteUrl(url);
  if (scheme === 'strata' || scheme === 'strata+https') return void strataServerUrl(url);
  throw new DataError('UNSUPPORTED_REMOTE', `unknown remote scheme ${scheme}:// in ${url}; use a folder path, s3://bucket/prefix or strata://host:port`);
}

/** A relative folder path is relative to the repository root, so the committed config works in any clone. */
export async function openRemote(url: string, repoRoot: string, connection: RemoteConnection): Promise<DataRemote> {
  checkRemoteUrl(url);
  const scheme = schemeOf(url);
  if (scheme === 's3' || scheme === 'strata' || scheme === 'strata+https') {
    const { BackendRemote } = await import('./backend-remote.js');
    if (scheme === 's3') return new BackendRemote((await import('./s3-backend.js')).openS3Backend(url, connection.env));
    return new BackendRemote(await openStrataBackend(url, connection));
  }
  const path = scheme === 'file' ? fileURLToPath(url) : isAbsolute(url) ? url : resolve(repoRoot, url);
  return new LocalRemote(url, path);
}

async function openStrataBackend(url: string, { env, connectStrata }: RemoteConnection): Promise<ObjectBackend> {
  if (!connectStrata) {
    throw new DataError('UNSUPPORTED_REMOTE', `remote ${url}: strata:// remotes need a client for the server; pass connectStrata (connectStrataRemote from the SDK's node half)`);
  }
  const { StrataBackend } = await import('./strata-backend.js');
  return new StrataBackend(url, await connectStrata(strataServerUrl(url), env));
}
