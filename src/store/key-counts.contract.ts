/**
 * experimentKeys' param and tag counts are kept by the writes (key-count-queries.ts); this
 * suite (run by metadata-store.test.ts on every database) replays random sequences of the
 * writes that add or remove keys and, after each step, compares the answer with counts
 * computed from a plain model of the runs.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { ExperimentKeys, MetadataStore } from '../core/ports/metadata-store.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

interface ModelRun {
  id: string;
  experimentId: string;
  active: boolean;
  params: Set<string>;
  tags: Set<string>;
  metrics: Set<string>;
}

/** mulberry32: the same sequence on every run, so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectedKeys(runs: ModelRun[], experimentId: string): Omit<ExperimentKeys, 'truncated'> {
  const count = (pick: (run: ModelRun) => Set<string>) => {
    const counts = new Map<string, number>();
    for (const run of runs) {
      if (run.experimentId !== experimentId || !run.active) continue;
      for (const key of pick(run)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, runCount]) => ({ key, runCount })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };
  return { params: count((r) => r.params), metrics: count((r) => r.metrics), tags: count((r) => r.tags) };
}

let counter = 0;

export function runKeyCountsContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Experiment key counts contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const createExperiment = (experimentName: string) =>
      store.createExperiment({ name: experimentName, artifactLocation: (id) => `mlflow-artifacts:/${id}`, tags: [], creationTime: 10 });

    async function assertCounts(runs: ModelRun[], experimentIds: string[], step: string): Promise<void> {
      for (const experimentId of experimentIds) {
        const { truncated, ...actual } = await store.experimentKeys({ experimentId, maxResults: 1000 });
        assert.equal(truncated, false);
        assert.deepEqual(actual, expectedKeys(runs, experimentId), `after ${step}, experiment ${experimentId}`);
      }
    }

    it('equal counts of active runs per key after every write that adds or removes keys', async () => {
      const next = random(12);
      const pickOf = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      const keyPool = ['a', 'b', 'B', 'c.d', 'mlflow.user', 'mlflow.source.name', 'z'];
      const someKeys = () => keyPool.filter(() => next() < 0.35);
      const experiments = [await createExperiment(`kc-${++counter}`), await createExperiment(`kc-${++counter}`)];
      const runs: ModelRun[] = [];
      let time = 100;
      for (let step = 0; step < 120; step++) {
        time += 1;
        const live = runs.filter((r) => r.active);
        const deleted = runs.filter((r) => !r.active);
        const roll = next();
        let what: string;
        if (runs.length < 3 || roll < 0.15) {
          const id = `kc${String(++counter).padStart(6, '0')}`;
          const tags = someKeys();
          const run: ModelRun = { id, experimentId: pickOf(experiments), active: true, params: new Set(), tags: new Set(tags), metrics: new Set() };
          await store.createRun({
            runId: id, experimentId: run.experimentId, runName: id, userId: 'u', status: 'RUNNING', startTime: time, artifactUri: `x:/${id}`,
            tags: [...tags, ...tags].map((key) => ({ key, value: String(next()) })),
          });
          runs.push(run);
          what = `create ${id} with tags ${tags.join(',')}`;
        } else if (live.length > 0 && roll < 0.45) {
          const run = pickOf(live);
          const params = someKeys();
          const tags = someKeys();
          const metrics = someKeys();
          // One transaction, in log-batch's order: params, metrics, tags.
          await store.transaction(async (tx) => {
            await tx.insertParams(run.id, params.map((key) => ({ key, value: run.params.has(key) ? 'old' : 'v' })));
            if (metrics.length > 0) await tx.logMetrics(run.id, metrics.map((key) => ({ key, value: next(), step: 0, timestamp: time })));
            if (tags.length > 0) await tx.setRunTags(run.id, tags.map((key) => ({ key, value: String(next()) })));
          });
          for (const key of params) run.params.add(key);
          for (const key of tags) run.tags.add(key);
          for (const key of metrics) run.metrics.add(key);
          what = `log-batch ${run.id}`;
        } else if (live.length > 0 && roll < 0.6) {
          const run = pickOf(live);
          const key = pickOf(keyPool);
          assert.equal(await store.deleteRunTag(run.id, key), run.tags.has(key));
          run.tags.delete(key);
          what = `delete tag ${key} of ${run.id}`;
        } else if (live.length > 0 && roll < 0.75) {
          const run = pickOf(live);
          await store.setRunLifecycle(run.id, 'deleted', time);
          // Deleting twice changes nothing more.
          if (next() < 0.3) await store.setRunLifecycle(run.id, 'deleted', time + 1);
          run.active = false;
          what = `delete ${run.id}`;
        } else if (deleted.length > 0 && roll < 0.88) {
          const run = pickOf(deleted);
          await store.setRunLifecycle(run.id, 'active', time);
          run.active = true;
          what = `restore ${run.id}`;
        } else if (deleted.length > 0) {
          const run = pickOf(deleted);
          assert.equal(await store.transaction((tx) => tx.purgeRun(run.id)), true);
          runs.splice(runs.indexOf(run), 1);
          what = `purge ${run.id}`;
        } else {
          continue;
        }
        await assertCounts(runs, experiments, what);
      }
    });

    it('an experiment delete takes its runs out of the counts; its restore brings back the runs deleted with it', async () => {
      const experimentId = await createExperiment(`kc-exp-${++counter}`);
      const runs: ModelRun[] = [];
      for (const [i, keys] of [['a', 'b'], ['b'], ['b', 'c']].entries()) {
        const id = `kcexp${String(++counter).padStart(6, '0')}`;
        await store.createRun({ runId: id, experimentId, runName: id, userId: 'u', status: 'RUNNING', startTime: i, artifactUri: `x:/${id}`, tags: keys.map((key) => ({ key, value: 'v' })) });
        await store.insertParams(id, keys.map((key) => ({ key: `p.${key}`, value: 'v' })));
        runs.push({ id, experimentId, active: true, params: new Set(keys.map((key) => `p.${key}`)), tags: new Set(keys), metrics: new Set() });
      }
      await store.setRunLifecycle(runs[2]!.id, 'deleted', 5);
      runs[2]!.active = false;
      await store.setExperimentLifecycle(experimentId, 'deleted', 10);
      assert.deepEqual(await store.experimentKeys({ experimentId, maxResults: 10 }), { params: [], metrics: [], tags: [], truncated: false });
      await store.setExperimentLifecycle(experimentId, 'active', 20);
      await assertCounts(runs, [experimentId], 'experiment restore');
      await store.setRunLifecycle(runs[2]!.id, 'active', 21);
      runs[2]!.active = true;
      await assertCounts(runs, [experimentId], 'run restore');
    });

    it('concurrent writes to runs of one experiment lose no count', async () => {
      const experimentId = await createExperiment(`kc-conc-${++counter}`);
      const ids = Array.from({ length: 12 }, () => `kcconc${String(++counter).padStart(6, '0')}`);
      await Promise.all(
        ids.map((id, i) =>
          store.createRun({
            runId: id, experimentId, runName: id, userId: 'u', status: 'RUNNING', startTime: i, artifactUri: `x:/${id}`,
            tags: [{ key: 'mlflow.user', value: 'u' }, { key: 'mlflow.source.name', value: 's' }],
          }),
        ),
      );
      await Promise.all(
        ids.flatMap((id) => [
          store.insertParams(id, [{ key: 'lr', value: '1' }, { key: 'bs', value: '2' }]),
          store.setRunTags(id, [{ key: 'team', value: 'x' }, { key: 'mlflow.user', value: 'v' }]),
          store.setRunTags(id, [{ key: 'team', value: 'y' }]),
        ]),
      );
      await Promise.all(ids.slice(0, 4).map((id) => store.setRunLifecycle(id, 'deleted', 50)));
      const keys = await store.experimentKeys({ experimentId, maxResults: 10 });
      assert.deepEqual(keys.params, [{ key: 'bs', runCount: 8 }, { key: 'lr', runCount: 8 }]);
      assert.deepEqual(keys.tags, [{ key: 'mlflow.source.name', runCount: 8 }, { key: 'mlflow.user', runCount: 8 }, { key: 'team', runCount: 8 }]);
    });
  });
}
