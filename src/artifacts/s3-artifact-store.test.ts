/**
 * Runs the contract against a real S3-compatible server: `../shared/scripts/s3-test-server.sh start`
 * (radosgw on 127.0.0.1:18400) or whatever STRATA_TEST_S3_ENDPOINT names. Skipped (and counted
 * as skipped) with the reason when nothing answers, unless STRATA_REQUIRE_S3=1 (CI), which fails instead.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import { S3_TEST_ENV, createTestBucket, s3SuiteSkip, s3TestClient, type TestBucket } from '../../test/helpers/s3-test-endpoint.js';
import { chunked, collect, runArtifactStoreContract, sha256 } from './artifact-store.contract.js';
import { S3ArtifactStore } from './s3-artifact-store.js';
import { createArtifactStore } from './create-artifact-store.js';

const MiB = 1024 * 1024;

const skip = await s3SuiteSkip();

/** A fresh bucket per suite, emptied and removed afterwards. */
runArtifactStoreContract(
  's3-compatible',
  async () => {
    const client = s3TestClient();
    const bucket = await createTestBucket(client);
    const store = new S3ArtifactStore({ client, bucket: bucket.bucket, prefix: 'team/artifacts', partSize: 5 * MiB });
    return {
      store,
      leftovers: async () => (await bucket.pendingUploads()).map((u) => `${u.Key} (${u.UploadId})`),
      cleanup: bucket.destroy,
    };
  },
  { skip, largeUploadBytes: 5 * MiB },
);

describeOrSkip('S3ArtifactStore', skip, () => {
  let client: S3Client;
  let bucket: TestBucket;

  before(async () => {
    client = s3TestClient();
    bucket = await createTestBucket(client);
  });
  after(() => bucket?.destroy());

  it('keeps objects under its prefix, with the hash as x-amz-meta-sha256', async () => {
    const store = new S3ArtifactStore({ client, bucket: bucket.bucket, prefix: '/exp/1/' });
    const data = Buffer.from('prefixed');
    await store.put('run/a.txt', chunked(data, 3));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: 'exp/1/run/a.txt' }));
    assert.equal(head.Metadata?.sha256, sha256(data));
    assert.equal(head.ContentType, 'text/plain');
  });

  it('attaches the hash to large objects by a part-wise server-side copy', async () => {
    const store = new S3ArtifactStore({
      client,
      bucket: bucket.bucket,
      partSize: 5 * MiB,
      hashMetadata: { maxSingleCopyBytes: MiB, copyPartBytes: 5 * MiB },
    });
    const data = randomBytes(12 * MiB);
    await store.put('huge/model.bin', chunked(data, MiB));
    const content = await store.get('huge/model.bin');
    assert.equal(content.sha256, sha256(data));
    assert.ok((await collect(content.stream)).equals(data));
    assert.deepEqual(await bucket.pendingUploads(), []);
  });

  it('is created from an s3:// URI with the connection from the environment', async () => {
    const store = await createArtifactStore(`s3://${bucket.bucket}/from-uri/root`, {
      env: S3_TEST_ENV,
    });
    await store.put('x.txt', chunked(Buffer.from('via uri'), 3));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: 'from-uri/' }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), ['from-uri/root/x.txt']);
  });

  it('reports an unknown bucket as a server-side error, not a client one', async () => {
    const store = new S3ArtifactStore({ client, bucket: `${bucket.bucket}-missing` });
    await assert.rejects(store.put('x.txt', chunked(Buffer.from('x'), 1)), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'INTERNAL_ERROR');
      return true;
    });
  });
});
