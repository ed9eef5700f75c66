import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
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

describe('writeHashed', () => {
  const MiB = 1024 * 1024;
  for (const size of [0, 1, MiB - 1, MiB, 2 * MiB + 1, 9 * MiB + 7]) {
    it(`writes and hashes ${size} bytes in odd-sized chunks`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'strata-hashed-'));
      try {
        const data = randomBytes(size);
        const handle = await open(join(dir, 'out'), 'w');
        const result = await writeHashed(chunked(data, [1, 65_536, 3 * MiB + 5, 17]), handle).finally(() => handle.close());
        assert.equal(result.size, size);
        assert.equal(result.sha256, createHash('sha256').update(data).digest('hex'));
        assert.ok((await readFile(join(dir, 'out'))).equals(data));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('writes more chunks than one writev takes (IOV_MAX 1024) in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-hashed-'));
    try {
      const data = randomBytes(3000 * 7 + 3 * MiB);
      const handle = await open(join(dir, 'out'), 'w');
      const result = await writeHashed(chunked(data, [7]), handle).finally(() => handle.close());
      assert.equal(result.sha256, createHash('sha256').update(data).digest('hex'));
      assert.ok((await readFile(join(dir, 'out'))).equals(data));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects with the write error when the file cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-hashed-'));
    try {
      await writeFile(join(dir, 'out'), '');
      const handle = await open(join(dir, 'out'), 'r');
      await assert.rejects(writeHashed(chunked(randomBytes(4 * MiB), [65_536]), handle).finally(() => handle.close()), { code: 'EBADF' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects, with no write left in flight, when the body fails midway', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-hashed-'));
    try {
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield randomBytes(5 * MiB);
        throw new Error('client went away');
      }
      const handle = await open(join(dir, 'out'), 'w');
      await assert.rejects(writeHashed(failing(), handle).finally(() => handle.close()), /client went away/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
