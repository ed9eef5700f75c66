/**
 * The artifact HTTP API and the SDK with `--artifacts-destination s3://…` against a real
 * S3-compatible server (radosgw from ../shared/scripts/s3-test-server.sh, or
 * STRATA_TEST_S3_ENDPOINT). Skipped (counted as skipped) with the reason when none answers, unless
 * STRATA_REQUIRE_S3=1 (CI), which fails instead. SQLite only: the S3 artifact store is under
 * test; the audit events that artifact writes leave in the database are checked on both
 * databases by test/artifacts/artifact-audit.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListMultipartUploadsCommand, ListObjectsV2Command,
  AbortMultipartUploadCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/artifacts/create-s3-client.js';
import { StrataClient } from '../../src/client/index.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { s3SuiteSkip } from '../helpers/s3-test-endpoint.js';
import { ARTIFACTS, put, startArtifactServer, uploadHalfThenHangUp, type ArtifactTestServer } from './artifact-http.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const endpoint = process.env.STRATA_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:18400';
const accessKeyId = process.env.STRATA_TEST_S3_ACCESS_KEY ?? 'TESTAK';
const secretAccessKey = process.env.STRATA_TEST_S3_SECRET_KEY ?? 'TESTSK';

const skip = await s3SuiteSkip();

describeOrSkip('artifact API on an S3 destination', skip, () => {
  let s3: S3Client;
  let bucket: string;
  let t: ArtifactTestServer;
  let work: string;

  const pendingUploads = async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

  /** Artifact events of the audit log, newest first. */
  async function artifactEvents(query: Record<string, string>, server = t) {
    const res = await server.server.get('/api/strata/v1/audit', { ...query, max_results: '1000' });
    assert.equal(res.status, 200, res.text);
    return (res.json.events as Array<{ action: string; summary: Record<string, unknown> }>).filter((e) => e.action.startsWith('artifact.'));
  }

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
    const audited = await artifactEvents({ entity_type: 'run', entity_id: t.runId });
    assert.deepEqual(audited.reverse().map((e) => [e.action, e.summary]), [
      ['artifact.write', { path: `${t.runRoot}/data/blob.bin`, size: 100_000, sha256: sha256(data) }],
      ['artifact.delete', { path: `${t.runRoot}/data`, kind: 'directory' }],
    ]);
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
    const [completed, ...others] = await artifactEvents({ entity_type: 'run', entity_id: run.runId });
    assert.deepEqual(others, []);
    assert.equal(completed?.action, 'artifact.complete_multipart');
    assert.deepEqual([completed?.summary.size, completed?.summary.sha256], [12 * 1024 * 1024 + 5, sha256(await readFile(big))]);
  });

  it('leaves no object and no pending upload when the client hangs up mid-body', async () => {
    await uploadHalfThenHangUp(t.server, `${ARTIFACTS}/${t.runRoot}/cut.bin`, 20 * 1024 * 1024, 12 * 1024 * 1024);
    const deadline = Date.now() + 10_000;
    while ((await pendingUploads()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await pendingUploads(), []);
    assert.ok(!(await keys()).includes(`mlruns/${t.runRoot}/cut.bin`));
    assert.ok(!(await artifactEvents({})).some((e) => e.summary.path === `${t.runRoot}/cut.bin`), 'no audit event');
  });

  it('answers an S3 failure with a clear 500', async () => {
    const broken = await startArtifactServer({ artifactsDestination: `s3://${bucket}-missing/x` });
    try {
      const response = await put(broken.server, `${broken.runRoot}/x.txt`, 'x');
      assert.equal(response.status, 500);
      const body = (await response.json()) as { error_code: string; message: string };
      assert.equal(body.error_code, 'INTERNAL_ERROR');
      assert.notEqual(body.message, 'Internal server error');
      assert.deepEqual(await artifactEvents({}, broken), []);
    } finally {
      await broken.server.close();
    }
  });
});
