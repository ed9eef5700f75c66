/**
 * Issue 10 on an S3 destination: `s3://bucket/prefix/1` in any spelling is experiment 1's
 * folder. Such a location is refused when stored, a legacy row spelled that way does not make
 * gc delete experiment 1's objects, and a deleted run's own objects still go. SQLite only:
 * the S3 spellings are under test; the same checks on a local destination run on both
 * databases in gc-shared-folders.test.ts.
 */
import assert from 'node:assert/strict';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { createTestBucket, s3SuiteSkip, S3_TEST_ENV, s3TestClient, type TestBucket } from '../helpers/s3-test-endpoint.js';
import { put } from './artifact-http.js';

const skip = await s3SuiteSkip();

describeOrSkip('gc on an S3 destination', skip, () => {
  let s3: S3Client;
  let bucket: TestBucket;
  let server: TestServer;
  let victim: { experimentId: string; runId: string };
  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket.bucket }))).Contents ?? []).map((o) => o.Key);

  before(async () => {
    // The server reads its S3 connection from the environment, as MLflow's does.
    Object.assign(process.env, S3_TEST_ENV);
    s3 = s3TestClient();
    bucket = await createTestBucket(s3);
    server = await startTestServer({ artifactsDestination: `s3://${bucket.bucket}/mlruns` });
    victim = await createExperimentAndRun(server, 'victim');
    await put(server, `${victim.experimentId}/${victim.runId}/artifacts/model.bin`, 'weights');
  });
  after(async () => {
    await server?.close();
    await bucket?.destroy();
  });

  it("refuses S3 spellings of experiment 1's folder", async () => {
    const root = `s3://${bucket.bucket}/mlruns`;
    for (const location of [`${root}/./${victim.experimentId}`, `${root}//${victim.experimentId}`, `${root}/${victim.experimentId}`, `s3a://${bucket.bucket}/mlruns/${victim.experimentId}/x`]) {
      const response = await server.post('experiments/create', { name: `evil-${Math.random()}`, artifact_location: location });
      assert.equal(response.status, 400, `${location}: ${response.text}`);
    }
  });

  it("keeps experiment 1's objects for a legacy s3://…//1 row, and deletes a deleted run's own", async () => {
    const evilId = await server.store.createExperiment({
      name: 'legacy-evil', artifactLocation: `s3://${bucket.bucket}/mlruns//${victim.experimentId}`, tags: [], creationTime: 1,
    });
    await server.post('experiments/delete', { experiment_id: evilId });
    const doomed = (await server.post('runs/create', { experiment_id: victim.experimentId })).json.run.info.run_id as string;
    await put(server, `${victim.experimentId}/${doomed}/artifacts/old.bin`, 'old');
    await server.post('runs/delete', { run_id: doomed });
    const gc = await server.post('/api/strata/v1/gc', { older_than_ms: 0 });
    assert.equal(gc.status, 200, gc.text);
    assert.deepEqual([gc.json.result.removed_experiments, gc.json.result.removed_runs, gc.json.result.failures], [[evilId], [doomed], []]);
    const left = await keys();
    assert.ok(left.includes(`mlruns/${victim.experimentId}/${victim.runId}/artifacts/model.bin`), left.join(', '));
    assert.ok(!left.some((k) => k?.includes(doomed)), left.join(', '));
  });
});
