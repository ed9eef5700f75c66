/**
 * `s3://bucket/prefix` remotes, on the artifact store's S3 code: the same connection
 * settings (MLFLOW_S3_ENDPOINT_URL, AWS_*, path style for custom endpoints), single PUTs
 * or multipart uploads that become visible only once complete. Objects are laid out as in
 * the cache: `<prefix>/<aa>/<rest>`; the listing is one paginated ListObjectsV2.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, s3ConnectionFromEnv, type Env } from '../artifacts/create-s3-client.js';
import { S3ArtifactStore } from '../artifacts/s3-artifact-store.js';
import { listS3Objects } from '../artifacts/s3-key-listing.js';
import { DataError } from './data-error.js';
import type { ObjectBackend, UploadSource } from './object-backend.js';
import { objectRelPath } from './object-key.js';
import { parseS3RemoteUrl } from './remote-url.js';

/** Parts in flight per multipart upload: memory per large upload is about 8 MiB × (2 + 1). */
const PARTS_IN_FLIGHT = 2;
const FANOUT_PATH = /^([0-9a-f]{2})\/([^/]+)$/;

export class S3Backend implements ObjectBackend {
  private readonly store: S3ArtifactStore;

  constructor(
    readonly url: string,
    private readonly client: S3Client,
    bucket: string,
    prefix: string,
  ) {
    this.store = new S3ArtifactStore({ client, bucket, prefix, queueSize: PARTS_IN_FLIGHT });
  }

  async listKeys(): Promise<Set<string>> {
    const objects = await listS3Objects({ client: this.client, bucket: this.store.bucket, prefix: this.store.prefix }).catch((err: unknown) => {
      if (String((err as Error).message).includes('NoSuchBucket')) throw new DataError('TRANSFER_FAILED', `bucket ${this.store.bucket} does not exist; create it first`);
      throw err;
    });
    const keys = new Set<string>();
    for (const { path } of objects) {
      const match = FANOUT_PATH.exec(path);
      if (match) keys.add(`${match[1]}${match[2]}`);
    }
    return keys;
  }

  async put(key: string, source: UploadSource): Promise<void> {
    await this.store.put(objectRelPath(key), source.open(), { contentType: 'application/octet-stream' });
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      return (await this.store.get(objectRelPath(key))).stream;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'RESOURCE_DOES_NOT_EXIST') {
        throw new DataError('OBJECT_MISSING', `object ${key} is not on the remote ${this.url}`);
      }
      throw err;
    }
  }

  /** The artifact store's translation of network errors and 5xx answers, after the SDK's retries. */
  isUnreachable(err: unknown): boolean {
    return (err as { code?: unknown }).code === 'TEMPORARILY_UNAVAILABLE';
  }
}

export function openS3Backend(url: string, env: Env): S3Backend {
  const { bucket, prefix } = parseS3RemoteUrl(url);
  return new S3Backend(url, createS3Client(s3ConnectionFromEnv(env)), bucket, prefix);
}
