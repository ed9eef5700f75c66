/**
 * Where a run's artifacts sit inside the server's own artifact store. A run's
 * `artifact_uri` names them either through the proxy (`mlflow-artifacts:/1/<run>/artifacts`,
 * possibly with an authority: `mlflow-artifacts://host:5000/1/…`) or, when the server does not
 * proxy, as a location under the artifacts destination itself (`/data/artifacts/1/…`,
 * `file:///data/artifacts/1/…`, `s3://bucket/prefix/1/…`).
 */
import { normalizeArtifactPath } from './artifact-path.js';
import { invalidParameter } from './errors.js';
import { shortenForMessage } from './shorten-for-message.js';

const PROXY_SCHEME = 'mlflow-artifacts:';

/**
 * The store path (relative to the artifacts destination) that `artifactUri` names, or
 * undefined when it lies elsewhere (a bucket or directory this server does not manage).
 * Refuses (400) a URI whose path would climb out of the store.
 */
export function servedArtifactPath(artifactUri: string, artifactsDestination: string): string | undefined {
  const relative = proxiedPath(artifactUri) ?? pathUnder(artifactUri, artifactsDestination);
  if (relative === undefined) return undefined;
  try {
    return normalizeArtifactPath(relative);
  } catch {
    throw invalidParameter(`Artifact URI '${shortenForMessage(artifactUri)}' names a location outside the artifact store.`);
  }
}

function proxiedPath(uri: string): string | undefined {
  if (!uri.startsWith(PROXY_SCHEME)) return undefined;
  const rest = uri.slice(PROXY_SCHEME.length);
  if (!rest.startsWith('//')) return rest.replace(/^\/+/, '');
  // mlflow-artifacts://host:port/path: the authority names this server; the path is what counts.
  const slash = rest.indexOf('/', 2);
  return slash === -1 ? '' : rest.slice(slash + 1);
}

function pathUnder(uri: string, destination: string): string | undefined {
  const root = destination.replace(/\/+$/, '');
  const candidates = root.startsWith('/') ? [root, `file://${root}`] : [root];
  for (const candidate of candidates) {
    if (uri === candidate) return '';
    if (uri.startsWith(`${candidate}/`)) return uri.slice(candidate.length + 1);
  }
  return undefined;
}
