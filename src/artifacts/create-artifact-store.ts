import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from '../core/ports/artifact-store.js';
import { invalidParameter } from '../core/errors.js';
import { LocalArtifactStore } from './local-artifact-store.js';
import type { Env } from './create-s3-client.js';

export interface CreateArtifactStoreOptions {
  /** Where S3 connection settings are read from; process.env by default. */
  env?: Env;
  /** Base for relative local paths; the process's working directory by default. */
  cwd?: string;
  /** A local destination must already exist; it is not created. */
  mustExist?: boolean;
}

/**
 * Opens the store a destination names, as `--artifacts-destination` accepts it: a local
 * path or `file://` URI (LocalArtifactStore), or `s3://bucket/prefix` (S3ArtifactStore).
 */
export async function createArtifactStore(
  destination: string,
  options: CreateArtifactStoreOptions = {},
): Promise<ArtifactStore> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(destination)?.[1]?.toLowerCase();
  if (scheme === 's3') return openS3(destination, options.env ?? process.env);
  const mustExist = options.mustExist ?? false;
  if (scheme === 'file') return LocalArtifactStore.open({ root: fileURLToPath(destination), mustExist });
  if (scheme !== undefined) {
    throw invalidParameter(`Unsupported artifact destination '${destination}': use a local path, file:// or s3://.`);
  }
  return LocalArtifactStore.open({ root: resolve(options.cwd ?? process.cwd(), destination), mustExist });
}

/** The AWS SDK (~26 MiB of resident memory) is loaded only when an S3 destination is configured. */
async function openS3(destination: string, env: Env): Promise<ArtifactStore> {
  const url = new URL(destination);
  if (!url.hostname) throw invalidParameter(`Artifact destination '${destination}' names no bucket.`);
  const [{ S3ArtifactStore }, { createS3Client, s3ConnectionFromEnv }] = await Promise.all([
    import('./s3-artifact-store.js'),
    import('./create-s3-client.js'),
  ]);
  return new S3ArtifactStore({
    client: createS3Client(s3ConnectionFromEnv(env)),
    bucket: url.hostname,
    prefix: decodeURIComponent(url.pathname),
  });
}
