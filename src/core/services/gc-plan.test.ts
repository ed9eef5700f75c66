import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planGc, type GcPlanInput } from './gc-plan.js';

const run = (runId: string, experimentId = '1') => ({
  runId, experimentId, artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`, deletedTime: 1,
});

function input(overrides: Partial<GcPlanInput>): GcPlanInput {
  return {
    cutoff: 10,
    deletedRuns: [],
    deletedExperiments: [],
    references: { runIds: [], locations: [] },
    experimentLocations: [{ experimentId: '1', artifactLocation: 'mlflow-artifacts:/1' }],
    artifactsDestination: '/data/artifacts',
    ...overrides,
  };
}

describe('planGc', () => {
  it('removes a run with its run directory, and keeps one whose artifacts a model version uses', () => {
    const plan = planGc(input({
      deletedRuns: [run('a'), run('b')],
      references: { runIds: [], locations: ['mlflow-artifacts:/1/b/artifacts/model'] },
    }));
    assert.deepEqual(plan.runs.map((r) => [r.runId, r.artifactPath]), [['a', '1/a']]);
    assert.deepEqual(plan.kept, [{ entityType: 'run', entityId: 'b', reason: 'a registered model version uses mlflow-artifacts:/1/b/artifacts/model' }]);
  });

  it('keeps an experiment when one of its runs is kept, and leaves shared or foreign directories alone', () => {
    const experiment = (experimentId: string, artifactLocation: string, runs: ReturnType<typeof run>[]) => ({
      experimentId, name: `e${experimentId}`, artifactLocation, deletedTime: 1, runs: runs.map((r) => ({ ...r, isActive: false })),
    });
    const plan = planGc(input({
      deletedExperiments: [
        experiment('2', 'mlflow-artifacts:/2', [run('r2', '2')]),
        experiment('3', 'mlflow-artifacts:/3', [run('r3', '3')]),
        experiment('4', 's3://shared/x', []),
        experiment('5', 's3://elsewhere/5', []),
      ],
      references: { runIds: ['r3'], locations: [] },
      experimentLocations: [{ experimentId: '9', artifactLocation: 's3://shared/x' }],
    }));
    assert.deepEqual(plan.experiments.map((e) => [e.experimentId, e.artifactPath]), [['2', '2'], ['4', undefined], ['5', undefined]]);
    assert.deepEqual(plan.kept.map((k) => [k.entityType, k.entityId]), [['run', 'r3'], ['experiment', '3']]);
  });

  it('never plans to remove the whole store', () => {
    const plan = planGc(input({ deletedRuns: [{ ...run('x'), artifactUri: 'mlflow-artifacts:/' }] }));
    assert.equal(plan.runs[0]?.artifactPath, undefined);
  });
});

describe('planGc compares folders, not spellings', () => {
  const experiment = (experimentId: string, artifactLocation: string, runs: ReturnType<typeof run>[] = []) => ({
    experimentId, name: `e${experimentId}`, artifactLocation, deletedTime: 1, runs: runs.map((r) => ({ ...r, isActive: false })),
  });
  const liveOne = { experimentId: '1', artifactLocation: 'mlflow-artifacts:/1' };

  it("leaves experiment 1's folder alone when a deleted experiment names it as mlflow-artifacts:/./1", () => {
    const evilRun = { ...run('e1', '5'), artifactUri: 'mlflow-artifacts:/./1/e1/artifacts' };
    const plan = planGc(input({
      deletedExperiments: [experiment('5', 'mlflow-artifacts:/./1', [evilRun])],
      experimentLocations: [liveOne, { experimentId: '5', artifactLocation: 'mlflow-artifacts:/./1' }],
    }));
    assert.deepEqual(plan.experiments.map((e) => [e.experimentId, e.artifactPath]), [['5', undefined]]);
    assert.match(plan.experiments[0]?.artifactsKeptReason ?? '', /is the folder of experiment 1 \(mlflow-artifacts:\/1\)/);
    assert.deepEqual(plan.runs.map((r) => [r.runId, r.artifactPath]), [['e1', '1/e1']], "its run's own folder, named by its id, goes");
  });

  it('sees other spellings of the store: a destination path, file:// and percent-encoding', () => {
    for (const location of ['/data/artifacts/1', 'file:///data/artifacts/./1', 'mlflow-artifacts:/%2e/1', 'mlflow-artifacts:/x/../1']) {
      const plan = planGc(input({ deletedExperiments: [experiment('5', location)], experimentLocations: [liveOne] }));
      assert.equal(plan.experiments[0]?.artifactPath, undefined, location);
    }
  });

  it('keeps a folder that contains a live run filed elsewhere, or that a model version lies above', () => {
    const plan = planGc(input({
      deletedExperiments: [experiment('3', 'mlflow-artifacts:/team')],
      deletedRuns: [run('a')],
      experimentLocations: [liveOne, { experimentId: '3', artifactLocation: 'mlflow-artifacts:/team' }],
      underivedRuns: [{ runId: 'r9', experimentId: '1', artifactUri: 'mlflow-artifacts:/team/r9/artifacts' }],
      references: { runIds: [], locations: ['mlflow-artifacts:/1'] },
    }));
    assert.match(plan.experiments[0]?.artifactsKeptReason ?? '', /contains the folder of run r9/);
    assert.deepEqual(plan.kept, [{ entityType: 'run', entityId: 'a', reason: 'a registered model version uses mlflow-artifacts:/1' }]);
  });

  it('keeps a run folder that is not named by its id, or that holds someone else', () => {
    const plan = planGc(input({
      deletedRuns: [{ ...run('odd'), artifactUri: 'mlflow-artifacts:/1/shared/artifacts' }, run('holder')],
      experimentLocations: [liveOne],
      underivedRuns: [
        { runId: 'odd', experimentId: '1', artifactUri: 'mlflow-artifacts:/1/shared/artifacts' },
        { runId: 'guest', experimentId: '2', artifactUri: 'mlflow-artifacts:/1/holder/guest' },
      ],
    }));
    assert.deepEqual(plan.runs.map((r) => [r.runId, r.artifactPath]), [['odd', undefined], ['holder', undefined]]);
    assert.match(plan.runs[1]?.artifactsKeptReason ?? '', /contains the folder of run guest/);
  });

  it("deletes a run filed outside its experiment's folder only when nothing else is there", () => {
    const plan = planGc(input({
      deletedRuns: [
        { ...run('lone'), artifactUri: 'mlflow-artifacts:/imported/lone' },
        { ...run('inside-other', '2'), artifactUri: 'mlflow-artifacts:/1/x/artifacts' },
      ],
      experimentLocations: [liveOne, { experimentId: '2', artifactLocation: 'mlflow-artifacts:/2' }],
      underivedRuns: [
        { runId: 'lone', experimentId: '1', artifactUri: 'mlflow-artifacts:/imported/lone' },
        { runId: 'inside-other', experimentId: '2', artifactUri: 'mlflow-artifacts:/1/x/artifacts' },
      ],
    }));
    assert.deepEqual(plan.runs.map((r) => [r.runId, r.artifactPath]), [['lone', 'imported/lone'], ['inside-other', undefined]]);
  });

  it('deletes a pending run folder, but keeps a pending folder that something live now uses', () => {
    const plan = planGc(input({
      experimentLocations: [liveOne],
      pendingArtifacts: [
        { path: '1/r3', entityType: 'run', entityId: 'r3', createdAt: 1 },
        { path: '1', entityType: 'experiment', entityId: '5', createdAt: 2 },
        { path: '1/r4/artifacts', entityType: 'run', entityId: 'r3', createdAt: 3 },
      ],
    }));
    assert.deepEqual(plan.pendingArtifacts.map((p) => p.path), ['1/r3']);
    assert.deepEqual(plan.keptPendingArtifacts.map((p) => [p.path, p.reason]), [
      ['1', 'it is the folder of experiment 1 (mlflow-artifacts:/1)'],
      ['1/r4/artifacts', 'it lies inside the folder of experiment 1 (mlflow-artifacts:/1)'],
    ]);
  });
});
