/**
 * Metric envelopes over the store's roll-ups (run by metric-envelope.test.ts on every
 * database): on random series, every envelope equals the brute-force summary of the raw
 * points, before and after more points arrive, on both axes.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { Metric } from '../core/entities.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { MetricEnvelopeService } from '../core/services/metric-envelope-service.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import { assertExactEnvelope, storedPoints, type Axis } from '../../test/helpers/envelope-oracle.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;

/** Deterministic random numbers (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [Number.NaN, Infinity, -Infinity];

/** A series with the awkward parts mixed in: gaps, out-of-order steps, huge steps, duplicates, NaN, ±Infinity. */
function randomSeries(rand: () => number, key: string, size: number, startStep = 0): Metric[] {
  const points: Metric[] = [];
  let step = startStep;
  let time = 1_700_000_000_000 + Math.floor(rand() * 1e6);
  const hugeSteps = rand() < 0.3;
  for (let i = 0; i < size; i += 1) {
    const r = rand();
    step += r < 0.7 ? 1 : r < 0.9 ? Math.floor(rand() * 500) : 0;
    time += rand() < 0.9 ? Math.floor(rand() * 50) : -Math.floor(rand() * 10_000);
    let s = step;
    if (hugeSteps && rand() < 0.05) s = Math.floor(rand() * 2 ** 53) * (rand() < 0.1 ? -1 : 1);
    else if (rand() < 0.05) s = Math.floor(rand() * step);
    const v = rand() < 0.03 ? (SPECIAL[Math.floor(rand() * 3)] as number) : Math.round((rand() - 0.5) * 2000) / 8;
    const point = { key, value: v === 0 ? 0 : v, step: s, timestamp: time };
    points.push(point);
    if (rand() < 0.05) points.push({ ...point });
  }
  return points;
}

async function logInBatches(store: MetadataStore, runId: string, points: Metric[], rand: () => number): Promise<void> {
  for (let i = 0; i < points.length;) {
    const size = 1 + Math.floor(rand() * 400);
    await store.logMetrics(runId, points.slice(i, i + size));
    i += size;
  }
}

function randomQuery(rand: () => number, points: Metric[]): { axis: Axis; xMin?: number; xMax?: number; buckets: number } {
  const axis: Axis = rand() < 0.5 ? 'step' : 'timestamp';
  const xs = points.map((p) => (axis === 'step' ? p.step : p.timestamp)).sort((a, b) => a - b);
  const pick = () => xs[Math.floor(rand() * xs.length)] as number;
  const buckets = [1, 2, 7, 50, 300, 1000][Math.floor(rand() * 6)] as number;
  const r = rand();
  if (r < 0.3) return { axis, buckets };
  const [a, b] = [pick() + (rand() < 0.5 ? 0.5 : 0), pick()].sort((x, y) => x - y) as [number, number];
  if (r < 0.4) return { axis, xMin: a, buckets };
  if (r < 0.5) return { axis, xMax: b, buckets };
  return { axis, xMin: a, xMax: b, buckets };
}

