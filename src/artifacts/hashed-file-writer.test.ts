import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { writeHashed } from './hashed-file-writer.js';

async function* chunked(data: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield data.subarray(offset, offset + n);
    offset += n;
  }
}

/** Runs `fn` with a file `out` in a fresh temp folder, opened with `flags`; cleans up after. */
async function withOutFile<T>(flags: 'w' | 'r', fn: (handle: FileHandle, path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-hashed-'));
  try {
    const path = join(dir, 'out');
    if (flags === 'r') await writeFile(path, '');
    const handle = await open(path, flags);
    try {
      return await fn(handle, path);
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes `data` in chunks of `sizes` (cycled) and checks size, hash and the bytes on disk. */
function writesExactly(data: Buffer, sizes: number[]): Promise<void> {
  return withOutFile('w', async (handle, path) => {
    const result = await writeHashed(chunked(data, sizes), handle);
    assert.equal(result.size, data.length);
    assert.equal(result.sha256, createHash('sha256').update(data).digest('hex'));
    assert.ok((await readFile(path)).equals(data));
  });
}

describe('writeHashed', () => {
  const MiB = 1024 * 1024;
  for (const size of [0, 1, MiB - 1, MiB, 2 * MiB + 1, 9 * MiB + 7]) {
    it(`writes and hashes ${size} bytes in odd-sized chunks`, () => writesExactly(randomBytes(size), [1, 65_536, 3 * MiB + 5, 17]));
  }

  it('writes more chunks than one writev takes (IOV_MAX 1024) in order', () => writesExactly(randomBytes(3000 * 7 + 3 * MiB), [7]));

  it('rejects with the write error when the file cannot be written', () =>
    withOutFile('r', (handle) => assert.rejects(writeHashed(chunked(randomBytes(4 * MiB), [65_536]), handle), { code: 'EBADF' })));

  it('rejects, with no write left in flight, when the body fails midway', () =>
    withOutFile('w', async (handle) => {
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield randomBytes(5 * MiB);
        throw new Error('client went away');
      }
      await assert.rejects(writeHashed(failing(), handle), /client went away/);
    }));
});
