/**
 * Writes a byte stream to an open file and computes its SHA-256 on the way: the local
 * upload hot path, and the SDK's download path (src/client/node).
 *
 * Each chunk is hashed as it arrives, while it is still in the CPU cache, and the chunks
 * themselves are written in batches (ChunkFileWriter), with no copy in between. An
 * earlier design copied every chunk into a shared-memory ring and hashed it on a worker
 * thread; on the 2-core VM this project is measured on, that cost ~2 s more kernel time
 * per GiB downloaded (the page-cache copy then reads memory no longer in cache), a worker
 * thread (~10 MiB) and an 8 MiB ring per transfer, for a hash that costs ~0.6 s of CPU per
 * GiB either way. Memory stays at two batches per transfer whatever the file's size.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { ChunkFileWriter } from './chunk-file-writer.js';

export interface HashedWrite {
  size: number;
  sha256: string;
}

/**
 * Streams `body` into `handle` from position 0. Chunks must not be changed once yielded
 * (true of socket and file streams): they are written as they are. On failure, rejects
 * only once no write is still in flight, so the caller may close and remove the file at once.
 */
export async function writeHashed(body: AsyncIterable<Uint8Array>, handle: FileHandle): Promise<HashedWrite> {
  const hash = createHash('sha256');
  const writer = new ChunkFileWriter(handle);
  const iterator = body[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      hash.update(next.value);
      const wait = writer.push(next.value);
      if (wait) await wait;
    }
    await writer.finish();
  } catch (error) {
    await writer.settle();
    await iterator.return?.();
    throw error;
  }
  return { size: writer.position, sha256: hash.digest('hex') };
}