export function runMetricEnvelopeContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Metric envelope contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    let envelopes: MetricEnvelopeService;
    beforeEach(async () => {
      store = await makeStore();
      envelopes = new MetricEnvelopeService(store);
    });
    afterEach(async () => {
      await store.close();
    });

    async function createRun(): Promise<string> {
      counter += 1;
      const runId = `env${String(counter).padStart(6, '0')}${Math.random().toString(16).slice(2, 10)}`;
      await store.createRun({ runId, experimentId: '0', runName: `r${counter}`, userId: 'u', status: 'RUNNING', startTime: 1, artifactUri: `x:/${runId}`, tags: [] });
      return runId;
    }

    for (const seed of [1, 2, 3, 4]) {
      it(`equals the brute force on random series, before and after more points (seed ${seed})`, async () => {
        const rand = random(seed);
        const runId = await createRun();
        const logged = new Map<string, Metric[]>();
        for (const key of ['a', 'b']) logged.set(key, randomSeries(rand, key, 800 + Math.floor(rand() * 1500)));
        for (const points of logged.values()) await logInBatches(store, runId, points, rand);
        for (let round = 0; round < 3; round += 1) {
          for (let q = 0; q < 12; q += 1) {
            const key = rand() < 0.5 ? 'a' : 'b';
            const points = logged.get(key) as Metric[];
            const query = randomQuery(rand, points);
            const [envelope] = await envelopes.envelope({ series: [{ runId, key }], ...query });
            assert.ok(envelope);
            assertExactEnvelope(envelope, storedPoints(points), query, `seed ${seed} round ${round} ${JSON.stringify(query)}`);
          }
          // More points after envelopes were read: appended, out of order, and duplicates of old ones.
          for (const [key, points] of logged) {
            const more = [...randomSeries(rand, key, 200, (points[points.length - 1] as Metric).step), ...points.slice(0, 20).map((p) => ({ ...p }))];
            more.push(...randomSeries(rand, key, 30, Math.floor(rand() * 1000)));
            await logInBatches(store, runId, more, rand);
            points.push(...more);
          }
        }
      });
    }

    it('answers many series in one call as it answers each alone, exact, in the order asked', async () => {
      const rand = random(7);
      const logged = new Map<string, Metric[]>();
      const series: Array<{ runId: string; key: string }> = [];
      for (let r = 0; r < 3; r += 1) {
        const runId = await createRun();
        // Keys of very different lengths, so one call plans several roll-up levels and raw reads.
        for (const [key, size] of [['short', 20 + r * 30], ['mid', 600 + r * 400], ['long', 3000 + r * 2000]] as const) {
          const points = randomSeries(rand, key, size);
          logged.set(JSON.stringify([runId, key]), points);
          await logInBatches(store, runId, points, rand);
          series.push({ runId, key });
        }
        series.push({ runId, key: 'never-logged' });
      }
      // A series asked twice, and series out of (run, key) order.
      const asked = [...series.reverse(), series[2] as { runId: string; key: string }];
      for (let q = 0; q < 10; q += 1) {
        const query = q === 0 ? { axis: 'step' as const, buckets: 300 } : randomQuery(rand, logged.get(JSON.stringify([asked[0]?.runId, 'long'])) ?? []);
        const together = await envelopes.envelope({ series: asked, ...query });
        assert.equal(together.length, asked.length);
        for (const [i, s] of asked.entries()) {
          const got = together[i];
          assert.ok(got);
          const [alone] = await envelopes.envelope({ series: [s], ...query });
          assert.deepEqual(got, alone, `${s.runId}/${s.key} ${JSON.stringify(query)}`);
          const points = logged.get(JSON.stringify([s.runId, s.key]));
          if (points !== undefined) assertExactEnvelope(got, storedPoints(points), query, `${s.key} ${JSON.stringify(query)}`);
        }
      }
    });

    for (const seed of [5, 6]) {
      it(`stays exact when points arrive between the chunks of a rebuild (seed ${seed})`, async () => {
        const rand = random(seed);
        const runId = await createRun();
        const points = randomSeries(rand, 'k', 3000);
        await logInBatches(store, runId, points, rand);
        const series = [{ runId, key: 'k' }];
        // Chunks of ~100 points; after each, points land before, inside and after the part built so far.
        let chunks = 0;
        const writes: Array<Promise<void>> = [];
        await store.refreshMetricRollups(series, {
          pointsPerChunk: 100,
          onChunk: () => {
            chunks += 1;
            // Bounded: every write re-dirties steps already rebuilt, so writes forever would never let the rebuild finish.
            if (chunks % 3 !== 0 || chunks > 45) return;
            const more = randomSeries(rand, 'k', 5, Math.floor(rand() * 6000));
            points.push(...more);
            writes.push(store.logMetrics(runId, more));
          },
        });
        await Promise.all(writes);
        assert.ok(chunks >= 20, `rebuilt in ${chunks} chunks`);
        for (let q = 0; q < 16; q += 1) {
          const query = randomQuery(rand, points);
          const [envelope] = await new MetricEnvelopeService(store, { rebuildChunkPoints: 64 }).envelope({ series, ...query });
          assert.ok(envelope);
          assertExactEnvelope(envelope, storedPoints(points), query, `seed ${seed} ${JSON.stringify(query)}`);
        }
      });
    }

    it('stores a short series up to the level where it fits in one block, and stays exact as it grows far', async () => {
      const rand = random(11);
      const runId = await createRun();
      const series = { runId, key: 'grows' };
      const points: Metric[] = [{ key: 'grows', value: 3, step: 5, timestamp: 10 }];
      const check = async (label: string) => {
        for (const axis of ['step', 'timestamp'] as const) {
          for (const buckets of [1, 7, 300, 1000]) {
            const [envelope] = await envelopes.envelope({ series: [series], axis, buckets });
            assert.ok(envelope);
            assertExactEnvelope(envelope, storedPoints(points), { axis, buckets }, `${label} ${axis} ${buckets}`);
          }
          for (let q = 0; q < 6; q += 1) {
            const query = { ...randomQuery(rand, points), axis };
            const [envelope] = await envelopes.envelope({ series: [series], ...query });
            assert.ok(envelope);
            assertExactEnvelope(envelope, storedPoints(points), query, `${label} ${JSON.stringify(query)}`);
          }
        }
      };
      await store.logMetrics(runId, points);
      await check('one point');
      const [onePoint] = await store.listStoredTops([series]);
      assert.deepEqual(onePoint && { level: onePoint.level, blocks: onePoint.blocks.map((b) => b.block) }, { level: 0, blocks: [0] }, 'one row: level 0 only');
      assert.deepEqual(await store.listRollupBlocks(series, 1, [[-10, 10]]), [], 'nothing stored above the top');
      // Steps up to 5,000: level-0 blocks 0..156 first share a block on level 4 (256 blocks wide).
      const more = randomSeries(rand, 'grows', 400).map((p) => ({ ...p, step: Math.abs(p.step) % 5_001 }));
      more.push({ key: 'grows', value: -7, step: 5_000, timestamp: 20 });
      points.push(...more);
      await store.logMetrics(runId, more);
      await check('to step 5,000');
      assert.equal((await store.listStoredTops([series]))[0]?.level, 4);
      // Far out, in chunks of a few points, so the top rises while a rebuild is cut in chunks.
      const far = randomSeries(rand, 'grows', 300, 9_000_000).map((p) => ({ ...p, step: 9_000_000 + (Math.abs(p.step) % 1_000_000) }));
      far.push({ key: 'grows', value: 99, step: 10_000_000, timestamp: 5 });
      points.push(...far);
      await store.logMetrics(runId, far);
      await store.refreshMetricRollups([series], { pointsPerChunk: 16 });
      await check('to step 10,000,000');
      // Level-0 blocks 0..312,500 share one block from level 10 (4^10 = 1,048,576 blocks wide).
      assert.equal((await store.listStoredTops([series]))[0]?.level, 10);
    });

    it('lists the series whose roll-ups are stale, a page at a time, and none once rebuilt', async () => {
      const runId = await createRun();
      await store.logMetrics(runId, ['a', 'b', 'c'].map((key) => ({ key, value: 1, step: 0, timestamp: 1 })));
      const found: string[] = [];
      let after: { runId: string; key: string } | undefined;
      do {
        const page = await store.listStaleMetricSeries(after, 2);
        found.push(...page.series.filter((s) => s.runId === runId).map((s) => s.key));
        after = page.next;
      } while (after !== undefined);
      assert.deepEqual(found, ['a', 'b', 'c']);
      await store.refreshMetricRollups(['a', 'b', 'c'].map((key) => ({ runId, key })));
      const stale: string[] = [];
      after = undefined;
      do {
        const page = await store.listStaleMetricSeries(after, 100);
        stale.push(...page.series.filter((s) => s.runId === runId).map((s) => s.key));
        after = page.next;
      } while (after !== undefined);
      assert.deepEqual(stale, []);
    });

    it('answers a whole-range envelope of a series of 100,000 steps from blocks, each bucket exact', async () => {
      const runId = await createRun();
      const points: Metric[] = [];
      for (let step = 0; step < 100_000; step += 1) points.push({ key: 'long', value: Math.sin(step / 100) + (step === 77_777 ? 50 : 0), step, timestamp: 1000 + step });
      for (let i = 0; i < points.length; i += 1000) await store.logMetrics(runId, points.slice(i, i + 1000));
      for (const axis of ['step', 'timestamp'] as const) {
        const query = { axis, buckets: 300 };
        const [envelope] = await envelopes.envelope({ series: [{ runId, key: 'long' }], ...query });
        assert.ok(envelope);
        assert.ok(envelope.buckets.count.length >= 150, `${axis}: ${envelope.buckets.count.length} buckets`);
        assert.equal(Math.max(...(envelope.buckets.max as number[])), 50 + Math.sin(777.77), `${axis}: the spike is kept`);
        assertExactEnvelope(envelope, storedPoints(points), query, axis);
      }
    });

    it('answers an unknown key of an existing run with an empty series, and an unknown run with RESOURCE_DOES_NOT_EXIST', async () => {
      const runId = await createRun();
      const [empty] = await envelopes.envelope({ series: [{ runId, key: 'nothing' }] });
      assert.deepEqual(empty, {
        runId, key: 'nothing', count: 0,
        buckets: { xStart: [], xEnd: [], count: [], nanCount: [], min: [], max: [], first: [], last: [], firstX: [], lastX: [] },
      });
      await assert.rejects(envelopes.envelope({ series: [{ runId: 'no-such-run', key: 'x' }] }), { code: 'RESOURCE_DOES_NOT_EXIST' });
    });

    it('gives min and max null in a bucket where every point is NaN', async () => {
      const runId = await createRun();
      await store.logMetrics(runId, [{ key: 'n', value: Number.NaN, step: 0, timestamp: 5 }, { key: 'n', value: 2, step: 100, timestamp: 6 }]);
      const [e] = await envelopes.envelope({ series: [{ runId, key: 'n' }], buckets: 2 });
      assert.deepEqual(e?.buckets.min, [null, 2]);
      assert.deepEqual(e?.buckets.nanCount, [1, 0]);
      assert.ok(Number.isNaN(e?.buckets.first[0]));
    });

    it('keeps envelopes exact under concurrent writers and readers of one series', async () => {
      const runId = await createRun();
      const logged: Metric[] = [];
      const writers = [0, 1, 2].map(async (w) => {
        for (let i = 0; i < 20; i += 1) {
          const batch = Array.from({ length: 50 }, (_, j) => ({ key: 'c', value: w * 1000 + i * 50 + j, step: (i * 50 + j) * 3 + w, timestamp: 10 + i }));
          await store.logMetrics(runId, batch);
          logged.push(...batch);
        }
      });
      const readers = [0, 1].map(async () => {
        for (let i = 0; i < 10; i += 1) await envelopes.envelope({ series: [{ runId, key: 'c' }], buckets: 37 });
      });
      await Promise.all([...writers, ...readers]);
      for (const axis of ['step', 'timestamp'] as const) {
        const [e] = await envelopes.envelope({ series: [{ runId, key: 'c' }], axis, buckets: 37 });
        assert.ok(e);
        assertExactEnvelope(e, storedPoints(logged), { axis, buckets: 37 }, `after concurrent writes, ${axis}`);
      }
    });
  });
}
