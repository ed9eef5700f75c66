/**
 * Where a run's artifacts are reached over HTTP. Uploads go through the server's proxied
 * artifact API, so they need a run whose artifact_uri is `mlflow-artifacts:/…` (what a
 * Strata or MLflow server started with --serve-artifacts gives new runs).
 */
import { ARTIFACTS_PATH, MLFLOW_ARTIFACTS_SCHEME, MPU_PATH } from '../api/mlflow-artifacts.js';
import { MLFLOW_API_PREFIXES } from '../api/mlflow-tracking.js';

/** `mlflow-artifacts:/1/<run>/artifacts` (or `mlflow-artifacts://host/1/…`) → `1/<run>/artifacts`. */
export function proxiedStorePath(artifactUri: string): string {
  if (!artifactUri.startsWith(MLFLOW_ARTIFACTS_SCHEME)) {
    throw new Error(
      `artifact_uri '${artifactUri}' is not served through the tracking server (mlflow-artifacts:/…); ` +
        'start the server with --serve-artifacts, or write to that location directly',
    );
  }
  let rest = artifactUri.slice(MLFLOW_ARTIFACTS_SCHEME.length);
  if (rest.startsWith('//')) {
    // An authority names the server (mlflow-artifacts://host:5000/…); this client already knows it.
    const slash = rest.indexOf('/', 2);
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  return joinArtifactPaths(rest);
}

/** Joins '/'-separated parts, dropping empty segments (artifact paths are never absolute). */
export function joinArtifactPaths(...parts: Array<string | undefined>): string {
  return parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** URL of one file in the proxied artifact API. */
export function proxiedArtifactUrl(trackingUri: string, storePath: string): string {
  return `${trackingUri}${MLFLOW_API_PREFIXES[0]}${ARTIFACTS_PATH}/${encodePath(storePath)}`;
}

/** URL of a multipart action (`create`, `complete`, `abort`) for files in `storeDir`. */
export function multipartUrl(trackingUri: string, action: 'create' | 'complete' | 'abort', storeDir: string): string {
  return `${trackingUri}${MLFLOW_API_PREFIXES[0]}${MPU_PATH}/${action}/${encodePath(storeDir)}`;
}
