/** Progress of a transfer of one or many files, reported as bytes move. */
export interface TransferProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface TransferOptions {
  /** Files (or multipart parts) in flight at once; default 16, at most MAX_SOCKETS. */
  concurrency?: number;
  onProgress?: (progress: TransferProgress) => void;
}

export interface UploadOptions extends TransferOptions {
  /**
   * Files at least this large go up as a multipart upload with parts sent in parallel
   * (`mpu/create|complete`); smaller ones as one streamed PUT. Default: never (a single
   * PUT already streams at disk speed, and a local store would copy the parts once more).
   */
  multipartThresholdBytes?: number;
  /** Part size for multipart uploads; default 64 MiB (S3 needs ≥ 5 MiB, except the last). */
  multipartPartBytes?: number;
}

/** Counts bytes and files and reports them, at most every `intervalMs`, plus once at the end. */
export class ProgressCounter {
  private readonly progress: TransferProgress;
  private lastReport = 0;

  constructor(
    bytesTotal: number,
    filesTotal: number,
    private readonly report: ((progress: TransferProgress) => void) | undefined,
    private readonly intervalMs = 100,
  ) {
    this.progress = { bytesDone: 0, bytesTotal, filesDone: 0, filesTotal };
  }

  /** A file whose size was unknown when the transfer began (a download of one file by path) turned out to be `n` bytes. */
  addToTotal(n: number): void {
    this.progress.bytesTotal += n;
  }

  addBytes(n: number): void {
    this.progress.bytesDone += n;
    this.maybeReport();
  }

  addFile(): void {
    this.progress.filesDone++;
    this.maybeReport(this.progress.filesDone === this.progress.filesTotal);
  }

  private maybeReport(force = false): void {
    if (!this.report) return;
    const now = Date.now();
    if (!force && now - this.lastReport < this.intervalMs) return;
    this.lastReport = now;
    this.report({ ...this.progress });
  }
}
