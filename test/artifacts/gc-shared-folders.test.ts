/**
 * Issue 10: `strata gc` deleted another experiment's artifacts. An experiment created with
 * `artifact_location: "mlflow-artifacts:/./1"`, deleted and collected, took experiment 1's
 * whole folder with it, a running run's files included. Now such a location is refused when
 * it is stored, and one stored before that (a legacy row) no longer convinces gc. On SQLite
 * and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';
import { put } from './artifact-http.js';

const exists = (path: string) => stat(path).then(() => true, () => false);
const dialects = await testDialects('gc shared-folder tests');

for (const dialect of dialects) {
  describe(`gc and shared artifact folders on ${dialect.name}`, { skip: dialect.skip }, () => {
    let dir: string;
    let destination: string;
    let server: TestServer;
    let victim: { experimentId: string; runId: string };
    let victimFile: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'strata-gc-shared-'));
      destination = join(dir, 'artifacts');
      server = await startTestServer({ backendStoreUri: dialect.uri(), artifactsDestination: destination });
      victim = await createExperimentAndRun(server, 'victim');
      await put(server, `${victim.experimentId}/${victim.runId}/artifacts/model.bin`, 'weights of a running run');
      victimFile = join(destination, victim.experimentId, victim.runId, 'artifacts', 'model.bin');
    });
    after(async () => {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
      await dialect.drop();
    });

    const create = (name: string, artifactLocation: string) => server.post('experiments/create', { name, artifact_location: artifactLocation });

    it("refuses to create an experiment whose location is another experiment's folder, in any spelling", async () => {
      const id = victim.experimentId;
      for (const location of [
        `mlflow-artifacts:/./${id}`, `mlflow-artifacts:/${id}/`, `mlflow-artifacts:/x/../${id}`, `mlflow-artifacts:/%2e/${id}`,
        `mlflow-artifacts://${id}`, `mlflow-artifacts:/${id}/${victim.runId}`, `${destination}/${id}`, `file://${destination}/${id}`,
        'mlflow-artifacts:/',
      ]) {
        const response = await create(`evil-${Math.random()}`, location);
        assert.equal(response.status, 400, `${location}: ${response.text}`);
        assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE', location);
      }
      assert.equal(await exists(victimFile), true);
    });

    it('refuses a location inside, equal to or containing a named one, and stores names canonically', async () => {
      const team = await create('team-a', 'mlflow-artifacts:/team/a/');
      assert.equal(team.status, 200, team.text);
      const stored = await server.get('experiments/get', { experiment_id: team.json.experiment_id });
      assert.equal(stored.json.experiment.artifact_location, 'mlflow-artifacts:/team/a');
      for (const location of ['mlflow-artifacts:/team/a', 'mlflow-artifacts:/team/a/b', 'mlflow-artifacts:/team', `${destination}/team/a`]) {
        const response = await create(`team-${Math.random()}`, location);
        assert.equal(response.status, 400, `${location}: ${response.text}`);
        assert.match(response.json.message, /folder of experiment/, location);
      }
      assert.equal((await create('team-b', 'mlflow-artifacts:/team/b')).status, 200);
    });

    it('lets only one of two overlapping locations created at the same time through', async () => {
      for (let round = 0; round < 5; round++) {
        const responses = await Promise.all([create(`race-outer-${round}`, `mlflow-artifacts:/race${round}`), create(`race-inner-${round}`, `mlflow-artifacts:/race${round}/x`)]);
        assert.deepEqual(responses.map((r) => r.status).sort(), [200, 400], responses.map((r) => r.text).join('\n'));
      }
    });

    it("does not delete experiment 1's folder for a legacy experiment stored as mlflow-artifacts:/./1", async () => {
      const evilId = await server.store.createExperiment({
        name: 'legacy-evil', artifactLocation: `mlflow-artifacts:/./${victim.experimentId}`, tags: [], creationTime: 1,
      });
      assert.equal((await server.post('experiments/delete', { experiment_id: evilId })).status, 200);
      const dryRun = await server.post('/api/strata/v1/gc', { older_than_ms: 0, dry_run: true });
      assert.equal(dryRun.status, 200, dryRun.text);
      const planned = dryRun.json.plan.experiments.find((e: { experiment_id: string }) => e.experiment_id === evilId);
      assert.equal(planned?.artifact_path, undefined);
      assert.match(planned?.artifacts_kept_reason ?? '', new RegExp(`folder of experiment ${victim.experimentId}\\b`));
      const gc = await server.post('/api/strata/v1/gc', { older_than_ms: 0 });
      assert.equal(gc.status, 200, gc.text);
      assert.deepEqual([gc.json.result.removed_experiments, gc.json.result.failures], [[evilId], []]);
      assert.equal(await exists(victimFile), true, "the running run's file is still there");
      const run = await server.get('runs/get', { run_id: victim.runId });
      assert.equal(run.json.run.info.status, 'RUNNING');
      const listing = await server.get('artifacts/list', { run_id: victim.runId });
      assert.deepEqual(listing.json.files.map((f: { path: string }) => f.path), ['model.bin']);
      const audit = await server.get('/api/strata/v1/audit', { action: 'gc.run' });
      assert.deepEqual(audit.json.events.map((e: { actor: string }) => e.actor), ['anonymous'], 'the real run is audited, the dry run is not');
    });

    it('refuses a negative or non-numeric older_than_ms, and a non-boolean dry_run', async () => {
      for (const body of [{ older_than_ms: -1 }, { older_than_ms: 'soon' }, { older_than_ms: 1.5 }, { dry_run: 'maybe' }]) {
        const response = await server.post('/api/strata/v1/gc', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE');
      }
    });
  });
}
