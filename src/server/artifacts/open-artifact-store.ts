import type { ArtifactStore } from '../../core/ports/artifact-store.js';
import { createArtifactStore } from '../../artifacts/create-artifact-store.js';
import { LocalArtifactStore } from '../../artifacts/local-artifact-store.js';

/** Temp files and multipart uploads untouched this long are a crash's leftovers, not work in progress. */
export const STALE_UPLOAD_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Opens the artifacts destination and clears what an earlier crash left behind (a failed
 * request cleans up after itself; a killed process cannot). On S3, a lifecycle rule that
 * aborts incomplete multipart uploads does the same job.
 */
export async function openArtifactStore(destination: string): Promise<ArtifactStore> {
  const store = await createArtifactStore(destination);
  if (store instanceof LocalArtifactStore) await store.removeStaleTemporaryFiles(STALE_UPLOAD_AGE_MS);
  return store;
}
