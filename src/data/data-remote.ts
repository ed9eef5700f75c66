/**
 * The port every remote implements: one listing, and batch transfers whose per-object
 * outcomes are results. Batches (not one call per object) let each implementation choose
 * its own parallelism: worker threads for a local folder, concurrent requests for S3.
 * Each object must be verified by hash on arrival and appear under its final name only
 * when complete, so an interrupted transfer leaves nothing partial and can simply re-run.
 */
import type { DataErrorInfo } from './data-error.js';
import type { FilePool } from './file-pool.js';

export interface ObjectTransfer {
  key: string;
  /** The object's path in the local cache (source of a put, destination of a get). */
  localPath: string;
  /** Bytes, when known: used only to balance batches. */
  size: number;
}

export interface TransferContext {
  pool: FilePool;
  jobs: number;
  /** Temp folder on the local cache's filesystem, for gets. */
  localTmpDir: string;
}

export type TransferOutcome = { key: string; ok: true } | { key: string; ok: false; error: DataErrorInfo };

export interface DataRemote {
  readonly url: string;
  /** Every object key the remote holds, from one listing. */
  listObjects(): Promise<Set<string>>;
  putObjects(items: ObjectTransfer[], context: TransferContext): Promise<TransferOutcome[]>;
  getObjects(items: ObjectTransfer[], context: TransferContext): Promise<TransferOutcome[]>;
}
