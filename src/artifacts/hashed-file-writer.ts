/**
 * Writes a byte stream to an open file and computes its SHA-256 on the way, in as few
 * syscalls and event-loop turns as possible: the upload's hot path.
 *
 * - Small bodies (under SMALL_BODY_BYTES) are held, written with one `writev` and hashed
 *   inline: a worker round trip would cost more than it saves.
 * - Larger ones are copied into a fixed ring of SLOTS × SLOT_BYTES shared memory. A full
 *   slot is written with one write (libuv's thread pool, one at a time) while a worker
 *   thread hashes the same memory; the slot is reused once both are done. The
 *   event loop only copies bytes in, so it is free to read the socket, and memory stays at
 *   one ring per upload whatever the size.
 *
 * Also used by the SDK's Node half (src/client/node) for downloads.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { regionHasher, type RegionHasher } from './sha256-workers.js';

export const SMALL_BODY_BYTES = 1024 * 1024;
const SLOT_BYTES = 2 * 1024 * 1024;
const SLOTS = 4;
/** writev accepts at most IOV_MAX (1024) buffers; more are written in further calls. */
const MAX_IOV = 1024;

export interface HashedWrite {
  size: number;
  sha256: string;
}

/**
 * Streams `body` into `handle` from position 0. On failure, rejects only once no write is
 * still in flight, so the caller may close and remove the file at once.
 */
export async function writeHashed(body: AsyncIterable<Uint8Array>, handle: FileHandle): Promise<HashedWrite> {
  const iterator = body[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let ring: Ring | undefined;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const chunk = next.value;
      if (ring) {
        const wait = ring.push(chunk);
        if (wait) await wait;
        continue;
      }
      held.push(chunk);
      heldBytes += chunk.byteLength;
      if (heldBytes >= SMALL_BODY_BYTES) {
        ring = new Ring(handle);
        for (const c of held.splice(0)) {
          const wait = ring.push(c);
          if (wait) await wait;
        }
      }
    }
  } catch (error) {
    await ring?.abandon();
    await iterator.return?.();
    throw error;
  }
  if (ring) return ring.finish();
  await writevAll(handle, held, 0);
  const hash = createHash('sha256');
  for (const chunk of held) hash.update(chunk);
  return { size: heldBytes, sha256: hash.digest('hex') };
}

class Ring {
  private readonly memory = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  private readonly view = Buffer.from(this.memory);
  private readonly hasher: RegionHasher = regionHasher(this.memory);
  /** Per slot: settles once its write and hash are done. */
  private readonly busy: (Promise<void> | undefined)[] = new Array<Promise<void> | undefined>(SLOTS);
  /** Writes go one at a time: concurrent writes to one file contend for its inode lock. */
  private lastWrite: Promise<void> = Promise.resolve();
  private slot = 0;
  private fill = 0;
  private position = 0;

  constructor(private readonly handle: FileHandle) {}

  /** Copies `chunk` in; a promise when a full slot had to wait for the next one to come free. */
  push(chunk: Uint8Array): Promise<void> | undefined {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const n = Math.min(SLOT_BYTES - this.fill, chunk.byteLength - offset);
      this.view.set(n === chunk.byteLength ? chunk : chunk.subarray(offset, offset + n), this.slot * SLOT_BYTES + this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === SLOT_BYTES) {
        const wait = this.flush();
        if (wait) {
          const rest = chunk.subarray(offset);
          return rest.byteLength === 0 ? wait : wait.then(() => this.push(rest));
        }
      }
    }
    return undefined;
  }

  async finish(): Promise<HashedWrite> {
    try {
      const wait = this.flush();
      if (wait) await wait;
      await Promise.all(this.busy);
    } catch (error) {
      await this.abandon();
      throw error;
    }
    return { size: this.position, sha256: await this.hasher.digest() };
  }

  async abandon(): Promise<void> {
    await Promise.allSettled(this.busy);
    this.hasher.abandon();
  }

  /** Starts writing and hashing the current slot; returns the wait for the next slot, if busy. */
  private flush(): Promise<void> | undefined {
    if (this.fill === 0) return undefined;
    const start = this.slot * SLOT_BYTES;
    const length = this.fill;
    const position = this.position;
    const write = this.lastWrite.then(() => writeAll(this.handle, this.view.subarray(start, start + length), position));
    this.lastWrite = write;
    const done = Promise.all([write, this.hasher.hash(start, length)]).then(() => undefined);
    done.catch(() => undefined); // observed through `busy`; never an unhandled rejection
    this.busy[this.slot] = done;
    this.position += length;
    this.slot = (this.slot + 1) % SLOTS;
    this.fill = 0;
    const next = this.busy[this.slot];
    this.busy[this.slot] = undefined;
    return next;
  }
}

async function writeAll(handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.byteLength) {
    const { bytesWritten } = await handle.write(data, done, data.byteLength - done, position + done);
    done += bytesWritten;
  }
}

async function writevAll(handle: FileHandle, chunks: Uint8Array[], position: number): Promise<void> {
  let pending = chunks.filter((c) => c.byteLength > 0);
  while (pending.length > 0) {
    const batch = pending.slice(0, MAX_IOV);
    let { bytesWritten } = await handle.writev(batch, position);
    position += bytesWritten;
    // Drop what was written; a short write leaves the tail of one buffer.
    let i = 0;
    while (i < batch.length && bytesWritten >= batch[i]!.byteLength) bytesWritten -= batch[i++]!.byteLength;
    const rest = pending.slice(i);
    if (bytesWritten > 0) rest[0] = rest[0]!.subarray(bytesWritten);
    pending = rest;
  }
}
