/**
 * Bytes in and out of the cache, hashed with BLAKE3 as they pass: an upload's stream
 * fails before its last chunk if the local object is corrupted, and a download lands in a
 * temp file that is renamed into the cache only if it hashes to its key.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Blake3Hasher } from '@napi-rs/blake-hash';
import { DataError } from './data-error.js';
import { commitObject, tmpPath } from './file-ops.js';
import { keyHash } from './object-key.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Streams a cache object, holding back one chunk so that a mismatch is thrown before the
 * consumer has the whole body (S3 and the server then discard the upload).
 */
export async function* readVerified(localPath: string, key: string): AsyncGenerator<Uint8Array> {
  const hasher = new Blake3Hasher();
  let held: Buffer | undefined;
  for await (const chunk of createReadStream(localPath, { highWaterMark: CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    hasher.update(bytes);
    if (held) yield held;
    held = bytes;
  }
  const hash = hasher.digest('hex');
  if (hash !== keyHash(key)) {
    throw new DataError('CORRUPTED_OBJECT', `cache object ${key} is corrupted (content hash ${hash}); not sent. Run \`strata data verify --remove\`, then add or pull it again`);
  }
  if (held) yield held;
}

/** Writes a remote object into the cache at `dst` if, and only if, its bytes hash to `key`. */
export async function receiveVerified(source: AsyncIterable<Uint8Array>, key: string, dst: string, tmpDir: string, from: string): Promise<void> {
  const tmp = tmpPath(tmpDir);
  const hasher = new Blake3Hasher();
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      hasher.update(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      yield chunk;
    }
  }
  try {
    await pipeline(hashed(), createWriteStream(tmp, { mode: 0o444, highWaterMark: CHUNK_BYTES }));
    const hash = hasher.digest('hex');
    if (hash !== keyHash(key)) {
      throw new DataError('CORRUPTED_OBJECT', `object ${key} on ${from} is corrupted (content hash ${hash}); not used. Push it again from a clone that has it`);
    }
    commitObject(tmp, dst, false);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
