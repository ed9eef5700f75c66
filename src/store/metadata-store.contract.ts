/**
 * The MetadataStore contract: behaviour every implementation must show, run by
 * metadata-store.sqlite.test.ts and metadata-store.postgres.test.ts. Each test gets
 * a fresh, migrated store from `makeStore` and closes it afterwards.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Metric } from '../core/entities.js';
import { randomBytes } from 'node:crypto';
import { isStrataError } from '../core/errors.js';
import type { MetadataStore, NewRun, RunSearchQuery } from '../core/ports/metadata-store.js';
import { parseExperimentFilter, parseExperimentOrderBy, parseModelVersionFilter, parseModelVersionOrderBy, parseRunFilter, parseRunOrderBy } from '../core/search/index.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';

export interface ContractOptions {
  /** A reason to skip the whole suite (e.g. the database is unreachable); false or absent runs it. */
  skip?: string | false;
}

let runCounter = 0;

function newRun(experimentId: string, overrides: Partial<NewRun> = {}): NewRun {
  runCounter += 1;
  const runId = `run${String(runCounter).padStart(6, '0')}${Math.random().toString(16).slice(2, 10)}`;
  return {
    runId,
    experimentId,
    runName: `run-${runCounter}`,
    userId: 'alice',
    status: 'RUNNING',
    startTime: 1_000 + runCounter,
    artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    tags: [],
    ...overrides,
  };
}

const point = (key: string, value: number, step: number, timestamp = 1_000): Metric => ({ key, value, step, timestamp });

