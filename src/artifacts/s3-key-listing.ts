import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { translateS3Error } from './s3-errors.js';

export interface S3KeyListingTarget {
  client: S3Client;
  bucket: string;
  /** Key prefix without slashes at the ends ('' for the bucket root). */
  prefix: string;
}

export interface S3ListedObject {
  /** The key relative to the prefix (`aa/rest` for `prefix/aa/rest`). */
  path: string;
  size: number;
}

/**
 * Every object below a prefix from one paginated ListObjectsV2 (no delimiter, 1,000 keys
 * a page): what a caller that needs the whole tree asks for, rather than one listing per
 * folder as `S3ArtifactStore.list` does.
 */
export async function listS3Objects(target: S3KeyListingTarget): Promise<S3ListedObject[]> {
  const start = target.prefix === '' ? '' : `${target.prefix}/`;
  const found: S3ListedObject[] = [];
  let token: string | undefined;
  do {
    const command = new ListObjectsV2Command({ Bucket: target.bucket, Prefix: start, ContinuationToken: token });
    let page;
    try {
      page = await target.client.send(command);
    } catch (error) {
      throw translateS3Error(error, target.prefix);
    }
    for (const object of page.Contents ?? []) {
      if (object.Key && object.Key.length > start.length) found.push({ path: object.Key.slice(start.length), size: object.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}
