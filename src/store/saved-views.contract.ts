/**
 * The saved-view repository on every MetadataStore (run by saved-views.test.ts): list by name,
 * find by id and by name, names unique per experiment (also when two saves race), update and
 * delete, and an experiment's views gone with the experiment when gc purges it.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { isStrataError } from '../core/errors.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { SavedView } from '../core/ports/saved-view-repository.js';
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

    it('gc’s purge of a deleted experiment takes its saved views with it', async () => {
      const experimentId = await createExperiment();
      await store.insertSavedView(view(experimentId, 'doomed'));
      await store.setExperimentLifecycle(experimentId, 'deleted', 50);
      assert.equal(await store.purgeExperiment(experimentId), true);
      assert.deepEqual(await store.listSavedViews(experimentId), []);
    });
  });
}
