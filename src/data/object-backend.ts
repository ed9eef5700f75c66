/**
 * What a network remote needs from its storage: a listing and streamed single-object
 * reads and writes. `BackendRemote` adds everything else (parallel transfers, BLAKE3
 * verification, temp files), so S3 and the Strata server differ only in these methods.
 */
export interface UploadSource {
  size: number;
  /**
   * A fresh stream of the object's bytes for each attempt. It fails instead of ending if
   * the bytes do not hash to the key, before handing over the last chunk, so a store that
   * commits only complete bodies stores nothing.
   */
  open(): AsyncIterable<Uint8Array>;
}

export interface ObjectBackend {
  /** `s3://bucket/prefix`, `strata://host:port`: for messages. */
  readonly url: string;
  /** Every key under the remote's root, in as few requests as the store allows. */
  listKeys(): Promise<Set<string>>;
  /** Stores an object; it must become visible only once the whole body has arrived. */
  put(key: string, source: UploadSource): Promise<void>;
  /** The object's bytes; rejects with OBJECT_MISSING if it is not there. */
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** True for a failure that means the store cannot be reached (after retries): the rest is not tried. */
  isUnreachable(err: unknown): boolean;
}
