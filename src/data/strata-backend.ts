/**
 * `strata://host:port` remotes (`strata+https://host` over TLS): objects in the server's
 * artifact store under STRATA_REMOTE_ROOT/<aa>/<rest>, moved through the proxied artifact
 * API by a StrataRemoteApi (the port the SDK implements; the caller hands it in). The listing
 * is one request for the root and one per fan-out folder, in parallel. The server stores an
 * upload under its name only once the whole body arrived and answers with its SHA-256, which
 * is checked against the bytes sent.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataError } from './data-error.js';
import { mapLimited } from './map-limited.js';
import type { ObjectBackend, UploadSource } from './object-backend.js';
import { objectRelPath } from './object-key.js';
import { STRATA_REMOTE_ROOT } from './remote-url.js';
import type { StrataRemoteApi } from './strata-remote-api.js';

/** Bodies up to this size are read whole and sent in one write. */
const SMALL_OBJECT_BYTES = 1 << 20;
const FANOUT_DIR = /^[0-9a-f]{2}$/;

export class StrataBackend implements ObjectBackend {
  constructor(
    readonly url: string,
    private readonly api: StrataRemoteApi,
  ) {}

  async listKeys(): Promise<Set<string>> {
    const dirs = (await this.api.list(STRATA_REMOTE_ROOT)).filter((e) => e.isDir && FANOUT_DIR.test(e.name));
    const listings = await mapLimited(dirs, this.api.maxConcurrency, (dir) => this.api.list(`${STRATA_REMOTE_ROOT}/${dir.name}`));
    const keys = new Set<string>();
    listings.forEach((entries, i) => {
      for (const entry of entries) if (!entry.isDir) keys.add(`${dirs[i]?.name}${entry.name}`);
    });
    return keys;
  }

  async put(key: string, source: UploadSource): Promise<void> {
    const path = storePath(key);
    let sent = createHash('sha256');
    let corruption: unknown;
    const body =
      source.size <= SMALL_OBJECT_BYTES
        ? await collect(source.open(), sent)
        : () => {
            sent = createHash('sha256');
            return Readable.from(tap(source.open(), sent, (err) => (corruption = err)));
          };
    let stored: string | undefined;
    try {
      stored = await this.api.put(path, { size: source.size, body });
    } catch (err) {
      throw corruption ?? err;
    }
    const expected = sent.digest('hex');
    if (stored !== undefined && stored !== expected) {
      await this.api.delete(path).catch(() => undefined);
      throw new DataError('TRANSFER_FAILED', `object ${key} arrived at ${this.url} with SHA-256 ${stored}, sent ${expected}; removed it, push again`);
    }
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      return await this.api.get(storePath(key));
    } catch (err) {
      if (this.api.isNotFound(err)) throw new DataError('OBJECT_MISSING', `object ${key} is not on the remote ${this.url}`);
      throw err;
    }
  }

  isUnreachable(err: unknown): boolean {
    return this.api.isUnreachable(err);
  }
}

function storePath(key: string): string {
  return `${STRATA_REMOTE_ROOT}/${objectRelPath(key)}`;
}

async function collect(source: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  hash.update(bytes);
  return bytes;
}

async function* tap(source: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>, onError: (err: unknown) => void): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  } catch (err) {
    onError(err);
    throw err;
  }
}
