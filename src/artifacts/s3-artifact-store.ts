import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type {
  ArtifactContent,
  ArtifactEntry,
  ArtifactStat,
  ArtifactStore,
  ByteStream,
  PutOptions,
  PutResult,
  UploadPartOptions,
  UploadedPart,
} from '../core/ports/artifact-store.js';
import type { ByteRange } from '../core/parse-byte-range.js';
import { joinArtifactPath, normalizeArtifactPath } from '../core/artifact-path.js';
import { guessContentType } from '../core/guess-content-type.js';
import { invalidParameter, StrataError } from '../core/errors.js';
import { assertCompletableParts, assertPartNumber } from './multipart-parts.js';
import { attachHashMetadata, type HashMetadataOptions } from './s3-hash-metadata.js';
import { s3ErrorName, translateS3Error } from './s3-errors.js';
import { Sha256Tap } from './sha256-tap.js';

const MiB = 1024 * 1024;
/** Parts without a Content-Length are buffered to learn their size; beyond this the client must send one. */
const MAX_BUFFERED_PART_BYTES = 64 * MiB;

export interface S3ArtifactStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix under which this store's root lives ('' for the bucket root). */
  prefix?: string;
  /** Bodies up to this size go in one PUT; larger ones in parts of this size (min 5 MiB). */
  partSize?: number;
  /** Parts in flight per upload; memory per upload is about partSize × (queueSize + 1). */
  queueSize?: number;
  /** Tuning of the server-side copy that attaches the hash to multipart objects (tests shrink it). */
  hashMetadata?: HashMetadataOptions;
}

/**
 * Artifacts as objects in an S3-compatible bucket, under `<prefix>/<path>`. Objects are
 * visible only once a PUT or a multipart upload completes, which gives atomic
 * replacement; a failed upload aborts its multipart upload so no parts linger. The
 * SHA-256, computed while streaming, is stored as `x-amz-meta-sha256`.
 */
