/**
 * The artifact folders something still owns, gathered into one index: every experiment's
 * (whatever its stage), every run's whose URI is not derived from its experiment's location
 * (the others lie inside their experiment's folder, which speaks for them), and, for gc,
 * registered model versions' and folders an earlier gc has yet to delete.
 */
import { storeFolderKey, folderKeysOf, isStoreKey } from '../artifact-folder-key.js';
import { ArtifactFolderIndex, describeOverlap } from '../artifact-folder-index.js';
import { invalidParameter } from '../errors.js';
import type { GcRepository, PendingArtifactDeletion, UnderivedRunRow } from '../ports/gc-repository.js';

export interface LiveFolderSources {
  experimentLocations: Array<{ experimentId: string; artifactLocation: string }>;
  underivedRuns: UnderivedRunRow[];
  modelVersionLocations?: string[];
  pendingArtifacts?: PendingArtifactDeletion[];
}

export function indexLiveFolders(sources: LiveFolderSources, artifactsDestination?: string): ArtifactFolderIndex {
  const index = new ArtifactFolderIndex(artifactsDestination);
  for (const e of sources.experimentLocations) index.add({ kind: 'experiment', id: e.experimentId, location: e.artifactLocation });
  for (const r of sources.underivedRuns) index.add({ kind: 'run', id: r.runId, experimentId: r.experimentId, location: r.artifactUri });
  for (const location of sources.modelVersionLocations ?? []) index.add({ kind: 'model_version', id: location, location });
  for (const p of sources.pendingArtifacts ?? []) {
    index.addKey(storeFolderKey(p.path), { kind: 'pending_deletion', id: `${p.entityType} ${p.entityId}`, location: p.path });
  }
  return index;
}

/**
 * Refuses (400) a new experiment location inside the server's store that equals, contains or
 * lies inside a folder something else owns. Runs inside the creating transaction.
 */
export async function assertFolderUnowned(repo: GcRepository, location: string, artifactsDestination?: string): Promise<void> {
  const keys = folderKeysOf(location, artifactsDestination).filter(isStoreKey);
  if (keys.length === 0) return;
  await repo.lockArtifactLocations();
  // Experiments before pending folders: on PostgreSQL each statement sees what committed before
  // it, and a gc purge removes an experiment and records its folder as pending in one commit.
  const experimentLocations = await repo.listExperimentArtifactLocations();
  const underivedRuns = await repo.listUnderivedRunArtifactUris();
  const pendingArtifacts = await repo.listPendingArtifactDeletions();
  const overlap = indexLiveFolders({ experimentLocations, underivedRuns, pendingArtifacts }, artifactsDestination).findOverlap(keys);
  if (overlap) {
    throw invalidParameter(
      `Invalid artifact location '${location}': it ${describeOverlap(overlap)}; an experiment's folder may not be shared.`,
    );
  }
}
