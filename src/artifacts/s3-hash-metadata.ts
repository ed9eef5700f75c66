import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3ErrorName } from './s3-errors.js';

/** S3's limit for a single CopyObject; larger objects are copied part by part. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
const COPY_PART_BYTES = 512 * 1024 ** 2;

export interface HashMetadataTarget {
  bucket: string;
  key: string;
  /** The version just uploaded: copying is conditional on it, so a newer upload is never clobbered. */
  etag: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface HashMetadataOptions {
  maxSingleCopyBytes?: number;
  copyPartBytes?: number;
  concurrency?: number;
}

/**
 * Attaches `x-amz-meta-sha256` to an object that was uploaded in parts. S3 fixes user
 * metadata when a multipart upload starts, before the hash is known, and can only change
 * it by copying the object onto itself. The copy is server-side (no bytes pass through
 * Strata) and radosgw turns a self-copy into a metadata update.
 *
 * If another upload replaced the object meanwhile, the conditional copy fails with 412
 * and is skipped: that upload sets its own hash.
 */
export async function attachHashMetadata(
  client: S3Client,
  target: HashMetadataTarget,
  options: HashMetadataOptions = {},
): Promise<void> {
  try {
    if (target.size <= (options.maxSingleCopyBytes ?? MAX_SINGLE_COPY_BYTES)) await copyWhole(client, target);
    else await copyInParts(client, target, options);
  } catch (error) {
    if (s3ErrorName(error) === 'PreconditionFailed') return;
    throw error;
  }
}

async function copyWhole(client: S3Client, target: HashMetadataTarget): Promise<void> {
  await client.send(
    new CopyObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      CopySource: copySource(target),
      CopySourceIfMatch: target.etag,
      MetadataDirective: 'REPLACE',
      Metadata: { sha256: target.sha256 },
      ContentType: target.contentType,
    }),
  );
}

async function copyInParts(client: S3Client, target: HashMetadataTarget, options: HashMetadataOptions): Promise<void> {
  const { Bucket, Key } = { Bucket: target.bucket, Key: target.key };
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket, Key, Metadata: { sha256: target.sha256 }, ContentType: target.contentType }),
  );
  try {
    const ranges = partRanges(target.size, options.copyPartBytes ?? COPY_PART_BYTES);
    const parts = await mapBounded(ranges, options.concurrency ?? 4, async ([start, end], i) => {
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({
          Bucket,
          Key,
          UploadId,
          PartNumber: i + 1,
          CopySource: copySource(target),
          CopySourceIfMatch: target.etag,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      return { PartNumber: i + 1, ETag: CopyPartResult?.ETag };
    });
    await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw error;
  }
}

function copySource(target: HashMetadataTarget): string {
  return `${target.bucket}/${target.key.split('/').map(encodeURIComponent).join('/')}`;
}

function partRanges(size: number, partBytes: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < size; start += partBytes) ranges.push([start, Math.min(start + partBytes, size) - 1]);
  return ranges;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping results in order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
