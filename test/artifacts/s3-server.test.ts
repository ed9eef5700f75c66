/**
 * The artifact HTTP API and the SDK with `--artifacts-destination s3://…` against a real
 * S3-compatible server (radosgw from ../shared/scripts/s3-test-server.sh, or
 * STRATA_TEST_S3_ENDPOINT). Skipped with a printed reason when none answers, unless
 * STRATA_REQUIRE_S3=1 (CI), which fails instead.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListMultipartUploadsCommand, ListObjectsV2Command,
  AbortMultipartUploadCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/artifacts/create-s3-client.js';
import { StrataClient } from '../../src/client/index.js';
import { ARTIFACTS, put, startArtifactServer, type ArtifactTestServer } from './artifact-http.js';

const endpoint = process.env.STRATA_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:18400';
const accessKeyId = process.env.STRATA_TEST_S3_ACCESS_KEY ?? 'TESTAK';
const secretAccessKey = process.env.STRATA_TEST_S3_SECRET_KEY ?? 'TESTSK';

const reachable = await fetch(endpoint, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
const skip = reachable ? undefined : `no S3-compatible server answers at ${endpoint} (start one from the project root: ../shared/scripts/s3-test-server.sh start)`;
if (skip && process.env.STRATA_REQUIRE_S3 === '1') {
  it('S3 endpoint is reachable (STRATA_REQUIRE_S3=1)', () => assert.fail(skip));
} else if (skip) {
  console.log(`skipping S3 artifact server tests: ${skip}`);
}

describe('artifact API on an S3 destination', { skip: skip ?? false }, () => {
  let s3: S3Client;
  let bucket: string;
  let t: ArtifactTestServer;
  let work: string;

  const pendingUploads = async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

  before(async () => {
    // The server reads its S3 connection the way MLflow's does: from the environment.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, MLFLOW_S3_ENDPOINT_URL: endpoint });
    s3 = createS3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    bucket = `strata-e2e-${randomUUID().slice(0, 8)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    t = await startArtifactServer({ artifactsDestination: `s3://${bucket}/mlruns` });
    work = await mkdtemp(join(tmpdir(), 'strata-s3-e2e-'));
  });
  after(async () => {
    await t?.server.close();
    for (const u of await pendingUploads()) await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
    const all = await keys();
    if (all.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.map((Key) => ({ Key })) } }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    await rm(work, { recursive: true, force: true });
  });

  it('uploads, ranges, lists and deletes through the proxied API', async () => {
    const data = randomBytes(100_000);
    assert.equal((await put(t.server, `${t.runRoot}/data/blob.bin`, data)).status, 200);
    assert.ok((await keys()).includes(`mlruns/${t.runRoot}/data/blob.bin`));
    const ranged = await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/data/blob.bin`, { headers: { range: 'bytes=10-19' } });
    assert.equal(ranged.status, 206);
    assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(data.subarray(10, 20)));
    const listed = await t.server.get(ARTIFACTS, { path: `${t.runRoot}/data` });
    assert.deepEqual(listed.json, { files: [{ path: 'blob.bin', is_dir: false, file_size: 100_000 }] });
    await fetch(`${t.server.url}${ARTIFACTS}/${t.runRoot}/data`, { method: 'DELETE' });
    assert.deepEqual((await t.server.get(ARTIFACTS, { path: `${t.runRoot}/data` })).json, {});
  });

  it('logs and downloads through the SDK, with a multipart upload in parallel parts', async () => {
    const client = new StrataClient({ trackingUri: t.server.url });
    const run = await client.startRun({ experiment: 's3-sdk' });
    const big = join(work, 'big.bin');
    await writeFile(big, randomBytes(12 * 1024 * 1024 + 5));
    await run.logArtifact(big, 'model', { multipartThresholdBytes: 5 * 1024 * 1024, multipartPartBytes: 5 * 1024 * 1024 });
    const dest = join(work, 'down');
    await client.downloadArtifacts(run.runId, 'model', dest);
    assert.ok((await readFile(join(dest, 'model', 'big.bin'))).equals(await readFile(big)));
    assert.deepEqual(await pendingUploads(), []);
  });

  it('leaves no object and no pending upload when the client hangs up mid-body', async () => {
    const { hostname, port } = new URL(t.server.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`PUT ${ARTIFACTS}/${t.runRoot}/cut.bin HTTP/1.1\r\nHost: x\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n`);
    socket.write(Buffer.alloc(12 * 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    const deadline = Date.now() + 10_000;
    while ((await pendingUploads()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await pendingUploads(), []);
    assert.ok(!(await keys()).includes(`mlruns/${t.runRoot}/cut.bin`));
  });

  it('answers an S3 failure with a clear 500', async () => {
    const broken = await startArtifactServer({ artifactsDestination: `s3://${bucket}-missing/x` });
    try {
      const response = await put(broken.server, `${broken.runRoot}/x.txt`, 'x');
      assert.equal(response.status, 500);
      const body = (await response.json()) as { error_code: string; message: string };
      assert.equal(body.error_code, 'INTERNAL_ERROR');
      assert.notEqual(body.message, 'Internal server error');
    } finally {
      await broken.server.close();
    }
  });
});
