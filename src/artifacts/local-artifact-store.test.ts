import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, rm, symlink, utimes, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chunked, collect, runArtifactStoreContract } from './artifact-store.contract.js';
import { INTERNAL_DIR, LocalArtifactStore } from './local-artifact-store.js';
import { isStrataError } from '../core/errors.js';

async function leftoversUnder(root: string): Promise<string[]> {
  const tmp = await readdir(join(root, INTERNAL_DIR, 'tmp')).catch(() => []);
  const mpu = await readdir(join(root, INTERNAL_DIR, 'mpu')).catch(() => []);
  return [...tmp.map((n) => `tmp/${n}`), ...mpu.map((n) => `mpu/${n}`)];
}

runArtifactStoreContract('local disk', async () => {
  const root = await mkdtemp(join(tmpdir(), 'strata-local-artifacts-'));
  const store = await LocalArtifactStore.open({ root });
  return {
    store,
    leftovers: () => leftoversUnder(store.root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

runArtifactStoreContract('local disk with fsync', async () => {
  const root = await mkdtemp(join(tmpdir(), 'strata-local-artifacts-fsync-'));
  const store = await LocalArtifactStore.open({ root, fsync: true });
  return {
    store,
    leftovers: () => leftoversUnder(store.root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

const refused = (error: unknown) => isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE';

describe('LocalArtifactStore', () => {
  let base: string;
  let root: string;
  let outside: string;
  let store: LocalArtifactStore;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'strata-local-only-'));
    root = join(base, 'artifacts');
    outside = join(base, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'secret');
    store = await LocalArtifactStore.open({ root });
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('creates a missing root', async () => {
    const nested = join(base, 'a', 'b', 'c');
    await LocalArtifactStore.open({ root: nested });
    assert.deepEqual(await readdir(nested), [INTERNAL_DIR]);
  });

  it('lays artifacts out as plain files under the root', async () => {
    await store.put('run1/model/w.bin', chunked(Buffer.from('weights'), 3));
    assert.deepEqual(await readdir(join(root, 'run1', 'model')), ['w.bin']);
  });

  it('refuses reads, writes and listings through a directory symlink leading outside', async () => {
    await symlink(outside, join(root, 'escape-dir'));
    await assert.rejects(store.get('escape-dir/secret.txt'), refused);
    await assert.rejects(store.put('escape-dir/planted.txt', chunked(Buffer.from('x'), 1)), refused);
    await assert.rejects(store.list('escape-dir'), refused);
    await assert.rejects(store.stat('escape-dir/secret.txt'), refused);
    await assert.rejects(store.createMultipartUpload('escape-dir/big.bin'), refused);
    assert.deepEqual(await readdir(outside), ['secret.txt']);
  });

  it('refuses a file symlink leading outside and leaves it out of listings', async () => {
    await mkdir(join(root, 'links'));
    await symlink(join(outside, 'secret.txt'), join(root, 'links', 'secret.txt'));
    await assert.rejects(store.get('links/secret.txt'), refused);
    assert.deepEqual(await store.list('links'), []);
  });

  it('refuses writes through a dangling symlink', async () => {
    await symlink(join(outside, 'not-yet'), join(root, 'dangling'));
    await assert.rejects(store.put('dangling/x.txt', chunked(Buffer.from('x'), 1)), refused);
    assert.deepEqual(await readdir(outside), ['secret.txt']);
  });

  it('follows symlinks that stay inside the root', async () => {
    await store.put('real/data.txt', chunked(Buffer.from('inside'), 6));
    await symlink(join(root, 'real'), join(root, 'alias'));
    assert.equal((await collect((await store.get('alias/data.txt')).stream)).toString(), 'inside');
    assert.deepEqual(await store.list('alias'), [{ path: 'alias/data.txt', isDir: false, fileSize: 6 }]);
  });

  it('deletes a symlink itself, never its target', async () => {
    await symlink(outside, join(root, 'to-delete'));
    await store.delete('to-delete');
    assert.deepEqual(await readdir(outside), ['secret.txt']);
  });

  it(`reserves '${INTERNAL_DIR}' at the root`, async () => {
    await assert.rejects(store.get(`${INTERNAL_DIR}/tmp/x`), refused);
    await assert.rejects(store.put(`${INTERNAL_DIR}/meta/x`, chunked(Buffer.from('x'), 1)), refused);
    await assert.rejects(store.delete(INTERNAL_DIR), refused);
    await store.put(`nested/${INTERNAL_DIR}/ok.txt`, chunked(Buffer.from('x'), 1));
  });

  it('reports no hash for a file changed behind its back, rather than a wrong one', async () => {
    await store.put('tamper/f.txt', chunked(Buffer.from('original'), 8));
    await appendFile(join(root, 'tamper', 'f.txt'), '!');
    const content = await store.get('tamper/f.txt');
    assert.equal(content.sha256, undefined);
    assert.equal((await collect(content.stream)).toString(), 'original!');
  });

  it('serves files it did not write, without a hash', async () => {
    await mkdir(join(root, 'external'));
    await writeFile(join(root, 'external', 'MLmodel'), 'flavors: {}');
    const content = await store.get('external/MLmodel');
    assert.equal(content.sha256, undefined);
    assert.equal(content.contentType, 'text/plain');
    assert.equal((await collect(content.stream)).toString(), 'flavors: {}');
  });

  it('refuses a file where a directory is needed, and a directory where a file is', async () => {
    await store.put('conflict/file', chunked(Buffer.from('x'), 1));
    await assert.rejects(store.put('conflict/file/child', chunked(Buffer.from('x'), 1)), refused);
    await assert.rejects(store.put('conflict', chunked(Buffer.from('x'), 1)), refused);
    assert.deepEqual(await leftoversUnder(store.root), []);
  });

  it('answers a multipart part that meets a full disk as put does, leaving no temporary file', async () => {
    // The write fails as a full disk makes it fail: an error with the errno code ENOSPC.
    async function* fillsTheDisk() {
      yield Buffer.from('first bytes');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    const { uploadId } = await store.createMultipartUpload('mpu/full.bin');
    await assert.rejects(store.uploadPart('mpu/full.bin', uploadId, 1, fillsTheDisk()), (error: unknown) => {
      assert.ok(isStrataError(error), String(error));
      assert.equal(error.code, 'INTERNAL_ERROR');
      assert.match(error.message, /storage is full; 'mpu\/full.bin' was not written/);
      return true;
    });
    assert.deepEqual(await leftoversUnder(store.root), [`mpu/${uploadId}`]);
    await store.abortMultipartUpload('mpu/full.bin', uploadId);
  });

  it('removes stale temporary files and uploads', async () => {
    const stale = join(root, INTERNAL_DIR, 'tmp', 'left-by-a-crash');
    await writeFile(stale, 'partial');
    const old = new Date(Date.now() - 2 * 86_400_000);
    await utimes(stale, old, old);
    const { uploadId } = await store.createMultipartUpload('mpu/pending.bin');
    assert.equal(await store.removeStaleTemporaryFiles(86_400_000), 1);
    assert.deepEqual(await leftoversUnder(store.root), [`mpu/${uploadId}`]);
    await store.abortMultipartUpload('mpu/pending.bin', uploadId);
  });

  it('streams 256 MiB up and down in far less memory than the file', async () => {
    // RSS is noisy (buffers await GC), so the bound is loose; holding the file would need 256 MiB more.
    const chunk = randomBytes(1024 * 1024);
    async function* source() {
      for (let i = 0; i < 256; i++) yield chunk;
    }
    const before = process.memoryUsage().rss;
    const result = await store.put('big/256mib.bin', source());
    let read = 0;
    for await (const piece of (await store.get('big/256mib.bin')).stream) read += piece.byteLength;
    const growth = process.memoryUsage().rss - before;
    assert.equal(result.size, 256 * 1024 * 1024);
    assert.equal(read, result.size);
    assert.ok(growth < 128 * 1024 * 1024, `RSS grew by ${(growth / 1048576).toFixed(1)} MiB`);
    await store.delete('big');
  });
});
