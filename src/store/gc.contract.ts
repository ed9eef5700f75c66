/**
 * The gc part of the MetadataStore contract (GcRepository), run by
 * metadata-store.sqlite.test.ts and metadata-store.postgres.test.ts.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { ContractOptions } from './metadata-store.contract.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';

export function runGcContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Gc contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createExperiment = (experimentName: string) =>
      store.createExperiment({ name: experimentName, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [{ key: 't', value: 'v' }], creationTime: 1 });

    async function createRunWithData(experimentId: string, runId: string): Promise<void> {
      await store.createRun({
        runId, experimentId, runName: runId, userId: 'u', status: 'FINISHED', startTime: 1,
        artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`, tags: [{ key: 'k', value: 'v' }],
      });
      await store.insertParams(runId, [{ key: 'lr', value: '0.1' }]);
      await store.logMetrics(runId, [{ key: 'loss', value: 1, timestamp: 1, step: 0 }]);
      await store.logInputs(runId, experimentId, [
        { tags: [], dataset: { name: 'd', digest: 'x', sourceType: 'local', source: '/d' } },
      ]);
    }

    it('lists deleted runs and experiments at or before the cutoff, oldest first', async () => {
      const e1 = await createExperiment('gc-a');
      const e2 = await createExperiment('gc-b');
      await createRunWithData(e1, 'r1');
      await createRunWithData(e1, 'r2');
      await createRunWithData(e1, 'r3');
      await store.setRunLifecycle('r2', 'deleted', 200);
      await store.setRunLifecycle('r1', 'deleted', 100);
      await store.setExperimentLifecycle(e2, 'deleted', 150);
      assert.deepEqual((await store.listDeletedRuns(200)).map((r) => [r.runId, r.deletedTime]), [['r1', 100], ['r2', 200]]);
      assert.deepEqual((await store.listDeletedRuns(150)).map((r) => r.runId), ['r1']);
      assert.deepEqual(await store.listDeletedExperiments(150), [
        { experimentId: e2, name: 'gc-b', artifactLocation: `mlflow-artifacts:/${e2}`, deletedTime: 150 },
      ]);
      assert.deepEqual(await store.listDeletedExperiments(149), []);
      assert.deepEqual(await store.listRunIdsOfExperiment(e1), ['r1', 'r2', 'r3']);
      const locations = await store.listExperimentArtifactLocations();
      assert.ok(locations.some((l) => l.experimentId === '0' && l.artifactLocation === 'mlflow-artifacts:/0'));
    });

    it('purges a run with its metrics, params, tags and inputs, leaving other runs whole', async () => {
      const e = await createExperiment('gc-purge');
      await createRunWithData(e, 'gone');
      await createRunWithData(e, 'kept');
      await store.setRunLifecycle('gone', 'deleted', 10);
      assert.equal(await store.transaction((tx) => tx.purgeRun('gone')), true);
      assert.equal(await store.findRun('gone'), undefined);
      assert.deepEqual((await store.getMetricHistory({ runId: 'gone', key: 'loss' })).items, []);
      const kept = await store.findRun('kept');
      assert.equal(kept?.data.params.length, 1);
      assert.equal(kept?.data.metrics.length, 1);
      assert.equal(kept?.inputs.datasetInputs.length, 1);
    });

    it('purges an experiment with its tags and datasets once its runs are gone', async () => {
      const e = await createExperiment('gc-exp');
      await createRunWithData(e, 'only');
      await store.setExperimentLifecycle(e, 'deleted', 5);
      assert.equal(await store.purgeExperiment(e), false, 'not while it has runs');
      assert.equal(await store.purgeRun('only'), true);
      assert.equal(await store.purgeExperiment(e), true);
      assert.equal(await store.findExperiment(e), undefined);
      assert.deepEqual(await store.findDatasetsByDigest('x'), []);
      assert.equal(await store.findExperimentByName('gc-exp'), undefined);
      await createExperiment('gc-exp');
    });

    it('purges only what is still deleted, and a restore after a purge finds nothing', async () => {
      const e = await createExperiment('gc-claim');
      await createRunWithData(e, 'restored');
      await createRunWithData(e, 'purged');
      await store.setRunLifecycle('restored', 'deleted', 10);
      await store.setRunLifecycle('restored', 'active', 11);
      await store.setRunLifecycle('purged', 'deleted', 10);
      assert.equal(await store.purgeRun('restored'), false, 'restored since the plan: kept');
      assert.equal((await store.findRunInfo('restored'))?.lifecycleStage, 'active');
      assert.equal(await store.purgeRun('purged'), true);
      assert.equal(await store.setRunLifecycle('purged', 'active', 12), false);
      assert.equal(await store.purgeExperiment(e), false, 'an active experiment is kept');
      assert.equal(await store.setExperimentLifecycle('999999', 'active', 12), false);
    });

    it("lists only the runs whose artifact URI is not derived from their experiment's location", async () => {
      const e = await createExperiment('gc-underived');
      const legacy = await store.createExperiment({ name: 'gc-legacy', artifactLocation: 'mlflow-artifacts:/./1/', tags: [], creationTime: 1 });
      await createRunWithData(e, 'derived');
      await store.createRun({
        runId: 'moved', experimentId: e, runName: 'moved', userId: 'u', status: 'FINISHED', startTime: 1,
        artifactUri: 'mlflow-artifacts:/elsewhere/moved/artifacts', tags: [],
      });
      await store.createRun({
        runId: 'legacy-run', experimentId: legacy, runName: 'l', userId: 'u', status: 'FINISHED', startTime: 1,
        artifactUri: 'mlflow-artifacts:/./1/legacy-run/artifacts', tags: [],
      });
      await store.setRunLifecycle('moved', 'deleted', 5);
      assert.deepEqual(await store.listUnderivedRunArtifactUris(), [
        { runId: 'moved', experimentId: e, artifactUri: 'mlflow-artifacts:/elsewhere/moved/artifacts' },
      ]);
      await store.transaction(async (tx) => {
        await tx.lockArtifactLocations();
        assert.equal((await tx.listUnderivedRunArtifactUris()).length, 1);
      });
    });

    it('keeps artifact folders pending deletion until they are removed', async () => {
      const pending = { path: '7/r1/artifacts', entityType: 'run' as const, entityId: 'r1', createdAt: 5 };
      await store.addPendingArtifactDeletion(pending);
      await store.addPendingArtifactDeletion({ ...pending, createdAt: 6 });
      await store.addPendingArtifactDeletion({ path: '7', entityType: 'experiment', entityId: '7', createdAt: 4 });
      assert.deepEqual(await store.listPendingArtifactDeletions(), [
        { path: '7', entityType: 'experiment', entityId: '7', createdAt: 4 },
        pending,
      ]);
      await store.removePendingArtifactDeletion('7');
      await store.removePendingArtifactDeletion('7');
      assert.deepEqual(await store.listPendingArtifactDeletions(), [pending]);
    });

    it('lists what registered model versions reference', async () => {
      await store.createRegisteredModel({ name: 'm', description: null, tags: [], creationTime: 1 });
      await store.createModelVersion({
        modelName: 'm', source: 'runs:/r9/model', storageLocation: 'mlflow-artifacts:/1/r9/artifacts/model', runId: 'r9',
        runLink: null, description: null, userId: null, status: 'READY', tags: [], creationTime: 1,
      });
      assert.deepEqual(await store.listArtifactReferences(), {
        runIds: ['r9'],
        locations: ['mlflow-artifacts:/1/r9/artifacts/model', 'runs:/r9/model'],
      });
    });
  });
}
