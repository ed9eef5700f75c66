/**
 * The behaviour every ArtifactStore must show, run by each implementation's test file.
 * Fixtures expose `leftovers()` so the suite can check that failed or aborted uploads
 * leave no temporary data behind (temp files locally, pending multipart uploads on S3).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ArtifactStore, ByteStream } from '../core/ports/artifact-store.js';
import { isStrataError } from '../core/errors.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';

export interface ArtifactStoreFixture {
  store: ArtifactStore;
  /** Temporary data still held (temp files, unfinished multipart uploads); must be empty when idle. */
  leftovers(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /** When set, the suite is skipped and this reason printed. */
  skip?: string;
  /** Size above which the store switches to multipart (S3); the suite crosses it to test both paths. */
  largeUploadBytes?: number;
}

const MiB = 1024 * 1024;

/** Paths each store must refuse with 400, whatever the operation. */
export const UNSAFE_PATHS = [
  '../escape.txt',
  'a/../../escape.txt',
  '/etc/passwd',
  'a\0b.txt',
  'a\\b.txt',
  '%2e%2e%2fescape.txt',
  '%252e%252e%252fescape.txt',
  'a//..//..//escape.txt',
  'C:/Windows/win.ini',
];

export function runArtifactStoreContract(
  name: string,
  makeFixture: () => Promise<ArtifactStoreFixture>,
  options: ContractOptions = {},
): void {
  describeOrSkip(`ArtifactStore contract: ${name}`, options.skip, () => {
    let fixture: ArtifactStoreFixture;
    let store: ArtifactStore;
    const large = options.largeUploadBytes ?? 8 * MiB;

    before(async () => {
      fixture = await makeFixture();
      store = fixture.store;
    });
    after(async () => {
      await fixture?.cleanup();
    });

    const assertNoLeftovers = async () => assert.deepEqual(await fixture.leftovers(), []);

    it('round-trips bytes with their SHA-256 and size', async () => {
      const data = randomBytes(3 * MiB + 17);
      const result = await store.put('rt/data.bin', chunked(data, 64 * 1024));
      assert.deepEqual(result, { size: data.length, sha256: sha256(data) });
      const content = await store.get('rt/data.bin');
      assert.equal(content.size, data.length);
      assert.equal(content.sha256, sha256(data));
      assert.equal(content.contentType, 'application/octet-stream');
      assert.ok((await collect(content.stream)).equals(data));
      assert.deepEqual(await store.stat('rt/data.bin'), { path: 'rt/data.bin', isDir: false, size: data.length, sha256: sha256(data) });
    });

    it('round-trips an empty file', async () => {
      assert.deepEqual(await store.put('rt/empty.txt', chunked(Buffer.alloc(0), 1)), { size: 0, sha256: sha256(Buffer.alloc(0)) });
      const content = await store.get('rt/empty.txt');
      assert.equal(content.size, 0);
      assert.equal((await collect(content.stream)).length, 0);
    });

    it('round-trips a file large enough for multipart, with its hash', async () => {
      const data = randomBytes(large + 3 * MiB);
      assert.deepEqual(await store.put('rt/large.bin', chunked(data, MiB)), { size: data.length, sha256: sha256(data) });
      const content = await store.get('rt/large.bin');
      assert.equal(content.sha256, sha256(data));
      assert.ok((await collect(content.stream)).equals(data));
      await assertNoLeftovers();
    });

    it('normalises equivalent spellings of a path to one artifact', async () => {
      await store.put('./norm//a/./b.txt', chunked(Buffer.from('x'), 1));
      assert.equal((await store.stat('norm/a/b.txt'))?.size, 1);
    });

    it('reports the content type given at upload, or one guessed from the extension', async () => {
      await store.put('ct/report.bin', chunked(Buffer.from('{}'), 2), { contentType: 'application/x-custom' });
      assert.equal((await drain(store.get('ct/report.bin'))).contentType, 'application/x-custom');
      await store.put('ct/metrics.json', chunked(Buffer.from('{}'), 2));
      assert.equal((await drain(store.get('ct/metrics.json'))).contentType, 'text/plain');
    });

    it('refuses an upload whose hash differs from the expected one, leaving nothing', async () => {
      await assert.rejects(
        store.put('hash/x.bin', chunked(Buffer.from('abc'), 1), { expectedSha256: sha256(Buffer.from('abd')) }),
        isCode('INVALID_PARAMETER_VALUE'),
      );
      assert.equal(await store.stat('hash/x.bin'), undefined);
      await assertNoLeftovers();
    });

    it('replaces an artifact atomically: readers see the old version until the new one is complete', async () => {
      const v1 = randomBytes(MiB);
      const v2 = randomBytes(2 * MiB);
      await store.put('ow/model.bin', chunked(v1, 256 * 1024));
      const gate = gatedStream(v2, MiB);
      const upload = store.put('ow/model.bin', gate.stream);
      await gate.paused;
      const during = await store.get('ow/model.bin');
      assert.equal(during.sha256, sha256(v1));
      assert.ok((await collect(during.stream)).equals(v1));
      gate.release();
      assert.equal((await upload).sha256, sha256(v2));
      const afterwards = await store.get('ow/model.bin');
      assert.equal(afterwards.sha256, sha256(v2));
      assert.ok((await collect(afterwards.stream)).equals(v2));
    });

    it('leaves nothing visible and no temporary data when the upload stream fails', async () => {
      await assert.rejects(store.put('int/small.bin', failingStream(2 * MiB)), /client went away/);
      await assert.rejects(store.put('int/large.bin', failingStream(large + 2 * MiB)), /client went away/);
      assert.equal(await store.stat('int/small.bin'), undefined);
      assert.equal(await store.stat('int/large.bin'), undefined);
      assert.deepEqual(await store.list('int'), []);
      await assertNoLeftovers();
    });

    it('keeps the old version when a re-upload fails', async () => {
      const v1 = randomBytes(1000);
      await store.put('int/keep.bin', chunked(v1, 100));
      await assert.rejects(store.put('int/keep.bin', failingStream(large + MiB)), /client went away/);
      assert.ok((await collect((await store.get('int/keep.bin')).stream)).equals(v1));
      await assertNoLeftovers();
    });

    it('lists direct children with sizes, directories without', async () => {
      await store.put('ls/a/b.txt', chunked(Buffer.from('abc'), 1));
      await store.put('ls/a/c/d.bin', chunked(Buffer.from('12345'), 2));
      await store.put('ls/a/e', chunked(Buffer.alloc(0), 1));
      assert.deepEqual(await store.list('ls/a'), [
        { path: 'ls/a/b.txt', isDir: false, fileSize: 3 },
        { path: 'ls/a/c', isDir: true },
        { path: 'ls/a/e', isDir: false, fileSize: 0 },
      ]);
      assert.deepEqual(await store.list('ls/a/'), await store.list('ls/a'));
      assert.deepEqual(await store.list('ls'), [{ path: 'ls/a', isDir: true }]);
    });

    it('lists the root without internal entries', async () => {
      const root = await store.list('');
      assert.ok(root.some((e) => e.path === 'ls' && e.isDir));
      assert.ok(root.every((e) => !e.path.startsWith('.') && !e.path.includes('/')), JSON.stringify(root));
    });

    it('lists a missing path or a file as empty', async () => {
      assert.deepEqual(await store.list('no/such/dir'), []);
      await store.put('ls2/file.txt', chunked(Buffer.from('x'), 1));
      assert.deepEqual(await store.list('ls2/file.txt'), []);
    });

    it('stats files, directories, the root and missing paths', async () => {
      await store.put('st/dir/f.txt', chunked(Buffer.from('hello'), 2));
      assert.deepEqual(await store.stat('st/dir'), { path: 'st/dir', isDir: true });
      assert.equal((await store.stat('st/dir/f.txt'))?.size, 5);
      assert.deepEqual(await store.stat(''), { path: '', isDir: true });
      assert.equal(await store.stat('st/nope'), undefined);
    });

    it('answers 404 for a missing file or a directory', async () => {
      await assert.rejects(store.get('missing/file.bin'), isCode('RESOURCE_DOES_NOT_EXIST'));
      await store.put('g404/dir/f.txt', chunked(Buffer.from('x'), 1));
      await assert.rejects(store.get('g404/dir'), isCode('RESOURCE_DOES_NOT_EXIST'));
    });

    it('deletes a file, leaving its siblings', async () => {
      await store.put('del1/a.txt', chunked(Buffer.from('a'), 1));
      await store.put('del1/b.txt', chunked(Buffer.from('b'), 1));
      await store.delete('del1/a.txt');
      assert.deepEqual(await store.list('del1'), [{ path: 'del1/b.txt', isDir: false, fileSize: 1 }]);
    });

    it('deletes a directory recursively, but not a sibling sharing its name prefix', async () => {
      await store.put('del2/run/artifacts/model/w.bin', chunked(Buffer.from('w'), 1));
      await store.put('del2/run/artifacts/plot.png', chunked(Buffer.from('p'), 1));
      await store.put('del2/runner.txt', chunked(Buffer.from('r'), 1));
      await store.delete('del2/run');
      assert.deepEqual(await store.list('del2'), [{ path: 'del2/runner.txt', isDir: false, fileSize: 1 }]);
      assert.equal(await store.stat('del2/run/artifacts/plot.png'), undefined);
    });

    it('deletes missing paths quietly and refuses to delete the root', async () => {
      await store.delete('del3/never/existed');
      await assert.rejects(store.delete(''), isCode('INVALID_PARAMETER_VALUE'));
      await assert.rejects(store.delete('./'), isCode('INVALID_PARAMETER_VALUE'));
    });

    it('serves byte ranges, clamping the end and refusing a start past it with 416', async () => {
      const data = randomBytes(1000);
      await store.put('rng/data.bin', chunked(data, 333));
      const head = await store.get('rng/data.bin', { start: 0, end: 9 });
      assert.equal(head.size, 1000);
      assert.deepEqual(head.range, { start: 0, end: 9 });
      assert.equal(head.sha256, sha256(data));
      assert.ok((await collect(head.stream)).equals(data.subarray(0, 10)));
      const middle = await store.get('rng/data.bin', { start: 500, end: 599 });
      assert.ok((await collect(middle.stream)).equals(data.subarray(500, 600)));
      const tail = await store.get('rng/data.bin', { start: 990, end: 5000 });
      assert.deepEqual(tail.range, { start: 990, end: 999 });
      assert.ok((await collect(tail.stream)).equals(data.subarray(990)));
      await assert.rejects(store.get('rng/data.bin', { start: 1000, end: 1010 }), (e: unknown) => isStrataError(e) && e.status === 416);
    });

    it('assembles a multipart upload from parts sent in parallel and out of order', async () => {
      const sizes = [6 * MiB, 6 * MiB, 6 * MiB, 2 * MiB];
      const parts = sizes.map((size) => randomBytes(size));
      const whole = Buffer.concat(parts);
      const { uploadId } = await store.createMultipartUpload('mpu/model.bin');
      const uploaded = await Promise.all(
        parts
          .map((data, i) => ({ data, partNumber: i + 1 }))
          .reverse()
          .map(({ data, partNumber }) =>
            store.uploadPart('mpu/model.bin', uploadId, partNumber, chunked(data, MiB), { contentLength: data.length }),
          ),
      );
      assert.equal(await store.stat('mpu/model.bin'), undefined, 'nothing visible before complete');
      const ordered = uploaded.sort((a, b) => a.partNumber - b.partNumber);
      assert.deepEqual(await store.completeMultipartUpload('mpu/model.bin', uploadId, ordered), {
        size: whole.length,
        sha256: sha256(whole),
      });
      const content = await store.get('mpu/model.bin');
      assert.equal(content.sha256, sha256(whole));
      assert.ok((await collect(content.stream)).equals(whole));
      await assertNoLeftovers();
    });

    it('replaces a part uploaded twice with the same number', async () => {
      const { uploadId } = await store.createMultipartUpload('mpu/again.bin');
      await store.uploadPart('mpu/again.bin', uploadId, 1, chunked(Buffer.from('first'), 5));
      const second = await store.uploadPart('mpu/again.bin', uploadId, 1, chunked(Buffer.from('second'), 6));
      await store.completeMultipartUpload('mpu/again.bin', uploadId, [second]);
      assert.equal((await collect((await store.get('mpu/again.bin')).stream)).toString(), 'second');
      await assertNoLeftovers();
    });

    it('aborts a multipart upload, leaving nothing', async () => {
      const { uploadId } = await store.createMultipartUpload('mpu/aborted.bin');
      await store.uploadPart('mpu/aborted.bin', uploadId, 1, chunked(randomBytes(MiB), MiB));
      await store.abortMultipartUpload('mpu/aborted.bin', uploadId);
      assert.equal(await store.stat('mpu/aborted.bin'), undefined);
      await assertNoLeftovers();
    });

    it('refuses to complete with an unknown etag or no parts, and unknown uploads with 404', async () => {
      const { uploadId } = await store.createMultipartUpload('mpu/bad.bin');
      const part = await store.uploadPart('mpu/bad.bin', uploadId, 1, chunked(Buffer.from('data'), 4));
      await assert.rejects(
        store.completeMultipartUpload('mpu/bad.bin', uploadId, [{ partNumber: 1, etag: 'f'.repeat(64) }]),
        isCode('INVALID_PARAMETER_VALUE'),
      );
      await assert.rejects(store.completeMultipartUpload('mpu/bad.bin', uploadId, []), isCode('INVALID_PARAMETER_VALUE'));
      await assert.rejects(
        store.uploadPart('mpu/bad.bin', uploadId, 0, chunked(Buffer.from('x'), 1)),
        isCode('INVALID_PARAMETER_VALUE'),
      );
      await assert.rejects(
        store.uploadPart('mpu/bad.bin', 'no-such-upload', 1, chunked(Buffer.from('x'), 1)),
        isCode('RESOURCE_DOES_NOT_EXIST'),
      );
      await store.completeMultipartUpload('mpu/bad.bin', uploadId, [part]);
      await assertNoLeftovers();
    });

    for (const unsafe of UNSAFE_PATHS) {
      it(`refuses the unsafe path ${JSON.stringify(unsafe)} in every operation`, async () => {
        const refused = isCode('INVALID_PARAMETER_VALUE');
        await assert.rejects(store.put(unsafe, chunked(Buffer.from('x'), 1)), refused);
        await assert.rejects(store.get(unsafe), refused);
        await assert.rejects(store.stat(unsafe), refused);
        await assert.rejects(store.list(unsafe), refused);
        await assert.rejects(store.delete(unsafe), refused);
        await assert.rejects(store.createMultipartUpload(unsafe), refused);
      });
    }
  });
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function* chunked(data: Buffer, chunkBytes: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += chunkBytes) yield data.subarray(offset, offset + chunkBytes);
}

export async function collect(stream: ByteStream): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Yields `bytes` of data, then fails as a request body does when the client disconnects. */
export async function* failingStream(bytes: number): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < bytes; sent += MiB) yield randomBytes(Math.min(MiB, bytes - sent));
  throw new Error('client went away');
}

/** Yields the first `firstBytes`, then waits for `release()` before sending the rest. */
function gatedStream(data: Buffer, firstBytes: number) {
  let release!: () => void;
  let markPaused!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const paused = new Promise<void>((resolve) => (markPaused = resolve));
  async function* stream(): AsyncGenerator<Uint8Array> {
    yield data.subarray(0, firstBytes);
    markPaused();
    await gate;
    yield data.subarray(firstBytes);
  }
  return { stream: stream(), paused, release };
}

async function drain<T extends { stream: ByteStream }>(pending: Promise<T>): Promise<T> {
  const content = await pending;
  await collect(content.stream);
  return content;
}

function isCode(code: string) {
  return (error: unknown) => {
    assert.ok(isStrataError(error), `expected a StrataError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}
