import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ByteStream, UploadedPart } from '../core/ports/artifact-store.js';
import { invalidParameter, notFound } from '../core/errors.js';
import { assertCompletableParts, assertPartNumber } from './multipart-parts.js';
import { writeHashed } from './hashed-file-writer.js';
import { removeOlderThan } from './remove-older-than.js';

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PART_ETAG = /^[0-9a-f]{64}$/;
const PART_READ_BYTES = 1024 * 1024;

interface UploadRecord {
  path: string;
  contentType?: string;
}

export interface OpenedUpload {
  contentType?: string;
  /** The parts' bytes in order, streamed from their files. */
  concatenate(): ByteStream;
}

/**
 * Multipart uploads on local disk: one directory per upload under `<root>/.strata/mpu/`,
 * holding `upload.json` (target path) and one file per part named `<number>.<sha256>`.
 * Naming parts by their hash makes the etag self-checking: completing with a stale etag
 * finds no file. Upload ids and etags are checked against strict patterns before they
 * are used in a path, since both come from the client.
 */
export class LocalMultipartUploads {
  constructor(
    private readonly mpuDir: string,
    private readonly tmpDir: string,
  ) {}

  async create(path: string, contentType: string | undefined): Promise<string> {
    const uploadId = randomUUID();
    await mkdir(this.dirOf(uploadId), { recursive: true });
    const record: UploadRecord = { path, contentType };
    await writeFile(join(this.dirOf(uploadId), 'upload.json'), JSON.stringify(record));
    return uploadId;
  }

  async writePart(path: string, uploadId: string, partNumber: number, body: ByteStream): Promise<UploadedPart> {
    assertPartNumber(partNumber);
    await this.record(path, uploadId);
    const tmp = join(this.tmpDir, randomUUID());
    try {
      const handle = await open(tmp, 'w');
      let etag: string;
      try {
        etag = (await writeHashed(body, handle)).sha256;
      } finally {
        await handle.close();
      }
      await rename(tmp, this.partFile(uploadId, { partNumber, etag }));
      return { partNumber, etag };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async open(path: string, uploadId: string, parts: UploadedPart[]): Promise<OpenedUpload> {
    assertCompletableParts(parts);
    const record = await this.record(path, uploadId);
    const files = parts.map((part) => this.partFile(uploadId, part));
    for (const [i, file] of files.entries()) {
      await stat(file).catch(() => {
        throw invalidParameter(`Part ${parts[i]?.partNumber} of upload '${uploadId}' was not uploaded with that etag.`);
      });
    }
    return { contentType: record.contentType, concatenate: () => concatenate(files) };
  }

  async discard(uploadId: string): Promise<void> {
    await rm(this.dirOf(uploadId), { recursive: true, force: true });
  }

  async abort(path: string, uploadId: string): Promise<void> {
    if (!UPLOAD_ID.test(uploadId)) return;
    const record = await this.findRecord(uploadId);
    if (record && record.path !== path) throw pathMismatch(uploadId);
    await this.discard(uploadId);
  }

  removeOlderThan(cutoffMs: number): Promise<number> {
    return removeOlderThan(this.mpuDir, cutoffMs);
  }

  private async record(path: string, uploadId: string): Promise<UploadRecord> {
    const record = UPLOAD_ID.test(uploadId) ? await this.findRecord(uploadId) : undefined;
    if (!record) throw notFound(`No multipart upload '${uploadId}'.`);
    if (record.path !== path) throw pathMismatch(uploadId);
    return record;
  }

  private async findRecord(uploadId: string): Promise<UploadRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dirOf(uploadId), 'upload.json'), 'utf8')) as UploadRecord;
    } catch {
      return undefined;
    }
  }

  private partFile(uploadId: string, part: UploadedPart): string {
    if (!PART_ETAG.test(part.etag)) throw invalidParameter(`Invalid etag for part ${part.partNumber}.`);
    return join(this.dirOf(uploadId), `${part.partNumber}.${part.etag}`);
  }

  private dirOf(uploadId: string): string {
    return join(this.mpuDir, uploadId);
  }
}

function pathMismatch(uploadId: string) {
  return invalidParameter(`Multipart upload '${uploadId}' belongs to a different artifact path.`);
}

async function* concatenate(files: string[]): AsyncGenerator<Uint8Array> {
  for (const file of files) yield* createReadStream(file, { highWaterMark: PART_READ_BYTES });
}
