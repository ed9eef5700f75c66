/**
 * Gate results on every MetadataStore (run by gate-results.test.ts): a result stored whole and
 * found by id (NaN and infinite rule values survive the JSON round trip), lists newest first by
 * run, by model, version and gate — with results of one millisecond in insertion order — a
 * result following its model's rename and going with the model when it is deleted, a result going
 * with its run when gc purges it, and a result written inside a rolled-back transaction leaving
 * nothing behind.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { GateResult } from '../core/gates/gate-entities.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;

function result(overrides: Partial<GateResult> = {}): GateResult {
  counter += 1;
  return {
    resultId: `res${String(counter).padStart(6, '0')}`, gate: 'offline-eval', specHash: 'a'.repeat(64), specText: 'name: offline-eval\n', status: 'passed',
    runId: 'run1', modelName: null, version: null, champion: null,
    rules: [{ rule: 'metrics.auc >= 0.9', line: 3, kind: 'threshold', status: 'passed', value: 0.93, threshold: 0.9, message: 'auc 0.93 >= 0.9' }],
    ranBy: 'alice', ciJobUrl: null, ci: {}, createdTime: 100, ...overrides,
  };
}

export function runGateResultsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Gate results contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createModel = async () => {
      counter += 1;
      const model = `fraud-${counter}`;
      await store.createRegisteredModel({ name: model, description: null, tags: [], creationTime: 1 });
      for (let i = 0; i < 2; i += 1) {
        await store.createModelVersion({
          modelName: model, source: 's3://b/m', storageLocation: 's3://b/m', runId: null, runLink: null, description: null, userId: null, status: 'READY', tags: [], creationTime: 2,
        });
      }
      return model;
    };
    const ids = (results: GateResult[]) => results.map((r) => r.resultId);

    it('stores a result whole and finds it by id, non-finite values included', async () => {
      const model = await createModel();
      const stored = result({
        modelName: model, version: 2, status: 'failed', champion: { modelName: model, alias: 'production', version: 1, runId: 'run0' },
        rules: [
          { rule: 'metrics.auc >= champion + 0.005', line: 4, kind: 'champion', status: 'failed', value: Number.NaN, championValue: 0.9, threshold: 0.905, delta: Number.NaN, message: 'auc is NaN' },
          { rule: 'metrics.loss <= 1', line: 5, kind: 'threshold', status: 'failed', value: Number.POSITIVE_INFINITY, threshold: 1, message: 'loss is infinite', details: { note: 'NaN' } },
          { rule: '{ tag: owner }', line: 6, kind: 'tag', status: 'passed', value: 'NaN', message: 'a string value stays a string' },
        ],
        ciJobUrl: 'https://ci.example/jobs/1', ci: { commit: 'a1b2c3', ref: 'refs/heads/main' },
      });
      await store.insertGateResult(stored);
      assert.deepEqual(await store.findGateResult(stored.resultId), stored);
      assert.equal(await store.findGateResult('nope'), undefined);
    });

    it('lists newest first by run, by model, version and gate, same-millisecond results in the order recorded', async () => {
      const model = await createModel();
      const other = await createModel();
      const a = result({ runId: 'run-a', modelName: model, version: 1, createdTime: 100 });
      const b = result({ runId: 'run-a', modelName: model, version: 1, createdTime: 200, gate: 'fairness' });
      const c = result({ runId: 'run-b', modelName: model, version: 2, createdTime: 200 });
      const d = result({ runId: 'run-b', modelName: model, version: 2, createdTime: 200, status: 'failed' });
      const e = result({ runId: 'run-a', modelName: other, version: 1, createdTime: 300 });
      const bare = result({ runId: 'run-a', createdTime: 50 });
      for (const r of [a, b, c, d, e, bare]) await store.insertGateResult(r);
      assert.deepEqual(ids(await store.listGateResults({ runId: 'run-a', maxResults: 10 })), ids([e, b, a, bare]));
      assert.deepEqual(ids(await store.listGateResults({ modelName: model, maxResults: 10 })), ids([d, c, b, a]));
      assert.deepEqual(ids(await store.listGateResults({ modelName: model, version: 2, maxResults: 10 })), ids([d, c]));
      assert.deepEqual(ids(await store.listGateResults({ modelName: model, gate: 'offline-eval', maxResults: 1 })), ids([d]));
      assert.deepEqual(ids(await store.listGateResults({ modelName: model, version: 1, gate: 'fairness', maxResults: 10 })), ids([b]));
      assert.deepEqual(ids(await store.listGateResults({ runId: 'run-a', gate: 'offline-eval', modelName: model, maxResults: 10 })), ids([a]));
      assert.deepEqual(await store.listGateResults({ modelName: 'no-such-model', maxResults: 10 }), []);
    });

    it('follows a rename of its model and goes with the model when it is deleted', async () => {
      const model = await createModel();
      const stored = result({ modelName: model, version: 1, champion: { modelName: model, alias: 'production', version: 2, runId: null } });
      const bare = result({ runId: 'run-kept' });
      await store.insertGateResult(stored);
      await store.insertGateResult(bare);
      await store.renameRegisteredModel(model, `${model}-renamed`, 30);
      const renamed = await store.findGateResult(stored.resultId);
      assert.equal(renamed?.modelName, `${model}-renamed`);
      assert.equal(renamed?.champion?.modelName, `${model}-renamed`);
      assert.deepEqual(ids(await store.listGateResults({ modelName: `${model}-renamed`, maxResults: 10 })), [stored.resultId]);
      assert.deepEqual(await store.listGateResults({ modelName: model, maxResults: 10 }), []);
      await store.deleteRegisteredModel(`${model}-renamed`);
      assert.equal(await store.findGateResult(stored.resultId), undefined);
      await store.createRegisteredModel({ name: `${model}-renamed`, description: null, tags: [], creationTime: 40 });
      assert.deepEqual(await store.listGateResults({ modelName: `${model}-renamed`, maxResults: 10 }), [], 'a new model of the name inherits nothing');
      assert.deepEqual(ids(await store.listGateResults({ runId: 'run-kept', maxResults: 10 })), [bare.resultId]);
    });

    it('goes with its run when gc purges the run', async () => {
      counter += 1;
      const experimentId = await store.createExperiment({ name: `gates-${counter}`, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 1 });
      for (const runId of [`gone-${counter}`, `kept-${counter}`]) {
        await store.createRun({ runId, experimentId, runName: runId, userId: 'u', status: 'FINISHED', startTime: 1, artifactUri: `mlflow-artifacts:/${experimentId}/${runId}`, tags: [] });
      }
      const gone = result({ runId: `gone-${counter}` });
      const kept = result({ runId: `kept-${counter}` });
      await store.insertGateResult(gone);
      await store.insertGateResult(kept);
      await store.setRunLifecycle(gone.runId, 'deleted', 10);
      assert.equal(await store.transaction((tx) => tx.purgeRun(gone.runId)), true);
      assert.equal(await store.findGateResult(gone.resultId), undefined);
      assert.deepEqual(ids(await store.listGateResults({ runId: kept.runId, maxResults: 10 })), [kept.resultId]);
    });

    it('keeps nothing of a result written in a transaction that rolls back', async () => {
      const stored = result({ runId: 'run-rolled-back' });
      await assert.rejects(store.transaction(async (tx) => {
        await tx.insertGateResult(stored);
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.findGateResult(stored.resultId), undefined);
    });
  });
}
