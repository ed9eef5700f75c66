/**
 * What an artifact's audit event is about: the run whose artifact root holds the path, so
 * the run's history shows its files, else the artifact path itself (model files, datasets,
 * anything outside a run).
 */
import type { TrackingRepository } from '../ports/metadata-store.js';
import { servedArtifactPath } from '../served-artifact-root.js';

export interface ArtifactAuditEntity {
  entityType: 'run' | 'artifact';
  entityId: string;
}

export async function artifactAuditEntity(
  repo: Pick<TrackingRepository, 'findRunInfo'>,
  path: string,
  artifactsDestination: string,
): Promise<ArtifactAuditEntity> {
  const runId = await owningRunId(repo, path, artifactsDestination);
  return runId === undefined ? { entityType: 'artifact', entityId: path } : { entityType: 'run', entityId: runId };
}

/**
 * A run's artifact root is always `<experiment location>/<run id>/artifacts`, so only a
 * segment followed by `artifacts` can be the run id; each candidate is confirmed against
 * the run's own artifact_uri rather than trusted from the path's shape.
 */
async function owningRunId(
  repo: Pick<TrackingRepository, 'findRunInfo'>,
  path: string,
  artifactsDestination: string,
): Promise<string | undefined> {
  const segments = path.split('/');
  for (let i = 0; i + 1 < segments.length; i++) {
    const candidate = segments[i];
    if (segments[i + 1] !== 'artifacts' || candidate === undefined) continue;
    const info = await repo.findRunInfo(candidate);
    const root = info === undefined ? undefined : storeRoot(info.artifactUri, artifactsDestination);
    if (root !== undefined && (path === root || path.startsWith(`${root}/`))) return candidate;
  }
  return undefined;
}

/** The run's root in the store; undefined when it lies elsewhere or its URI is unusable. */
function storeRoot(artifactUri: string, artifactsDestination: string): string | undefined {
  try {
    return servedArtifactPath(artifactUri, artifactsDestination);
  } catch {
    return undefined;
  }
}
