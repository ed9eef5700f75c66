/**
 * The runs table's reads on every MetadataStore (run by metadata-store.test.ts): experiment keys
 * with run counts, and runs/search with a column projection.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { MetadataStore, RunColumns } from '../core/ports/metadata-store.js';
import { parseRunOrderBy } from '../core/search/index.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;

export function runRunColumnsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Run columns contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createExperiment = (experimentName: string) =>
      store.createExperiment({ name: experimentName, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 10 });
    async function createRun(experimentId: string, startTime: number): Promise<string> {
      counter += 1;
      const runId = `cols${String(counter).padStart(6, '0')}${Math.random().toString(16).slice(2, 10)}`;
      await store.createRun({ runId, experimentId, runName: `r${counter}`, userId: 'u', status: 'RUNNING', startTime, artifactUri: `x:/${runId}`, tags: [] });
      return runId;
    }
    /** Three active runs and one deleted, with overlapping keys; another experiment's keys must not show. */
    async function seed() {
      const experimentId = await createExperiment(`cols-${counter}`);
      const other = await createExperiment(`cols-other-${counter}`);
      const [a, b, c, gone] = [await createRun(experimentId, 1), await createRun(experimentId, 2), await createRun(experimentId, 3), await createRun(experimentId, 4)];
      await store.insertParams(a, [{ key: 'lr', value: '0.1' }, { key: 'model', value: 'resnet' }]);
      await store.insertParams(b, [{ key: 'lr', value: '0.2' }]);
      await store.insertParams(gone, [{ key: 'only_deleted', value: 'x' }, { key: 'lr', value: '9' }]);
      await store.logMetrics(a, [{ key: 'loss', value: 3, step: 0, timestamp: 1 }, { key: 'loss', value: 1, step: 1, timestamp: 2 }, { key: 'acc', value: Number.NaN, step: 0, timestamp: 1 }]);
      await store.logMetrics(b, [{ key: 'loss', value: 2, step: 5, timestamp: 1 }]);
      await store.logMetrics(c, [{ key: 'loss', value: Number.POSITIVE_INFINITY, step: 0, timestamp: 1 }, { key: 'val.loss', value: 4, step: 0, timestamp: 1 }]);
      await store.logMetrics(gone, [{ key: 'loss', value: 0, step: 0, timestamp: 1 }, { key: 'gone_metric', value: 0, step: 0, timestamp: 1 }]);
      await store.setRunTags(c, [{ key: 'team', value: 'vision' }]);
      await store.setRunTags(gone, [{ key: 'team', value: 'x' }]);
      await store.setRunLifecycle(gone, 'deleted', 100);
      const elsewhere = await createRun(other, 1);
      await store.insertParams(elsewhere, [{ key: 'elsewhere', value: '1' }]);
      await store.logMetrics(elsewhere, [{ key: 'elsewhere', value: 1, step: 0, timestamp: 1 }]);
      return { experimentId, a, b, c, gone };
    }

    it("lists an experiment's keys of active runs with run counts, sorted, without deleted runs' keys", async () => {
      const { experimentId } = await seed();
      const keys = await store.experimentKeys({ experimentId, maxResults: 100 });
      assert.deepEqual(keys, {
        params: [{ key: 'lr', runCount: 2 }, { key: 'model', runCount: 1 }],
        metrics: [{ key: 'acc', runCount: 1 }, { key: 'loss', runCount: 3 }, { key: 'val.loss', runCount: 1 }],
        tags: [{ key: 'team', runCount: 1 }],
        truncated: false,
      });
    });

    it('filters keys by prefix and cuts each list at maxResults', async () => {
      const { experimentId } = await seed();
      const byPrefix = await store.experimentKeys({ experimentId, prefix: 'lo', maxResults: 100 });
      assert.deepEqual(byPrefix, { params: [], metrics: [{ key: 'loss', runCount: 3 }], tags: [], truncated: false });
      const cut = await store.experimentKeys({ experimentId, maxResults: 1 });
      assert.deepEqual(cut.metrics, [{ key: 'acc', runCount: 1 }]);
      assert.equal(cut.truncated, true);
      assert.deepEqual(await store.experimentKeys({ experimentId: 'nope', maxResults: 10 }), { params: [], metrics: [], tags: [], truncated: false });
    });

    it('returns only the chosen columns per run, latest metric values, in the search order with page tokens', async () => {
      const { experimentId, a, b, c } = await seed();
      const columns: RunColumns = { params: ['lr', 'missing'], metrics: ['loss', 'acc'], tags: ['team'] };
      const query = { experimentIds: [experimentId], orderBy: parseRunOrderBy(['metrics.loss ASC']), viewType: 'ACTIVE_ONLY' as const, maxResults: 2 };
      const first = await store.searchRunColumns(query, columns);
      assert.deepEqual(first.items.map((r) => r.info.runId), [a, b]);
      assert.deepEqual(first.items[0]?.data, {
        params: [{ key: 'lr', value: '0.1' }],
        metrics: [{ key: 'acc', value: Number.NaN, step: 0, timestamp: 1 }, { key: 'loss', value: 1, step: 1, timestamp: 2 }],
        tags: [],
      });
      assert.deepEqual(first.items[0]?.inputs, { datasetInputs: [] });
      assert.ok(first.nextPageToken);
      const second = await store.searchRunColumns({ ...query, pageToken: first.nextPageToken }, columns);
      assert.deepEqual(second.items.map((r) => r.info.runId), [c]);
      assert.deepEqual(second.items[0]?.data, {
        params: [],
        metrics: [{ key: 'loss', value: Number.POSITIVE_INFINITY, step: 0, timestamp: 1 }],
        tags: [{ key: 'team', value: 'vision' }],
      });
      assert.equal(second.nextPageToken, undefined);
      const bare = await store.searchRunColumns({ ...query, maxResults: 10 }, { params: [], metrics: [], tags: [] });
      assert.equal(bare.items.length, 3);
      assert.deepEqual(bare.items[2]?.data, { params: [], metrics: [], tags: [] });
      assert.equal(bare.items[2]?.info.runName.startsWith('r'), true);
    });
  });
}
