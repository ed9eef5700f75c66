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
    experimentLocations: [],
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
