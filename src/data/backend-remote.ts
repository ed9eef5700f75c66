/**
 * A DataRemote over an ObjectBackend (S3, the Strata server): one listing, then objects
 * moved concurrently, each hashed with BLAKE3 as it streams. Uploads fail before their last
 * byte if the local object is corrupted; downloads are renamed into the cache only if they
 * hash to their key. Per-object failures are outcomes, so one bad object stops nothing else.
 */
import { mkdirSync, statSync } from 'node:fs';
import { DataError, isDataError, type DataErrorInfo } from './data-error.js';
import type { DataRemote, ObjectTransfer, TransferContext, TransferOutcome } from './data-remote.js';
import { mapLimited } from './map-limited.js';
import type { ObjectBackend } from './object-backend.js';
import { isObjectKey } from './object-key.js';
import { readVerified, receiveVerified } from './verified-stream.js';

/** Requests in flight per `--jobs` unit: network transfers wait on latency, not on a core. */
export const REQUESTS_PER_JOB = 4;
const MAX_REQUESTS = 64;

export class BackendRemote implements DataRemote {
  constructor(private readonly backend: ObjectBackend) {}

  get url(): string {
    return this.backend.url;
  }

  async listObjects(): Promise<Set<string>> {
    let keys: Set<string>;
    try {
      keys = await this.backend.listKeys();
    } catch (err) {
      throw new DataError(isDataError(err) ? err.code : 'TRANSFER_FAILED', `cannot list the remote ${this.backend.url}: ${errorText(err)}`);
    }
    return new Set([...keys].filter(isObjectKey));
  }

  putObjects(items: ObjectTransfer[], context: TransferContext): Promise<TransferOutcome[]> {
    const settle = this.settler();
    return mapLimited(items, requestLimit(context), (item) =>
      settle(item.key, async () => {
        const size = statSync(item.localPath).size;
        await this.backend.put(item.key, { size, open: () => readVerified(item.localPath, item.key) });
      }),
    );
  }

  getObjects(items: ObjectTransfer[], context: TransferContext): Promise<TransferOutcome[]> {
    if (items.length > 0) mkdirSync(context.localTmpDir, { recursive: true });
    const settle = this.settler();
    return mapLimited(items, requestLimit(context), (item) =>
      settle(item.key, async () => {
        const body = await this.backend.get(item.key);
        await receiveVerified(body, item.key, item.localPath, context.localTmpDir, this.backend.url);
      }),
    );
  }

  /**
   * Runs one transfer and turns its failure into an outcome. Once the store is unreachable
   * (the client's retries are spent), the remaining objects fail at once instead of each
   * waiting out its own retries.
   */
  private settler(): (key: string, work: () => Promise<void>) => Promise<TransferOutcome> {
    let unreachable: string | undefined;
    return async (key, work) => {
      if (unreachable !== undefined) return failed(key, new DataError('TRANSFER_FAILED', `object ${key}: not tried, ${unreachable}`));
      try {
        await work();
        return { key, ok: true };
      } catch (err) {
        if (this.backend.isUnreachable(err)) unreachable ??= `${this.backend.url} is unreachable (${errorText(err)}); run the command again to finish`;
        return failed(key, err);
      }
    };
  }
}

function requestLimit(context: TransferContext): number {
  return Math.min(MAX_REQUESTS, Math.max(1, context.jobs) * REQUESTS_PER_JOB);
}

function failed(key: string, err: unknown): TransferOutcome {
  return { key, ok: false, error: transferError(key, err) };
}

function transferError(key: string, err: unknown): DataErrorInfo {
  if (isDataError(err)) return err.toInfo();
  return new DataError('TRANSFER_FAILED', `object ${key}: ${errorText(err)}; run the command again to finish`).toInfo();
}

/** The error's message without closing punctuation, so it can be followed by advice. */
function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/[.;\s]+$/, '');
}
