/**
 * `models register` checks that the artifact path it points a new version at exists in
 * the run's artifacts: the registry itself accepts any source, and a version pointing at
 * nothing fails only later, when someone tries to load it.
 */
import type { StrataClient } from '../../../client/strata-client.js';
import { isStrataApiError } from '../../../client/strata-api-error.js';

const SHOWN_ENTRIES = 10;

/** Throws (exit 1) unless `path` is a file or a non-empty directory in the run's artifacts. */
export async function requireRunArtifact(client: StrataClient, runId: string, path: string): Promise<void> {
  const normalized = path.replace(/^\/+|\/+$/g, '');
  try {
    if ((await listPaths(client, runId, normalized || undefined)).length > 0) return;
    // A listing of a file is empty, as in MLflow; the file shows up in its directory's listing.
    const parent = normalized.includes('/') ? normalized.slice(0, normalized.lastIndexOf('/')) : undefined;
    if (normalized !== '' && (await listPaths(client, runId, parent)).includes(normalized)) return;
  } catch (error) {
    // Runs whose artifacts live where this server does not serve them cannot be checked from here.
    if (!isStrataApiError(error, 'INVALID_PARAMETER_VALUE')) throw error;
    throw new Error(`cannot check that run ${runId} has an artifact "${normalized}": ${error.message} Pass --allow-missing to register it unchecked.`);
  }
  throw new Error(`run ${runId} has no artifact "${normalized}" (${await describeRoot(client, runId)}); log it first, or pass --allow-missing to register it anyway`);
}

async function listPaths(client: StrataClient, runId: string, path: string | undefined): Promise<string[]> {
  return ((await client.listArtifacts(runId, path)).files ?? []).map((f) => f.path);
}

async function describeRoot(client: StrataClient, runId: string): Promise<string> {
  const files = (await client.listArtifacts(runId)).files ?? [];
  if (files.length === 0) return 'it has no artifacts';
  const shown = files.slice(0, SHOWN_ENTRIES).map((f) => (f.is_dir ? `${f.path}/` : f.path));
  return `its artifacts: ${shown.join(', ')}${files.length > SHOWN_ENTRIES ? `, … (${files.length - SHOWN_ENTRIES} more)` : ''}`;
}