export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly hashMetadata: HashMetadataOptions;

  constructor(options: S3ArtifactStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    // A URI's path ('/team/artifacts/') is a key prefix, which S3 writes without slashes at the ends.
    this.prefix = normalizeArtifactPath((options.prefix ?? '').replace(/^\/+|\/+$/g, ''));
    this.partSize = Math.max(options.partSize ?? 8 * MiB, 5 * MiB);
    this.queueSize = options.queueSize ?? 4;
    this.hashMetadata = options.hashMetadata ?? {};
  }

  async put(path: string, body: ByteStream, options: PutOptions = {}): Promise<PutResult> {
    const rel = filePath(path);
    const contentType = options.contentType ?? guessContentType(rel);
    const iterator = body[Symbol.asyncIterator]();
    // Reading one part ahead tells small bodies (one PUT, hash known before it) from large.
    const head = await readAtLeast(iterator, this.partSize + 1);
    if (head.ended) return this.putWhole(rel, Buffer.concat(head.chunks), contentType, options.expectedSha256);
    return this.putInParts(rel, resume(head.chunks, iterator), contentType, options.expectedSha256);
  }

  async get(path: string, range?: ByteRange): Promise<ArtifactContent> {
    const rel = normalizeArtifactPath(path);
    if (range && (range.start < 0 || range.end < range.start)) throw invalidParameter(`Invalid byte range for '${rel}'.`);
    const Range = range ? `bytes=${range.start}-${range.end}` : undefined;
    const response = await this.send(rel, this.client.send(new GetObjectCommand({ ...this.object(rel), Range })));
    const served = parseContentRange(response.ContentRange);
    return {
      stream: asByteStream(response.Body),
      size: served?.size ?? response.ContentLength ?? 0,
      range: range && served ? { start: served.start, end: served.end } : undefined,
      sha256: response.Metadata?.sha256,
      contentType: response.ContentType ?? guessContentType(rel),
    };
  }

  async stat(path: string): Promise<ArtifactStat | undefined> {
    const rel = normalizeArtifactPath(path);
    if (rel === '') return { path: '', isDir: true };
    try {
      const head = await this.client.send(new HeadObjectCommand(this.object(rel)));
      return { path: rel, isDir: false, size: head.ContentLength ?? 0, sha256: head.Metadata?.sha256 };
    } catch (error) {
      if (s3ErrorName(error) !== 'NotFound') throw translateS3Error(error, rel);
    }
    const listing = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.dirPrefix(rel), MaxKeys: 1 });
    const below = await this.send(rel, this.client.send(listing));
    return (below.KeyCount ?? 0) > 0 ? { path: rel, isDir: true } : undefined;
  }

  async list(dirPath: string): Promise<ArtifactEntry[]> {
    const rel = normalizeArtifactPath(dirPath);
    const prefix = this.dirPrefix(rel);
    const entries: ArtifactEntry[] = [];
    let token: string | undefined;
    do {
      const listing = new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: prefix,
        Delimiter: '/',
        ContinuationToken: token,
      });
      const page = await this.send(rel, this.client.send(listing));
      for (const common of page.CommonPrefixes ?? []) this.addEntry(entries, common.Prefix?.slice(0, -1), true);
      // A key equal to the prefix is a "folder marker" some tools create, not a child.
      for (const object of page.Contents ?? []) {
        if (object.Key !== prefix) this.addEntry(entries, object.Key, false, object.Size ?? 0);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(path: string): Promise<void> {
    const rel = normalizeArtifactPath(path);
    if (rel === '') throw invalidParameter('Refusing to delete the whole artifact root.');
    // The object itself plus everything under `path/`, never `path-sibling` sharing its prefix.
    await this.deleteKeys(rel, [this.key(rel)]);
    let token: string | undefined;
    do {
      const listing = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.dirPrefix(rel), ContinuationToken: token });
      const page = await this.send(rel, this.client.send(listing));
      await this.deleteKeys(rel, (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async createMultipartUpload(path: string, options: Pick<PutOptions, 'contentType'> = {}): Promise<{ uploadId: string }> {
    const rel = filePath(path);
    const ContentType = options.contentType ?? guessContentType(rel);
    const created = await this.send(
      rel,
      this.client.send(new CreateMultipartUploadCommand({ ...this.object(rel), ContentType })),
    );
    if (!created.UploadId) throw new StrataError('INTERNAL_ERROR', 'The object store returned no upload id.');
    return { uploadId: created.UploadId };
  }

  async uploadPart(
    path: string,
    uploadId: string,
    partNumber: number,
    body: ByteStream,
    options: UploadPartOptions = {},
  ): Promise<UploadedPart> {
    const rel = filePath(path);
    assertPartNumber(partNumber);
    // S3 must know a part's length up front; without one the part is buffered, within a cap.
    const payload =
      options.contentLength === undefined
        ? await bufferPart(body, rel)
        : { Body: Readable.from(body, { objectMode: false }), ContentLength: options.contentLength };
    const command = new UploadPartCommand({ ...this.object(rel), UploadId: uploadId, PartNumber: partNumber, ...payload });
    const uploaded = await this.send(rel, this.client.send(command));
    return { partNumber, etag: uploaded.ETag ?? '' };
  }

  async completeMultipartUpload(path: string, uploadId: string, parts: UploadedPart[]): Promise<PutResult> {
    const rel = filePath(path);
    assertCompletableParts(parts);
    const command = new CompleteMultipartUploadCommand({
      ...this.object(rel),
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    });
    const completed = await this.send(rel, this.client.send(command));
    // Parts arrive in any order, so the whole-object hash needs one sequential read-back.
    const etag = await this.etagOf(rel, completed.ETag);
    const { size, sha256, contentType } = await this.hashObject(rel, etag);
    await this.attachHash(rel, etag, { size, sha256 }, contentType);
    return { size, sha256 };
  }

  async abortMultipartUpload(path: string, uploadId: string): Promise<void> {
    const rel = normalizeArtifactPath(path);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ ...this.object(rel), UploadId: uploadId }));
    } catch (error) {
      if (s3ErrorName(error) !== 'NoSuchUpload') throw translateS3Error(error, rel);
    }
  }

  private async putWhole(rel: string, data: Buffer, contentType: string, expected?: string): Promise<PutResult> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    assertExpectedHash(expected, sha256, rel);
    const command = new PutObjectCommand({
      ...this.object(rel),
      Body: data,
      ContentLength: data.length,
      ContentType: contentType,
      Metadata: { sha256 },
    });
    await this.send(rel, this.client.send(command));
    return { size: data.length, sha256 };
  }

  private async putInParts(rel: string, source: ByteStream, contentType: string, expected?: string): Promise<PutResult> {
    const tap = new Sha256Tap();
    // A hash mismatch must fail the stream itself, so the upload aborts before it completes.
    async function* verified(): AsyncGenerator<Uint8Array> {
      yield* tap.tap(source);
      assertExpectedHash(expected, tap.digest(), rel);
    }
    const upload = new Upload({
      client: this.client,
      params: { ...this.object(rel), Body: Readable.from(verified(), { objectMode: false }), ContentType: contentType },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    let etag: string | undefined;
    try {
      etag = (await upload.done()).ETag;
    } catch (error) {
      await this.abortFailedUpload(rel, upload.uploadId);
      throw translateS3Error(error, rel);
    }
    const result = { size: tap.size, sha256: tap.digest() };
    await this.attachHash(rel, await this.etagOf(rel, etag), result, contentType);
    return result;
  }

  /** lib-storage aborts on most failures; this makes sure no parts are left billed and hidden. */
  private async abortFailedUpload(rel: string, uploadId: string | undefined): Promise<void> {
    if (!uploadId) return;
    await this.client
      .send(new AbortMultipartUploadCommand({ ...this.object(rel), UploadId: uploadId }))
      .catch(() => undefined);
  }

  /**
   * The ETag a completed multipart upload produced. Some servers (radosgw before Quincy)
   * answer CompleteMultipartUpload without one; then it is read back, a moment later.
   */
  private async etagOf(rel: string, completedEtag: string | undefined): Promise<string> {
    if (completedEtag && completedEtag !== '""') return completedEtag;
    const head = await this.send(rel, this.client.send(new HeadObjectCommand(this.object(rel))));
    return head.ETag ?? '';
  }

  private async attachHash(rel: string, etag: string, result: PutResult, contentType: string): Promise<void> {
    try {
      await attachHashMetadata(
        this.client,
        { bucket: this.bucket, key: this.key(rel), etag, contentType, ...result },
        { concurrency: this.queueSize, ...this.hashMetadata },
      );
    } catch (error) {
      throw translateS3Error(error, rel);
    }
  }

  private async hashObject(rel: string, etag: string) {
    const command = new GetObjectCommand({ ...this.object(rel), IfMatch: etag });
    const response = await this.send(rel, this.client.send(command));
    const tap = new Sha256Tap();
    for await (const _ of tap.tap(asByteStream(response.Body))) {
      // Only the hash is wanted; the bytes are dropped as they pass.
    }
    return { size: tap.size, sha256: tap.digest(), contentType: response.ContentType ?? guessContentType(rel) };
  }

  private async deleteKeys(rel: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const command = new DeleteObjectsCommand({
      Bucket: this.bucket,
      Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
    });
    const result = await this.send(rel, this.client.send(command));
    const failed = result.Errors?.[0];
    if (failed) throw new StrataError('INTERNAL_ERROR', `The object store did not delete '${rel}' (S3 ${failed.Code}).`);
  }

  private addEntry(entries: ArtifactEntry[], key: string | undefined, isDir: boolean, size?: number): void {
    if (key === undefined) return;
    const rel = this.prefix === '' ? key : key.slice(this.prefix.length + 1);
    // Keys written by other tools that the API could not address (`a//b`, `../x`) are left out.
    try {
      if (normalizeArtifactPath(rel) !== rel) return;
    } catch {
      return;
    }
    entries.push(isDir ? { path: rel, isDir } : { path: rel, isDir, fileSize: size });
  }

  private object(rel: string): { Bucket: string; Key: string } {
    return { Bucket: this.bucket, Key: this.key(rel) };
  }

  private key(rel: string): string {
    return joinArtifactPath(this.prefix, rel);
  }

  /** The listing prefix for a directory: its key and a slash, or '' for the bucket root. */
  private dirPrefix(rel: string): string {
    const key = this.key(rel);
    return key === '' ? '' : `${key}/`;
  }

  /** Awaits an S3 call, turning its failure into a StrataError about `rel`. */
  private async send<T>(rel: string, pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      throw translateS3Error(error, rel);
    }
  }
}

