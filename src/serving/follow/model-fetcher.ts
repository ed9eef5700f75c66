/**
 * Resolving a model URI through the registry and bringing a version's model directory into the
 * local cache, verified: the SDK's downloadArtifacts checks each file's SHA-256 against the
 * x-strata-sha256 header the tracking server sends and refuses a mismatch, which becomes a
 * ModelFetchError('sha256_mismatch') here. A version already complete in the cache is reused
 * (a restart does not download it again); a partial one is never used.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import type { StrataClient } from '../../client/strata-client.js';
import { isComplete, markComplete, versionDir } from './model-cache.js';
import { isRunsUri, parseRunsUri } from '../../core/model-uri.js';

export type ModelFetchFailure = 'unresolvable' | 'unsupported_source' | 'sha256_mismatch' | 'download_failed';

export class ModelFetchError extends Error {
  constructor(readonly reason: ModelFetchFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFetchError';
  }
}

export interface ResolvedVersion {
  name: string;
  version: string;
  runId: string;
  /** The model directory's path in the run's artifacts. */
  artifactPath: string;
}

/** The follower's view of the tracking server's registry and artifacts (a port, faked in tests). */
export interface ModelFetcher {
  resolve(uri: string): Promise<ResolvedVersion>;
  /** The version's model directory, downloaded and verified; returns its local path. */
  fetch(resolved: ResolvedVersion): Promise<string>;
}

export function createModelFetcher(client: StrataClient, cacheDir: string): ModelFetcher {
  return {
    async resolve(uri) {
      const resolved = await client.registry.resolveModelUri(uri);
      const artifactPath = await pathInRun(client, resolved.source, resolved.storage_location, resolved.run_id);
      if (resolved.run_id === undefined || artifactPath === undefined) {
        throw new ModelFetchError(
          'unsupported_source',
          `version ${resolved.version} of ${resolved.name} has source '${resolved.source}': strata serve downloads versions ` +
            "whose files are in a run's artifacts (registered from runs:/<run id>/<path>, or with a run id and a location under that run's artifacts)",
        );
      }
      return { name: resolved.name, version: resolved.version, runId: resolved.run_id, artifactPath };
    },
    async fetch(resolved) {
      const dir = versionDir(cacheDir, resolved.name, resolved.version);
      if (await isComplete(dir)) return dir;
      const staging = `${dir}.${process.pid}.${Date.now()}.partial`;
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      try {
        const local = await download(client, resolved, staging);
        await markComplete(local);
        await rm(dir, { recursive: true, force: true });
        await rename(local, dir);
        return dir;
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The model directory's path in its run's artifacts. Strata's SDK registers `runs:/<run>/model`;
 * MLflow's own client registers the run's artifact location (`mlflow-artifacts:/1/<run>/artifacts/model`)
 * with the run id beside it, so that location is read relative to the run's artifact URI.
 */
async function pathInRun(client: StrataClient, source: string, storageLocation: string, runId: string | undefined): Promise<string | undefined> {
  if (isRunsUri(source)) {
    const parsed = parseRunsUri(source);
    return runId === undefined || parsed.runId === runId ? parsed.path : undefined;
  }
  if (runId === undefined) return undefined;
  const root = (await client.getRun({ run_id: runId })).run.info.artifact_uri.replace(/\/+$/, '');
  const location = storageLocation.replace(/\/+$/, '');
  if (location === root) return '';
  return location.startsWith(`${root}/`) ? location.slice(root.length + 1) : undefined;
}

async function download(client: StrataClient, resolved: ResolvedVersion, staging: string): Promise<string> {
  try {
    return await client.downloadArtifacts(resolved.runId, resolved.artifactPath, staging);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/SHA-256/.test(message)) {
      throw new ModelFetchError('sha256_mismatch', `version ${resolved.version} of ${resolved.name} refused: ${message}`, { cause: error });
    }
    throw new ModelFetchError('download_failed', `version ${resolved.version} of ${resolved.name} could not be downloaded: ${message}`, { cause: error });
  }
}
