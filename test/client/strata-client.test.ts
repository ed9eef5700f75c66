// The SDK against a real in-process server: what a training script does, end to end, on
// SQLite and on PostgreSQL (test-dialects.ts).
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { StrataClient, StrataApiError, createClientFromEnv, fromWireDouble, PARENT_RUN_TAG } from '../../src/client/index.js';

const dialects = await testDialects('SDK tests');

for (const dialect of dialects) {
  describeOrSkip(`StrataClient against a Strata server on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let client: StrataClient;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      client = new StrataClient({ trackingUri: server.url });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    it('records 2,500 buffered points that read back complete and in order', async () => {
      const run = await client.startRun({ experiment: 'buffered', name: 'r1', params: { lr: 0.01, layers: 3 }, tags: { team: 'ml' } });
      for (let step = 0; step < 2500; step++) run.logMetric('loss', 1 / (step + 1), step, 1_700_000_000_000 + step);
      await run.end();

      const history = await client.getFullMetricHistory(run.runId, 'loss');
      assert.equal(history.length, 2500);
      assert.deepEqual(history.map((m) => m.step), [...Array(2500).keys()]);
      assert.equal(fromWireDouble(history[2499]!.value), 1 / 2500);

      const { run: stored } = await client.getRun({ run_id: run.runId });
      assert.equal(stored.info.status, 'FINISHED');
      assert.equal(stored.info.run_name, 'r1');
      assert.ok(stored.info.end_time !== undefined);
      assert.deepEqual(
        (stored.data.params ?? []).map((p) => [p.key, p.value]).sort(),
        [['layers', '3'], ['lr', '0.01']],
      );
      assert.ok((stored.data.tags ?? []).some((t) => t.key === 'team' && t.value === 'ml'));
    });

    it('creates the experiment by name once and reuses it', async () => {
      const a = await client.startRun({ experiment: 'shared-exp' });
      const b = await client.startRun({ experiment: 'shared-exp' });
      assert.equal(a.experimentId, b.experimentId);
      await Promise.all([a.end(), b.end('KILLED')]);
      const { run } = await client.getRun({ run_id: b.runId });
      assert.equal(run.info.status, 'KILLED');
    });

    it('records nested runs, non-finite values, params and tags logged later', async () => {
      const parent = await client.startRun({ experiment: 'nested' });
      const child = await client.startRun({ experimentId: parent.experimentId, parent: parent.runId });
      child.logMetrics({ acc: 0.5, weird: Infinity }, 1);
      await child.logParam('seed', 42);
      await child.setTags({ phase: 'eval' });
      await child.end();
      await parent.end();
      const { run } = await client.getRun({ run_id: child.runId });
      const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
      assert.equal(tags[PARENT_RUN_TAG], parent.runId);
      assert.equal(tags.phase, 'eval');
      const weird = (run.data.metrics ?? []).find((m) => m.key === 'weird');
      assert.equal(weird?.value, 'Infinity');
    });

    it('calls every experiment endpoint', async () => {
      const { experiment_id } = await client.createExperiment({ name: 'endpoints', tags: [{ key: 'a', value: '1' }] });
      await client.setExperimentTag({ experiment_id, key: 'b', value: '2' });
      await client.deleteExperimentTag({ experiment_id, key: 'a' });
      await client.updateExperiment({ experiment_id, new_name: 'endpoints-renamed' });
      const { experiment } = await client.getExperimentByName({ experiment_name: 'endpoints-renamed' });
      assert.equal(experiment.experiment_id, experiment_id);
      assert.deepEqual(experiment.tags?.map((t) => t.key), ['b']);
      await client.deleteExperiment({ experiment_id });
      assert.equal((await client.getExperiment({ experiment_id })).experiment.lifecycle_stage, 'deleted');
      await client.restoreExperiment({ experiment_id });
      const found = await client.searchExperiments({ filter: "name = 'endpoints-renamed'" });
      assert.deepEqual(found.experiments?.map((e) => e.experiment_id), [experiment_id]);
    });

    it('calls every run endpoint', async () => {
      const { experiment_id } = await client.createExperiment({ name: 'run-endpoints' });
      const { run } = await client.createRun({ experiment_id, run_name: 'wire', start_time: 1000 });
      const run_id = run.info.run_id;
      await client.logParam({ run_id, key: 'p', value: 'v' });
      await client.logMetric({ run_id, key: 'm', value: 'NaN', timestamp: 2000, step: 3 });
      await client.setTag({ run_id, key: 't', value: 'x' });
      await client.deleteTag({ run_id, key: 't' });
      await client.logInputs({
        run_id,
        datasets: [{ tags: [], dataset: { name: 'train', digest: 'abc', source_type: 'local', source: '{}' } }],
      });
      const updated = await client.updateRun({ run_id, status: 'FAILED', end_time: 5000 });
      assert.equal(updated.run_info.status, 'FAILED');
      const { run: got } = await client.getRun({ run_id });
      assert.equal(got.inputs?.dataset_inputs?.[0]?.dataset.name, 'train');
      assert.equal(got.data.tags?.find((t) => t.key === 't'), undefined);
      const bulk = await client.getMetricHistoryBulkInterval({ run_ids: [run_id], metric_key: 'm' });
      assert.deepEqual(bulk.metrics?.map((m) => [m.run_id, m.step, m.value]), [[run_id, 3, 'NaN']]);
      await client.deleteRun({ run_id });
      const deleted = await client.searchRuns({ experiment_ids: [experiment_id], run_view_type: 'DELETED_ONLY' });
      assert.deepEqual(deleted.runs?.map((r) => r.info.run_id), [run_id]);
      await client.restoreRun({ run_id });
      const active = await client.searchRuns({ experiment_ids: [experiment_id] });
      assert.deepEqual(active.runs?.map((r) => r.info.run_id), [run_id]);
    });

    it('throws StrataApiError with status and error code', async () => {
      const error = await client.getRun({ run_id: 'does-not-exist' }).catch((e: unknown) => e);
      assert.ok(error instanceof StrataApiError);
      assert.equal(error.status, 404);
      assert.equal(error.errorCode, 'RESOURCE_DOES_NOT_EXIST');
      await assert.rejects(client.createExperiment({ name: 'buffered' }), { status: 400, errorCode: 'RESOURCE_ALREADY_EXISTS' });
    });

    it('finds the server through STRATA_TRACKING_URI before MLFLOW_TRACKING_URI', async () => {
      const viaStrata = createClientFromEnv({ STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_URI: 'http://127.0.0.1:1' });
      assert.equal(viaStrata.trackingUri, server.url);
      assert.ok((await viaStrata.searchExperiments()).experiments !== undefined);
      const viaMlflow = createClientFromEnv({ MLFLOW_TRACKING_URI: server.url });
      assert.equal(viaMlflow.trackingUri, server.url);
    });
  });
}
