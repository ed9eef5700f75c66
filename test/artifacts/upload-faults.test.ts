/**
 * Uploads that fail part-way leave nothing visible and no temporary data: a client that
 * hangs up mid-body, a full disk. Server-side failures answer with a clear 5xx body.
 * SQLite only: the artifact store is under test; the audit events
 * that artifact writes leave in the database are checked on both databases by
 * test/artifacts/artifact-audit.test.ts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CreateMultipartUploadResponse } from '../../src/api/mlflow-artifacts.js';
import { ARTIFACTS, put, startArtifactServer, uploadHalfThenHangUp, waitFor, type ArtifactTestServer } from './artifact-http.js';

describe('interrupted uploads', () => {
  let t: ArtifactTestServer;
  let destination: string;
  before(async () => {
    destination = await mkdtemp(join(tmpdir(), 'strata-faults-'));
    t = await startArtifactServer({ artifactsDestination: destination });
  });
  after(async () => {
    await t.server.close();
    await rm(destination, { recursive: true, force: true });
  });

  const tempFiles = () => readdir(join(destination, '.strata', 'tmp')).catch(() => [] as string[]);

  it('leaves nothing visible and no temporary data when the client hangs up mid-body', async () => {
    await uploadHalfThenHangUp(t.server, `${ARTIFACTS}/${t.runRoot}/half.bin`, 8 * 1024 * 1024, 3 * 1024 * 1024);
    await waitFor(async () => (await tempFiles()).length === 0);
    const download = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/half.bin`);
    assert.equal(download.status, 404);
    await download.arrayBuffer();
  });

  it('keeps the previous version when a re-upload is interrupted', async () => {
    await put(t.server, `${t.runRoot}/kept.txt`, 'complete version');
    await uploadHalfThenHangUp(t.server, `${ARTIFACTS}/${t.runRoot}/kept.txt`, 1024 * 1024, 1000);
    await waitFor(async () => (await tempFiles()).length === 0);
    assert.equal(await (await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/kept.txt`)).text(), 'complete version');
  });

  it('aborts a multipart part cut short without disturbing the upload', async () => {
    const create = await fetch(`${t.server.url}/api/2.0/mlflow-artifacts/mpu/create/${t.runRoot}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: 'parts.bin', num_parts: 1 }),
    });
    const { upload_id: uploadId, credentials } = (await create.json()) as CreateMultipartUploadResponse;
    const [credential] = credentials ?? [];
    const partUrl = new URL(credential!.url);
    await uploadHalfThenHangUp(t.server, `${partUrl.pathname}${partUrl.search}`, 4 * 1024 * 1024, 1024 * 1024);
    await waitFor(async () => (await tempFiles()).length === 0);
    const retry = await fetch(credential!.url, { method: 'PUT', body: 'whole part' });
    assert.equal(retry.status, 200);
    const complete = await fetch(`${t.server.url}/api/2.0/mlflow-artifacts/mpu/complete/${t.runRoot}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: 'parts.bin', upload_id: uploadId, parts: [{ part_number: 1, etag: retry.headers.get('etag') }] }),
    });
    assert.equal(complete.status, 200, await complete.clone().text());
    assert.equal(await (await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/parts.bin`)).text(), 'whole part');
  });
});

/** A 2 MiB tmpfs as the artifact destination, when this process may mount one (root on Linux). */
function mountTinyTmpfs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `body` against a server whose artifact destination is a 2 MiB tmpfs; skips without root. */
async function withFullDisk(test: { skip(message: string): void }, body: (t: ArtifactTestServer, mountPoint: string) => Promise<void>) {
  const mountPoint = await mkdtemp(join(tmpdir(), 'strata-full-'));
  if (!mountTinyTmpfs(mountPoint)) {
    await rm(mountPoint, { recursive: true, force: true });
    return test.skip('cannot mount a small tmpfs here (needs root)');
  }
  const t = await startArtifactServer({ artifactsDestination: mountPoint }).catch(async (error: unknown) => {
    execFileSync('umount', [mountPoint]);
    throw error;
  });
  try {
    await body(t, mountPoint);
  } finally {
    await t.server.close();
    execFileSync('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  }
}

async function assertStorageFull(response: Response): Promise<void> {
  assert.equal(response.status, 500);
  const body = (await response.json()) as { error_code: string; message: string };
  assert.equal(body.error_code, 'INTERNAL_ERROR');
  assert.match(body.message, /storage is full/);
}

describe('disk full', () => {
  it('answers 500 with a clear message and leaves no partial file', async (test) => {
    await withFullDisk(test, async (t, mountPoint) => {
      await assertStorageFull(await put(t.server, `${t.runRoot}/too-big.bin`, Buffer.alloc(4 * 1024 * 1024)));
      assert.deepEqual(await readdir(join(mountPoint, '.strata', 'tmp')), []);
      assert.equal((await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/too-big.bin`)).status, 404);
    });
  });

  it('answers a multipart part the same way (issue 10: it was a bare "Internal server error")', async (test) => {
    await withFullDisk(test, async (t, mountPoint) => {
      const create = await fetch(`${t.server.url}/api/2.0/mlflow-artifacts/mpu/create/${t.runRoot}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: 'big.bin', num_parts: 1 }),
      });
      const { credentials } = (await create.json()) as CreateMultipartUploadResponse;
      const [credential] = credentials ?? [];
      await assertStorageFull(await fetch(credential!.url, { method: 'PUT', body: Buffer.alloc(4 * 1024 * 1024) }));
      assert.deepEqual(await readdir(join(mountPoint, '.strata', 'tmp')), []);
    });
  });
});
