/**
 * The ArtifactStore port: where run artifacts (models, plots, logs) live. Implemented
 * by LocalArtifactStore and S3ArtifactStore in src/artifacts; the contract suite there
 * runs against both.
 *
 * Bytes only ever move as streams: artifacts run to many gigabytes and the server must
 * stay within a small, fixed memory budget whatever their size. Streams are typed as
 * `AsyncIterable<Uint8Array>` because core cannot name Node's stream types; a Node
 * Readable is one, and `Readable.from()` turns one back into a Readable.
 *
 * Paths are '/'-separated and relative to the store's root ('' is the root). Every
 * method normalises them with `normalizeArtifactPath` and refuses unsafe ones with
 * INVALID_PARAMETER_VALUE (400), so callers may pass client input straight through.
 */
import type { ByteRange } from '../parse-byte-range.js';

export type ByteStream = AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Stored with the object where the store can; otherwise guessed from the extension on read. */
  contentType?: string;
  /** When given, an upload whose SHA-256 differs is discarded and refused (400). */
  expectedSha256?: string;
}

/** What a completed upload wrote: its byte count and the SHA-256 computed while streaming. */
export interface PutResult {
  size: number;
  sha256: string;
}

export interface ArtifactContent {
  /** Must be consumed to the end or closed (iterator `return()`), or the file/socket stays open. */
  stream: ByteStream;
  /** Size of the whole artifact, not of the range served. */
  size: number;
  /** The inclusive interval actually served, when a range was asked for (end clamped to the size). */
  range?: ByteRange;
  /** Absent for artifacts written by something other than Strata. */
  sha256?: string;
  contentType: string;
}

export interface ArtifactStat {
  path: string;
  isDir: boolean;
  /** Files only. */
  size?: number;
  sha256?: string;
}

/** One row of a listing, as MLflow's FileInfo: `path` is relative to the store root. */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  /** Files only. */
  fileSize?: number;
}

export interface UploadedPart {
  /** 1..10000, as in S3. */
  partNumber: number;
  /** Opaque proof that the part arrived; returned by `uploadPart`, given back to `complete…`. */
  etag: string;
}

export interface UploadPartOptions {
  /** The part's byte count when known (HTTP Content-Length); lets S3 stream it instead of buffering. */
  contentLength?: number;
}

export interface ArtifactStore {
  /**
   * Streams `body` to `path`. The artifact becomes visible only once fully written, and a
   * re-upload replaces the old one in one step. If `body` throws (client gone, disk full),
   * nothing becomes visible and temporary data is removed before the promise rejects.
   */
  put(path: string, body: ByteStream, options?: PutOptions): Promise<PutResult>;

  /**
   * Opens a file for reading, optionally one inclusive byte range of it. Throws
   * RESOURCE_DOES_NOT_EXIST (404) when no file is at `path` (directories included), and
   * INVALID_PARAMETER_VALUE with status 416 when `range.start` is at or past the end.
   */
  get(path: string, range?: ByteRange): Promise<ArtifactContent>;

  /** A file or directory at `path`, or undefined. The root always exists. */
  stat(path: string): Promise<ArtifactStat | undefined>;

  /**
   * Direct children of a directory, sorted by path, with sizes for files (MLflow's
   * list_artifacts). A missing path or a file yields an empty list.
   */
  list(dirPath: string): Promise<ArtifactEntry[]>;

  /**
   * Removes a file, or a directory and everything below it. Missing paths are not an
   * error. The root itself cannot be deleted this way (400): wiping a whole store takes
   * more than one request.
   */
  delete(path: string): Promise<void>;

  /** Starts an upload whose parts may arrive in any order and in parallel; nothing is visible until complete. */
  createMultipartUpload(path: string, options?: Pick<PutOptions, 'contentType'>): Promise<{ uploadId: string }>;

  /** Stores one part; uploading the same part number again replaces it. */
  uploadPart(
    path: string,
    uploadId: string,
    partNumber: number,
    body: ByteStream,
    options?: UploadPartOptions,
  ): Promise<UploadedPart>;

  /** Joins the listed parts (ascending part numbers) into the artifact, atomically. */
  completeMultipartUpload(path: string, uploadId: string, parts: UploadedPart[]): Promise<PutResult>;

  /** Discards an upload and its parts. Unknown upload ids are not an error. */
  abortMultipartUpload(path: string, uploadId: string): Promise<void>;
}

export const MIN_PART_NUMBER = 1;
export const MAX_PART_NUMBER = 10_000;
