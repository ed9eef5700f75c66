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
import { parseRunsUri } from './model-uri.js';

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
      const run = parseRunsUri(resolved.source);
      const runId = run?.runId ?? resolved.run_id;
      if (runId === undefined || run === undefined) {
        throw new ModelFetchError('unsupported_source', `version ${resolved.version} of ${resolved.name} has source '${resolved.source}': strata serve downloads versions registered from a run (runs:/<run id>/<path>)`);
      }
      return { name: resolved.name, version: resolved.version, runId, artifactPath: run.path };
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