function filePath(path: string): string {
  const rel = normalizeArtifactPath(path);
  if (rel === '') throw invalidParameter('An artifact path is required to write a file.');
  return rel;
}

function assertExpectedHash(expected: string | undefined, actual: string, rel: string): void {
  if (expected !== undefined && expected.toLowerCase() !== actual) {
    throw invalidParameter(`Upload of '${rel}' has SHA-256 ${actual}, expected ${expected}; it was discarded.`);
  }
}

async function readAtLeast(iterator: AsyncIterator<Uint8Array>, bytes: number) {
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < bytes) {
    const next = await iterator.next();
    if (next.done) return { chunks, ended: true };
    chunks.push(next.value);
    total += next.value.byteLength;
  }
  return { chunks, ended: false };
}

async function* resume(head: Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* head;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}

async function bufferPart(body: ByteStream, rel: string): Promise<{ Body: Buffer; ContentLength: number }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > MAX_BUFFERED_PART_BYTES) {
      throw invalidParameter(`Parts of '${rel}' over ${MAX_BUFFERED_PART_BYTES / MiB} MiB need a Content-Length.`);
    }
    chunks.push(chunk);
  }
  const data = Buffer.concat(chunks);
  return { Body: data, ContentLength: data.length };
}

/** `bytes 0-9/100` → the served interval and the whole size. */
function parseContentRange(header: string | undefined): { start: number; end: number; size: number } | undefined {
  const match = header && /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header);
  return match ? { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) } : undefined;
}

function asByteStream(body: unknown): ByteStream {
  if (body && typeof (body as ByteStream)[Symbol.asyncIterator] === 'function') return body as ByteStream;
  throw new StrataError('INTERNAL_ERROR', 'The object store returned no readable body.');
}
