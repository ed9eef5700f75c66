/**
 * The runs table's repositories on every MetadataStore (run by saved-views.test.ts). Saved
 * views: list by name, find by id and by name, names unique per experiment (also when two saves
 * race), update and delete, gone with the experiment when gc purges it. Groups: run counts per
 * value of a param or tag under a filter.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { isStrataError } from '../core/errors.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { SavedView } from '../core/ports/saved-view-repository.js';
import { parseRunFilter } from '../core/search/index.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;

export function runSavedViewsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Saved views contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createExperiment = () => {
      counter += 1;
      return store.createExperiment({ name: `views-${counter}`, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 10 });
    };
    const view = (experimentId: string, viewName: string, time = 100): SavedView => {
      counter += 1;
      return { viewId: `view${String(counter).padStart(6, '0')}`, experimentId, name: viewName, state: `v=1&filter=${viewName}`, createdBy: 'ada', createdTime: time, lastUpdateTime: time };
    };
    const isAlreadyExists = (error: unknown) => isStrataError(error) && error.code === 'RESOURCE_ALREADY_EXISTS';

    it('lists an experiment’s views by name and finds one by id and by name', async () => {
      const experimentId = await createExperiment();
      const other = await createExperiment();
      const b = view(experimentId, 'b: loss < 1');
      const a = view(experimentId, 'A wide one');
      await store.insertSavedView(b);
      await store.insertSavedView(a);
      await store.insertSavedView(view(other, 'elsewhere'));
      assert.deepEqual(await store.listSavedViews(experimentId), [a, b]);
      assert.equal(await store.countSavedViews(experimentId), 2);
      assert.deepEqual(await store.findSavedView(b.viewId), b);
      assert.deepEqual(await store.findSavedViewByName(experimentId, 'A wide one'), a);
      assert.equal(await store.findSavedViewByName(other, 'A wide one'), undefined);
      assert.equal(await store.findSavedView('nope'), undefined);
      assert.deepEqual(await store.listSavedViews('not-an-id'), []);
    });

    it('keeps names unique per experiment, case-sensitively; another experiment may reuse one', async () => {
      const experimentId = await createExperiment();
      const other = await createExperiment();
      await store.insertSavedView(view(experimentId, 'best'));
      await assert.rejects(store.insertSavedView(view(experimentId, 'best')), isAlreadyExists);
      await store.insertSavedView(view(experimentId, 'Best'));
      await store.insertSavedView(view(other, 'best'));
      assert.deepEqual((await store.listSavedViews(experimentId)).map((v) => v.name), ['Best', 'best']);
    });

    it('one of two concurrent saves of a name wins; the other is RESOURCE_ALREADY_EXISTS', async () => {
      const experimentId = await createExperiment();
      const results = await Promise.allSettled([0, 1].map((i) => store.transaction((tx) => tx.insertSavedView(view(experimentId, 'race', i)))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const failure = results.find((r) => r.status === 'rejected');
      assert.ok(failure && isAlreadyExists(failure.reason), String(failure?.status === 'rejected' ? failure.reason : ''));
      assert.equal(await store.countSavedViews(experimentId), 1);
    });

    it('updates the name and state apart, refuses another view’s name, and deletes', async () => {
      const experimentId = await createExperiment();
      const first = view(experimentId, 'first');
      const second = view(experimentId, 'second');
      await store.insertSavedView(first);
      await store.insertSavedView(second);
      await store.updateSavedView(first.viewId, { state: 'v=1&sort=-metrics.acc', lastUpdateTime: 200 });
      assert.deepEqual(await store.findSavedView(first.viewId), { ...first, state: 'v=1&sort=-metrics.acc', lastUpdateTime: 200 });
      await store.updateSavedView(first.viewId, { name: 'renamed', lastUpdateTime: 300 });
      assert.equal((await store.findSavedView(first.viewId))?.name, 'renamed');
      await assert.rejects(store.updateSavedView(first.viewId, { name: 'second', lastUpdateTime: 400 }), isAlreadyExists);
      assert.equal(await store.deleteSavedView(second.viewId), true);
      assert.equal(await store.deleteSavedView(second.viewId), false);
      assert.deepEqual((await store.listSavedViews(experimentId)).map((v) => v.name), ['renamed']);
    });

    it('counts runs per value of a param or tag under a filter, with the runs missing the key', async () => {
      const experimentId = await createExperiment();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const runId = `grp${String(counter).padStart(6, '0')}${i}`;
        await store.createRun({ runId, experimentId, runName: `g${i}`, userId: 'u', status: 'FINISHED', startTime: i, artifactUri: `x:/${runId}`, tags: [] });
        if (i < 6) await store.insertParams(runId, [{ key: 'lr', value: ['0.1', '0.01', 'B', 'a'][i % 4] ?? '' }]);
        if (i > 0 && i < 4) await store.setRunTags(runId, [{ key: 'mlflow.parentRunId', value: ids[0] ?? '' }]);
        await store.logMetrics(runId, [{ key: 'acc', value: i / 10, step: 0, timestamp: 1 }]);
        ids.push(runId);
      }
      await store.setRunLifecycle(ids[5] ?? '', 'deleted', 9);
      const base = { experimentId, kind: 'param' as const, key: 'lr', filter: undefined, viewType: 'ACTIVE_ONLY' as const, maxResults: 100 };
      // Runs 0..4 active with lr 0.1, 0.01, B, a, 0.1; run 5 deleted; run 6 has no lr. Code-unit order.
      assert.deepEqual(await store.countRunsByValue(base), {
        values: [{ value: '0.01', runCount: 1 }, { value: '0.1', runCount: 2 }, { value: 'B', runCount: 1 }, { value: 'a', runCount: 1 }],
        missingCount: 1,
        truncated: false,
      });
      const filtered = await store.countRunsByValue({ ...base, filter: parseRunFilter('metrics.acc >= 0.2') });
      assert.deepEqual(filtered.values, [{ value: '0.1', runCount: 1 }, { value: 'B', runCount: 1 }, { value: 'a', runCount: 1 }]);
      assert.equal(filtered.missingCount, 1);
      const cut = await store.countRunsByValue({ ...base, maxResults: 2 });
      assert.equal(cut.values.length, 2);
      assert.equal(cut.truncated, true);
      // Nested runs per parent: only the values asked for.
      const children = await store.countRunsByValue({ ...base, kind: 'tag', key: 'mlflow.parentRunId', values: [ids[0] ?? '', ids[1] ?? '', 'nope'] });
      assert.deepEqual(children, { values: [{ value: ids[0], runCount: 3 }], missingCount: 0, truncated: false });
      assert.deepEqual((await store.countRunsByValue({ ...base, viewType: 'DELETED_ONLY' })).values, [{ value: '0.01', runCount: 1 }]);
    });

    it('gc’s purge of a deleted experiment takes its saved views with it', async () => {
      const experimentId = await createExperiment();
      await store.insertSavedView(view(experimentId, 'doomed'));
      await store.setExperimentLifecycle(experimentId, 'deleted', 50);
      assert.equal(await store.purgeExperiment(experimentId), true);
      assert.deepEqual(await store.listSavedViews(experimentId), []);
    });
  });
}
