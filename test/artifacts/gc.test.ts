/**
 * `strata gc` end to end, through a running server (POST /api/strata/v1/gc): runs and
 * experiments deleted long enough ago go with their metadata and artifacts, one audit event
 * each plus one for the gc; the dry run lists exactly that; what a registered model version
 * references stays. On SQLite and PostgreSQL (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { put } from './artifact-http.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { captureCli } from '../cli/capture-cli.js';

const exists = (path: string) => stat(path).then(() => true, () => false);

const dialects = await testDialects('gc tests');

for (const dialect of dialects) {
  describeOrSkip(`strata gc on ${dialect.name}`, dialect.skip, () => {
    let dir: string;
    let destination: string;
    let server: TestServer;
    let doomedRun: { experimentId: string; runId: string };
    let registeredRun: { experimentId: string; runId: string };
    let doomedExperiment: { experimentId: string; runId: string };
    let recentRun: { experimentId: string; runId: string };

    const runDir = (r: { experimentId: string; runId: string }) => join(destination, r.experimentId, r.runId);
    const gc = (...args: string[]) => captureCli(['gc', ...args], { STRATA_TRACKING_URI: server.url, MLFLOW_TRACKING_USERNAME: 'alice' });

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-gc-'));
      destination = join(dir, 'artifacts');
      server = await startTestServer({ backendStoreUri: dialect.uri(), artifactsDestination: destination });
      doomedRun = await createExperimentAndRun(server, 'gc-runs');
      registeredRun = { experimentId: doomedRun.experimentId, runId: (await server.post('runs/create', { experiment_id: doomedRun.experimentId })).json.run.info.run_id };
      recentRun = { experimentId: doomedRun.experimentId, runId: (await server.post('runs/create', { experiment_id: doomedRun.experimentId })).json.run.info.run_id };
      doomedExperiment = await createExperimentAndRun(server, 'gc-experiment');
      for (const r of [doomedRun, registeredRun, recentRun, doomedExperiment]) {
        await put(server, `${r.experimentId}/${r.runId}/artifacts/model/weights.bin`, 'weights');
        await server.post('runs/log-batch', { run_id: r.runId, params: [{ key: 'lr', value: '0.1' }], metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }] });
      }
      await server.post('registered-models/create', { name: 'kept-model' });
      const version = await server.post('model-versions/create', { name: 'kept-model', source: `runs:/${registeredRun.runId}/model`, run_id: registeredRun.runId });
      assert.equal(version.status, 200, version.text);
      for (const r of [doomedRun, registeredRun]) await server.post('runs/delete', { run_id: r.runId });
      await server.post('experiments/delete', { experiment_id: doomedExperiment.experimentId });
    });
    after(async () => {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
      await dialect.drop();
    });

    it('removes nothing deleted more recently than --older-than', async () => {
      const result = await gc('--older-than', '30d', '--dry-run', '--json');
      assert.equal(result.code, 0, result.stderr);
      const { plan } = JSON.parse(result.stdout);
      assert.deepEqual([plan.runs, plan.experiments], [[], []]);
    });

    it('lists exactly what would go on a dry run, and removes nothing', async () => {
      const result = await gc('--older-than', '0', '--dry-run', '--json');
      assert.equal(result.code, 0, result.stderr);
      const { dry_run: dryRun, plan, result: removed } = JSON.parse(result.stdout);
      assert.deepEqual([dryRun, removed], [true, undefined]);
      assert.deepEqual(plan.runs.map((r: { run_id: string }) => r.run_id).sort(), [doomedExperiment.runId, doomedRun.runId].sort());
      assert.deepEqual(plan.experiments.map((e: { experiment_id: string }) => e.experiment_id), [doomedExperiment.experimentId]);
      assert.deepEqual(plan.kept, [{ entity_type: 'run', entity_id: registeredRun.runId, reason: 'a registered model version was created from it' }]);
      assert.ok(await exists(runDir(doomedRun)));
      const text = await gc('--older-than', '0', '--dry-run');
      assert.match(text.stdout, /would remove 2 run\(s\) and 1 experiment\(s\)/);
      assert.match(text.stdout, new RegExp(`keeping run ${registeredRun.runId}`));
    });

    it('removes them with their artifacts, keeps what the registry references, and audits each removal', async () => {
      const result = await gc('--older-than', '0');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /removed 2 run\(s\) and 1 experiment\(s\)/);
      assert.equal(await exists(runDir(doomedRun)), false);
      assert.equal(await exists(join(destination, doomedExperiment.experimentId)), false);
      assert.equal(await exists(runDir(registeredRun)), true);
      assert.equal(await exists(runDir(recentRun)), true);
      const meta = await readdir(join(destination, '.strata', 'meta', doomedRun.experimentId)).catch(() => [] as string[]);
      assert.ok(!meta.includes(doomedRun.runId), 'hash sidecars go with the artifacts');

      assert.equal((await server.get('runs/get', { run_id: doomedRun.runId })).status, 404);
      assert.equal((await server.get('runs/get', { run_id: registeredRun.runId })).status, 200);
      assert.equal((await server.get('experiments/get', { experiment_id: doomedExperiment.experimentId })).status, 404);
      const metrics = await server.get('metrics/get-history', { run_id: doomedRun.runId, metric_key: 'loss' });
      assert.notEqual(metrics.status, 200);
      const audit = await server.get('/api/strata/v1/audit', { action: 'run.purge' });
      assert.deepEqual(audit.json.events.map((e: { entity_id: string }) => e.entity_id).sort(), [doomedExperiment.runId, doomedRun.runId].sort());
      assert.ok(audit.json.events.every((e: { actor_claimed?: string }) => e.actor_claimed === 'alice'), 'the claimed actor is the caller');
      const experimentAudit = await server.get('/api/strata/v1/audit', { action: 'experiment.purge' });
      assert.equal(experimentAudit.json.events[0].entity_id, doomedExperiment.experimentId);
      const gcAudit = (await server.get('/api/strata/v1/audit', { action: 'gc.run' })).json.events;
      assert.equal(gcAudit.length, 1, 'one event for the gc; the dry runs are not recorded');
      assert.deepEqual([gcAudit[0].actor, gcAudit[0].actor_claimed, gcAudit[0].entity_type], ['anonymous', 'alice', 'gc']);
      assert.deepEqual(gcAudit[0].summary, {
        older_than_ms: 0, cutoff: gcAudit[0].summary.cutoff, removed_runs: 2, removed_experiments: 1, removed_pending_artifacts: 0, kept: 1, failures: 0,
      });
      const again = await gc('--older-than', '0', '--json');
      assert.deepEqual(JSON.parse(again.stdout).result, { removed_runs: [], removed_experiments: [], removed_pending_artifacts: [], failures: [] });
    });

    it('refuses a malformed --older-than as a usage error', async () => {
      const result = await gc('--older-than', '30');
      assert.equal(result.code, 2);
      assert.match(result.stderr, /duration/);
    });
  });
}