function assertStrataCode(code: string, messageStart?: string) {
  return (error: unknown): boolean => {
    assert.ok(isStrataError(error), `expected a StrataError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (messageStart) assert.ok(error.message.startsWith(messageStart), error.message);
    return true;
  };
}

export function runMetadataStoreContract(
  name: string,
  makeStore: () => Promise<MetadataStore>,
  options: ContractOptions = {},
): void {
  describeOrSkip(`MetadataStore contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createExperiment = (experimentName: string, creationTime = 10) =>
      store.createExperiment({ name: experimentName, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime });

    async function createRun(experimentId = '0', overrides: Partial<NewRun> = {}): Promise<string> {
      const run = newRun(experimentId, overrides);
      await store.createRun(run);
      return run.runId;
    }

    describe('migrations and seed', () => {
      it('seeds the Default experiment with id 0 and numbers new experiments from 1', async () => {
        const seeded = await store.findExperiment('0');
        assert.equal(seeded?.name, 'Default');
        assert.equal(seeded?.lifecycleStage, 'active');
        assert.equal(seeded?.artifactLocation, 'mlflow-artifacts:/0');
        assert.equal(await createExperiment('first'), '1');
        assert.equal(await createExperiment('second'), '2');
      });

      it('applies nothing when migrated again', async () => {
        assert.deepEqual(await store.migrate(), []);
      });
    });

    describe('experiments', () => {
      it('creates with a fixed or derived artifact location and tags', async () => {
        const fixed = await store.createExperiment({
          name: 'fixed',
          artifactLocation: 's3://bucket/fixed',
          tags: [{ key: 'team', value: 'vision' }, { key: 'a', value: '1' }],
          creationTime: 42,
        });
        const derived = await createExperiment('derived');
        const found = await store.findExperiment(fixed);
        assert.deepEqual(found, {
          experimentId: fixed,
          name: 'fixed',
          artifactLocation: 's3://bucket/fixed',
          lifecycleStage: 'active',
          creationTime: 42,
          lastUpdateTime: 42,
          tags: [{ key: 'a', value: '1' }, { key: 'team', value: 'vision' }],
        });
        assert.equal((await store.findExperiment(derived))?.artifactLocation, `mlflow-artifacts:/${derived}`);
        assert.equal((await store.findExperimentByName('derived'))?.experimentId, derived);
      });

      it('finds nothing for unknown or malformed ids and names', async () => {
        assert.equal(await store.findExperiment('999'), undefined);
        assert.equal(await store.findExperiment('abc'), undefined);
        assert.equal(await store.findExperimentByName('nope'), undefined);
      });

      it('rejects a duplicate name on create and on rename', async () => {
        await createExperiment('dup');
        const other = await createExperiment('other');
        await assert.rejects(createExperiment('dup'), assertStrataCode('RESOURCE_ALREADY_EXISTS', 'Experiment(name=dup) already exists.'));
        await assert.rejects(store.renameExperiment(other, 'dup', 20), assertStrataCode('RESOURCE_ALREADY_EXISTS', 'Experiment(name=dup) already exists.'));
        // The store is still usable after the failed statement.
        assert.equal((await store.findExperiment(other))?.name, 'other');
      });

      it('renames and records the update time', async () => {
        const id = await createExperiment('before', 10);
        await store.renameExperiment(id, 'after', 99);
        const found = await store.findExperiment(id);
        assert.equal(found?.name, 'after');
        assert.equal(found?.lastUpdateTime, 99);
        assert.equal(await store.findExperimentByName('before'), undefined);
      });

      it('sets, overwrites and deletes tags', async () => {
        const id = await createExperiment('tagged');
        await store.setExperimentTag(id, { key: 'k', value: 'v1' });
        await store.setExperimentTag(id, { key: 'k', value: 'v2' });
        assert.deepEqual((await store.findExperiment(id))?.tags, [{ key: 'k', value: 'v2' }]);
        assert.equal(await store.deleteExperimentTag(id, 'k'), true);
        assert.equal(await store.deleteExperimentTag(id, 'k'), false);
        assert.deepEqual((await store.findExperiment(id))?.tags, []);
      });

      it('deleting cascades to active runs; restoring brings back only those', async () => {
        const id = await createExperiment('cascade');
        const active = await createRun(id);
        const deletedBefore = await createRun(id);
        await store.setRunLifecycle(deletedBefore, 'deleted', 100);
        await store.setExperimentLifecycle(id, 'deleted', 200);
        assert.equal((await store.findExperiment(id))?.lifecycleStage, 'deleted');
        assert.equal((await store.findExperiment(id))?.lastUpdateTime, 200);
        assert.equal((await store.findRunInfo(active))?.lifecycleStage, 'deleted');
        await store.setExperimentLifecycle(id, 'active', 300);
        assert.equal((await store.findExperiment(id))?.lifecycleStage, 'active');
        assert.equal((await store.findRunInfo(active))?.lifecycleStage, 'active');
        assert.equal((await store.findRunInfo(deletedBefore))?.lifecycleStage, 'deleted');
      });

      it('searches experiments by view type, in pages', async () => {
        const ids = [await createExperiment('s1'), await createExperiment('s2'), await createExperiment('s3')];
        await store.setExperimentLifecycle(ids[2] ?? '', 'deleted', 50);
        const nameAsc = [{ entity: { kind: 'attribute' as const, key: 'name' }, ascending: true }];
        const active = await store.searchExperiments({ orderBy: nameAsc, viewType: 'ACTIVE_ONLY', maxResults: 10 });
        assert.deepEqual(active.items.map((e) => e.name), ['Default', 's1', 's2']);
        const deleted = await store.searchExperiments({ orderBy: nameAsc, viewType: 'DELETED_ONLY', maxResults: 10 });
        assert.deepEqual(deleted.items.map((e) => e.name), ['s3']);
        const first = await store.searchExperiments({ orderBy: nameAsc, viewType: 'ALL', maxResults: 2 });
        assert.deepEqual(first.items.map((e) => e.name), ['Default', 's1']);
        assert.ok(first.nextPageToken);
        const second = await store.searchExperiments({ orderBy: nameAsc, viewType: 'ALL', maxResults: 2, pageToken: first.nextPageToken });
        assert.deepEqual(second.items.map((e) => e.name), ['s2', 's3']);
        assert.equal(second.nextPageToken, undefined);
      });

      it('counts active runs per experiment with their latest activity (end time, else start time)', async () => {
        const busy = await createExperiment('stats-busy');
        const idle = await createExperiment('stats-idle');
        const ended = newRun(busy, { startTime: 5_000 });
        await store.createRun(ended);
        await store.updateRunInfo(ended.runId, { status: 'FINISHED', endTime: 9_000 });
        await store.createRun(newRun(busy, { startTime: 7_000 }));
        const gone = newRun(busy, { startTime: 20_000 });
        await store.createRun(gone);
        await store.setRunLifecycle(gone.runId, 'deleted', 21_000);
        const stats = await store.experimentRunStats([busy, idle, 'not-an-id', '999999']);
        assert.deepEqual(stats, [{ experimentId: busy, runCount: 2, lastRunTime: 9_000 }]);
        assert.deepEqual(await store.experimentRunStats([]), []);
      });
    });

    describe('runs', () => {
      it('creates a run and reads it back whole', async () => {
        const run = newRun('0', { tags: [{ key: 'mlflow.runName', value: 'r' }, { key: 'b', value: '2' }] });
        await store.createRun(run);
        const found = await store.findRun(run.runId);
        assert.deepEqual(found, {
          info: {
            runId: run.runId,
            runName: run.runName,
            experimentId: '0',
            userId: 'alice',
            status: 'RUNNING',
            startTime: run.startTime,
            endTime: null,
            artifactUri: run.artifactUri,
            lifecycleStage: 'active',
          },
          data: { metrics: [], params: [], tags: [{ key: 'b', value: '2' }, { key: 'mlflow.runName', value: 'r' }] },
          inputs: { datasetInputs: [] },
        });
        assert.deepEqual(await store.findRunInfo(run.runId), found?.info);
        assert.equal(await store.findRun('missing'), undefined);
        assert.equal(await store.findRunInfo('missing'), undefined);
      });

      it('updates only the given info fields', async () => {
        const runId = await createRun();
        await store.updateRunInfo(runId, { status: 'FINISHED', endTime: 5_000 });
        await store.updateRunInfo(runId, { runName: 'renamed' });
        await store.updateRunInfo(runId, {});
        const info = await store.findRunInfo(runId);
        assert.equal(info?.status, 'FINISHED');
        assert.equal(info?.endTime, 5_000);
        assert.equal(info?.runName, 'renamed');
      });

      it('deletes and restores a run', async () => {
        const runId = await createRun();
        await store.setRunLifecycle(runId, 'deleted', 10);
        assert.equal((await store.findRunInfo(runId))?.lifecycleStage, 'deleted');
        await store.setRunLifecycle(runId, 'active', 20);
        assert.equal((await store.findRunInfo(runId))?.lifecycleStage, 'active');
      });

      it('upserts tags (last value in a batch wins) and deletes them', async () => {
        const runId = await createRun();
        await store.setRunTags(runId, [{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'b', value: 'x' }]);
        await store.setRunTags(runId, [{ key: 'b', value: 'y' }]);
        assert.deepEqual((await store.findRun(runId))?.data.tags, [{ key: 'a', value: '2' }, { key: 'b', value: 'y' }]);
        assert.equal(await store.deleteRunTag(runId, 'a'), true);
        assert.equal(await store.deleteRunTag(runId, 'a'), false);
        assert.deepEqual((await store.findRun(runId))?.data.tags, [{ key: 'b', value: 'y' }]);
      });

      it('inserts params, leaves an existing key as is and returns what was already stored', async () => {
        const runId = await createRun();
        assert.deepEqual(await store.insertParams(runId, [{ key: 'lr', value: '0.1' }, { key: 'bs', value: '32' }]), []);
        assert.deepEqual(await store.insertParams(runId, [{ key: 'lr', value: '0.1' }, { key: 'epochs', value: '3' }]), [
          { key: 'lr', value: '0.1' },
        ]);
        // A different value for a present key is not written; the stored one comes back, ordered by key.
        assert.deepEqual(
          await store.insertParams(runId, [{ key: 'lr', value: '0.5' }, { key: 'new', value: 'n' }, { key: 'bs', value: '64' }]),
          [{ key: 'bs', value: '32' }, { key: 'lr', value: '0.1' }],
        );
        assert.deepEqual((await store.findRun(runId))?.data.params, [
          { key: 'bs', value: '32' },
          { key: 'epochs', value: '3' },
          { key: 'lr', value: '0.1' },
          { key: 'new', value: 'n' },
        ]);
      });

      it('keeps no param of a batch whose transaction fails after the insert', async () => {
        const runId = await createRun();
        await store.insertParams(runId, [{ key: 'lr', value: '0.1' }]);
        await assert.rejects(
          store.transaction(async (tx) => {
            const stored = await tx.insertParams(runId, [{ key: 'bs', value: '32' }, { key: 'lr', value: '0.2' }]);
            assert.deepEqual(stored, [{ key: 'lr', value: '0.1' }]);
            throw new Error('changed value');
          }),
          /changed value/,
        );
        assert.deepEqual((await store.findRun(runId))?.data.params, [{ key: 'lr', value: '0.1' }]);
      });

      it('searches runs and hydrates them in the order the search returns', async () => {
        const id = await createExperiment('search-runs');
        const runIds: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          const runId = await createRun(id, { startTime: 100 + i });
          await store.logMetrics(runId, [point('acc', i / 10, 0)]);
          await store.insertParams(runId, [{ key: 'i', value: String(i) }]);
          runIds.push(runId);
        }
        const query: RunSearchQuery = {
          experimentIds: [id],
          filter: { type: 'numeric', identifier: { kind: 'metric', key: 'acc' }, op: '>=', value: 0.1 },
          orderBy: [{ entity: { kind: 'metric', key: 'acc' }, ascending: false }],
          viewType: 'ACTIVE_ONLY',
          maxResults: 3,
        };
        const first = await store.searchRuns(query);
        assert.deepEqual(first.items.map((r) => r.info.runId), [runIds[4], runIds[3], runIds[2]]);
        assert.deepEqual(first.items[0]?.data.params, [{ key: 'i', value: '4' }]);
        assert.deepEqual(first.items[0]?.data.metrics, [point('acc', 0.4, 0)]);
        assert.ok(first.nextPageToken);
        const second = await store.searchRuns({ ...query, pageToken: first.nextPageToken });
        assert.deepEqual(second.items.map((r) => r.info.runId), [runIds[1]]);
        assert.equal(second.nextPageToken, undefined);
      });
    });

    describe('metrics', () => {
      it('round-trips NaN and ±Infinity in history and latest values', async () => {
        const runId = await createRun();
        await store.logMetrics(runId, [
          point('nan', Number.NaN, 0),
          point('pinf', Number.POSITIVE_INFINITY, 0),
          point('ninf', Number.NEGATIVE_INFINITY, 0),
          point('big', Number.MAX_VALUE, 0),
        ]);
        const latest = (await store.findRun(runId))?.data.metrics ?? [];
        const byKey = new Map(latest.map((m) => [m.key, m.value]));
        assert.ok(Number.isNaN(byKey.get('nan')));
        assert.equal(byKey.get('pinf'), Number.POSITIVE_INFINITY);
        assert.equal(byKey.get('ninf'), Number.NEGATIVE_INFINITY);
        assert.equal(byKey.get('big'), Number.MAX_VALUE);
        const history = await store.getMetricHistory({ runId, key: 'ninf' });
        assert.deepEqual(history.items, [point('ninf', Number.NEGATIVE_INFINITY, 0)]);
        assert.ok(Number.isNaN((await store.getMetricHistory({ runId, key: 'nan' })).items[0]?.value));
      });

      it('stores an identical point once', async () => {
        const runId = await createRun();
        await store.logMetrics(runId, [point('loss', 1, 0), point('loss', 1, 0)]);
        await store.logMetrics(runId, [point('loss', 1, 0), point('loss', Number.NaN, 0)]);
        await store.logMetrics(runId, [point('loss', Number.NaN, 0)]);
        const history = await store.getMetricHistory({ runId, key: 'loss' });
        assert.equal(history.items.length, 2);
      });

      it('keeps the latest value by step, then timestamp, then value', async () => {
        const runId = await createRun();
        const latest = async (): Promise<Metric | undefined> => (await store.findRun(runId))?.data.metrics[0];
        await store.logMetrics(runId, [point('m', 5, 10, 100)]);
        await store.logMetrics(runId, [point('m', 9, 3, 999)]); // older step logged later
        assert.deepEqual(await latest(), point('m', 5, 10, 100));
        await store.logMetrics(runId, [point('m', 1, 10, 101)]); // same step, newer timestamp
        assert.deepEqual(await latest(), point('m', 1, 10, 101));
        await store.logMetrics(runId, [point('m', 2, 10, 101)]); // same step and time, larger value
        assert.deepEqual(await latest(), point('m', 2, 10, 101));
        await store.logMetrics(runId, [point('m', 0, 10, 101)]); // smaller value loses
        assert.deepEqual(await latest(), point('m', 2, 10, 101));
        await store.logMetrics(runId, [point('m', 7, 12, 1), point('m', 8, 11, 5)]); // within a batch
        assert.deepEqual(await latest(), point('m', 7, 12, 1));
      });

      it('compares a NaN point as value 0, as MLflow does', async () => {
        const runId = await createRun();
        await store.logMetrics(runId, [point('m', -1, 0, 100), point('m', Number.NaN, 0, 100)]);
        assert.ok(Number.isNaN((await store.findRun(runId))?.data.metrics[0]?.value));
        await store.logMetrics(runId, [point('m', 0.5, 0, 100)]);
        assert.equal((await store.findRun(runId))?.data.metrics[0]?.value, 0.5);
      });

      it('logs 10,000 points in one call', async () => {
        const runId = await createRun();
        const points = Array.from({ length: 10_000 }, (_, i) => point(`k${i % 4}`, i, Math.floor(i / 4), 5_000 + i));
        await store.logMetrics(runId, points);
        const history = await store.getMetricHistory({ runId, key: 'k3' });
        assert.equal(history.items.length, 2_500);
        assert.deepEqual(history.items.at(-1), point('k3', 9_999, 2_499, 14_999));
        const latest = (await store.findRun(runId))?.data.metrics ?? [];
        assert.deepEqual(latest.map((m) => m.step), [2_499, 2_499, 2_499, 2_499]);
      });

      it('pages the history with an opaque token, ordered by step and timestamp', async () => {
        const runId = await createRun();
        const points = [point('p', 1, 2, 5), point('p', Number.POSITIVE_INFINITY, 1, 9), point('p', 3, 1, 3), point('p', 4, 0, 7), point('p', 5, 3, 1)];
        await store.logMetrics(runId, points);
        const seen: Metric[] = [];
        let pageToken: string | undefined;
        let pages = 0;
        do {
          const page = await store.getMetricHistory({ runId, key: 'p', maxResults: 2, ...(pageToken ? { pageToken } : {}) });
          seen.push(...page.items);
          pageToken = page.nextPageToken;
          pages += 1;
        } while (pageToken);
        assert.equal(pages, 3);
        assert.deepEqual(seen.map((m) => [m.step, m.timestamp]), [[0, 7], [1, 3], [1, 9], [2, 5], [3, 1]]);
        await assert.rejects(store.getMetricHistory({ runId, key: 'p', maxResults: 2, pageToken: 'garbage' }), assertStrataCode('INVALID_PARAMETER_VALUE'));
        assert.deepEqual(await store.getMetricHistory({ runId, key: 'absent' }), { items: [] });
      });

      it('lists steps and reads points at steps across runs', async () => {
        const a = await createRun();
        const b = await createRun();
        await store.logMetrics(a, [point('x', 1, 0), point('x', 2, 5), point('x', 3, 10), point('y', 0, 7)]);
        await store.logMetrics(b, [point('x', 4, 5), point('x', 5, 20), point('x', 6, 5, 2_000)]);
        assert.deepEqual(await store.listMetricSteps([a, b], 'x'), [0, 5, 10, 20]);
        assert.deepEqual(await store.listMetricSteps([a, b], 'x', 5, 10), [5, 10]);
        const atSteps = await store.getMetricsAtSteps([b, a], 'x', [5, 20]);
        const [first, second] = [a, b].sort();
        const expected = [
          ...(first === a ? [{ runId: a, ...point('x', 2, 5) }] : []),
          { runId: b, ...point('x', 4, 5) },
          { runId: b, ...point('x', 6, 5, 2_000) },
          { runId: b, ...point('x', 5, 20) },
          ...(second === a ? [{ runId: a, ...point('x', 2, 5) }] : []),
        ];
        assert.deepEqual(atSteps, expected);
      });

      it('loses no point when 16 logMetrics calls on one run race', async () => {
        const runId = await createRun();
        await Promise.all(
          Array.from({ length: 16 }, (_, writer) =>
            store.logMetrics(runId, Array.from({ length: 50 }, (_, i) => point(i % 2 ? 'a' : 'b', writer, writer * 50 + i, writer))),
          ),
        );
        const a = await store.getMetricHistory({ runId, key: 'a' });
        const b = await store.getMetricHistory({ runId, key: 'b' });
        assert.equal(a.items.length + b.items.length, 800);
        const latest = (await store.findRun(runId))?.data.metrics ?? [];
        assert.deepEqual(latest.map((m) => [m.key, m.step]), [['a', 799], ['b', 798]]);
      });

      it('returns a 100,000-point history quickly', async () => {
        const runId = await createRun();
        await store.logMetrics(runId, Array.from({ length: 100_000 }, (_, i) => point('big', i * 0.5, i, 1_000 + i)));
        const started = performance.now();
        const history = await store.getMetricHistory({ runId, key: 'big' });
        const elapsed = performance.now() - started;
        assert.equal(history.items.length, 100_000);
        assert.equal(history.items[99_999]?.step, 99_999);
        // The brief's bound (100 ms) is checked on SQLite in its own test; here a generous one.
        assert.ok(elapsed < 2_000, `history took ${elapsed.toFixed(0)} ms`);
      });
    });

    describe('dataset inputs', () => {
      const dataset = { name: 'train', digest: 'abc123', sourceType: 'local', source: '/data/train', schema: '{"cols":[]}' };

      it('stores a dataset once per experiment and ignores a repeated input', async () => {
        const id = await createExperiment('datasets');
        const r1 = await createRun(id);
        const r2 = await createRun(id);
        const input = { tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset };
        await store.logInputs(r1, id, [input]);
        await store.logInputs(r1, id, [input]);
        await store.logInputs(r2, id, [{ tags: [], dataset }]);
        assert.deepEqual((await store.findRun(r1))?.inputs.datasetInputs, [input]);
        assert.deepEqual((await store.findRun(r2))?.inputs.datasetInputs, [{ tags: [], dataset }]);
        assert.deepEqual(await store.findDatasetsByDigest('abc123'), [{ experimentId: id, ...dataset }]);
        assert.deepEqual(await store.findDatasetsByDigest('nothing'), []);
      });

      it('keeps identical datasets of different experiments apart', async () => {
        const e1 = await createExperiment('d1');
        const e2 = await createExperiment('d2');
        await store.logInputs(await createRun(e1), e1, [{ tags: [], dataset }]);
        await store.logInputs(await createRun(e2), e2, [{ tags: [], dataset }]);
        const found = await store.findDatasetsByDigest('abc123');
        assert.deepEqual(found.map((d) => d.experimentId), [e1, e2]);
      });
    });

    describe('long values', () => {
      // Random hex does not compress: a PostgreSQL B-tree entry holds at most ~2.7 kB, so an index
      // on a tag's full value refused these rows (a run description of a few pages, a long JSON tag).
      const incompressible = (length: number) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);

      it('stores the longest tag values MLflow allows on runs, experiments, models and versions, and finds them by value', async () => {
        const runTag = incompressible(8000);
        const experimentTag = incompressible(5000);
        const registryTag = incompressible(5000);
        const experimentId = await store.createExperiment({ name: 'long', artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [{ key: 'note', value: experimentTag }], creationTime: 1 });
        await store.setExperimentTag(experimentId, { key: 'mlflow.note.content', value: experimentTag });
        const runId = await createRun(experimentId, { tags: [{ key: 'created', value: runTag }] });
        await store.setRunTags(runId, [{ key: 'mlflow.note.content', value: runTag }]);
        await store.createRegisteredModel({ name: 'long', description: null, tags: [{ key: 'card', value: registryTag }], creationTime: 1 });
        await store.setRegisteredModelTag('long', { key: 'notes', value: registryTag });
        await store.createModelVersion({ modelName: 'long', source: 's3://b/m', storageLocation: 's3://b/m', runId, runLink: null, description: null, userId: 'alice', status: 'READY', creationTime: 2, tags: [{ key: 'card', value: registryTag }] });
        await store.setModelVersionTag('long', 1, { key: 'notes', value: registryTag });

        const run = await store.findRun(runId);
        assert.deepEqual(run?.data.tags, [{ key: 'created', value: runTag }, { key: 'mlflow.note.content', value: runTag }]);
        const runs = await store.searchRuns({ experimentIds: [experimentId], filter: parseRunFilter(`tags.created = '${runTag}'`), orderBy: parseRunOrderBy([]), viewType: 'ALL', maxResults: 10 });
        assert.deepEqual(runs.items.map((r) => r.info.runId), [runId]);
        const experiments = await store.searchExperiments({ filter: parseExperimentFilter(`tags.note = '${experimentTag}'`), orderBy: parseExperimentOrderBy([]), viewType: 'ALL', maxResults: 10 });
        assert.deepEqual(experiments.items.map((e) => e.experimentId), [experimentId]);
        const versions = await store.searchModelVersions({ filter: parseModelVersionFilter(`tags.notes = '${registryTag}'`), orderBy: parseModelVersionOrderBy([]), maxResults: 10 });
        assert.deepEqual(versions.items.map((v) => [v.name, v.version, v.tags.find((t) => t.key === 'card')?.value]), [['long', 1, registryTag]]);
        const model = await store.findRegisteredModel('long');
        assert.deepEqual(model?.tags.map((t) => t.value), [registryTag, registryTag]);
      });
    });

    describe('transactions', () => {
      it('commits a change and its audit event together', async () => {
        const id = await store.transaction(async (tx) => {
          const created = await tx.createExperiment({ name: 'tx-ok', artifactLocation: 'x', tags: [], creationTime: 1 });
          await tx.appendAuditEvent({ actor: { name: 'alice' }, action: 'create', entityType: 'experiment', entityId: created, summary: {}, time: 1 });
          return created;
        });
        assert.equal((await store.findExperiment(id))?.name, 'tx-ok');
        assert.equal((await store.listAuditEvents({ entityId: id, maxResults: 10 })).items.length, 1);
      });

      it('rolls back the change and the audit event when the function throws', async () => {
        const runId = await createRun();
        await assert.rejects(
          store.transaction(async (tx) => {
            const created = await tx.createExperiment({ name: 'tx-fail', artifactLocation: 'x', tags: [], creationTime: 1 });
            await tx.logMetrics(runId, [point('m', 1, 0)]);
            await tx.appendAuditEvent({ actor: { name: 'alice' }, action: 'create', entityType: 'experiment', entityId: created, summary: {}, time: 1 });
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await store.findExperimentByName('tx-fail'), undefined);
        assert.deepEqual((await store.listAuditEvents({ maxResults: 10 })).items, []);
        assert.deepEqual((await store.getMetricHistory({ runId, key: 'm' })).items, []);
      });
    });

    describe('audit events', () => {
      async function seedEvents(): Promise<void> {
        const events = [
          { actor: { name: 'alice' }, action: 'create', entityType: 'experiment', entityId: '1', time: 100 },
          { actor: { name: 'bob' }, action: 'rename', entityType: 'experiment', entityId: '1', time: 200 },
          { actor: { name: 'alice' }, action: 'create', entityType: 'run', entityId: 'r1', time: 300 },
          { actor: { name: 'carol' }, action: 'delete', entityType: 'run', entityId: 'r1', time: 400 },
          { actor: { name: 'alice' }, action: 'delete', entityType: 'experiment', entityId: '2', time: 500 },
        ];
        for (const event of events) await store.appendAuditEvent({ ...event, summary: { at: event.time, nested: { ok: true } } });
      }

      it('lists newest first with filters', async () => {
        await seedEvents();
        const all = await store.listAuditEvents({ maxResults: 10 });
        assert.deepEqual(all.items.map((e) => e.time), [500, 400, 300, 200, 100]);
        assert.deepEqual(all.items[0]?.summary, { at: 500, nested: { ok: true } });
        assert.equal(all.nextPageToken, undefined);
        const times = async (query: Omit<Parameters<MetadataStore['listAuditEvents']>[0], 'maxResults'>) =>
          (await store.listAuditEvents({ ...query, maxResults: 10 })).items.map((e) => e.time);
        assert.deepEqual(await times({ actor: 'alice' }), [500, 300, 100]);
        assert.deepEqual(await times({ entityType: 'experiment', entityId: '1' }), [200, 100]);
        assert.deepEqual(await times({ action: 'delete' }), [500, 400]);
        assert.deepEqual(await times({ since: 200, until: 400 }), [300, 200]);
      });

      it('keeps a claimed name apart from the verified actor, and finds events by either', async () => {
        const event = { action: 'create', entityType: 'run', entityId: 'r9', summary: {} };
        await store.appendAuditEvent({ ...event, actor: { name: 'anonymous', claimed: 'admin' }, time: 100 });
        await store.appendAuditEvent({ ...event, actor: { name: 'admin' }, time: 200 });
        await store.appendAuditEvent({ ...event, actor: { name: 'anonymous' }, time: 300 });
        const all = await store.listAuditEvents({ maxResults: 10 });
        assert.deepEqual(all.items.map((e) => [e.actor, e.actorClaimed]), [
          ['anonymous', undefined], ['admin', undefined], ['anonymous', 'admin'],
        ]);
        assert.ok(all.items.every((e) => !('actorClaimed' in e) || e.actorClaimed !== undefined), 'no actorClaimed key when none was claimed');
        const times = async (actor: string) => (await store.listAuditEvents({ actor, maxResults: 10 })).items.map((e) => e.time);
        assert.deepEqual(await times('admin'), [200, 100]);
        assert.deepEqual(await times('anonymous'), [300, 100]);
      });

      it('pages by event id with an opaque token', async () => {
        await seedEvents();
        const first = await store.listAuditEvents({ maxResults: 2, actor: 'alice' });
        assert.deepEqual(first.items.map((e) => e.time), [500, 300]);
        assert.ok(first.nextPageToken);
        const second = await store.listAuditEvents({ maxResults: 2, actor: 'alice', pageToken: first.nextPageToken });
        assert.deepEqual(second.items.map((e) => e.time), [100]);
        assert.equal(second.nextPageToken, undefined);
        assert.ok((first.items[0]?.eventId ?? 0) > (first.items[1]?.eventId ?? 0));
        await assert.rejects(store.listAuditEvents({ maxResults: 2, pageToken: 'bad' }), assertStrataCode('INVALID_PARAMETER_VALUE'));
      });
    });
  });
}
