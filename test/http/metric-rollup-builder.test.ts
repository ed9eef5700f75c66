// Metric roll-ups off the request path, as a user sees it: after ingest the server builds
// them in the background (a later envelope request finds nothing stale), and a cold build of
// a long series on the request path lets other requests through meanwhile (SQLite, whose
// driver is synchronous, is the hard case).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createExperimentAndRun, startTestServer } from '../helpers/start-test-server.js';

const ENVELOPE = '/api/strata/v1/metrics/envelope';

function readDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('metric roll-up builder', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-rollup-builder-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds the roll-ups of series logged through log-batch in the background, so the envelope request builds nothing', async () => {
    const dbFile = join(dir, 'background.db');
    const server = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` }, { rollupBuilder: { settleMs: 10, pointsPerChunk: 1_000 } });
    try {
      const { runId } = await createExperimentAndRun(server);
      for (let from = 0; from < 10_000; from += 1_000) {
        const metrics = Array.from({ length: 1_000 }, (_, i) => ({ key: 'loss', value: 1 / (from + i + 1), timestamp: 1_000 + from + i, step: from + i }));
        assert.equal((await server.post('runs/log-batch', { run_id: runId, metrics })).status, 200);
      }
      await server.rollups.idle();
      const state = readDb(dbFile, (db) => ({
        dirty: db.prepare('select rollup_dirty_from as f from latest_metrics where run_uuid = ? and key = ?').get(runId, 'loss') as { f: number | null },
        blocks: (db.prepare('select count(*) as n from metric_rollups where run_uuid = ? and level = 0').get(runId) as { n: number }).n,
      }));
      assert.equal(state.dirty.f, null, 'nothing left stale');
      assert.equal(state.blocks, Math.ceil(10_000 / 32), 'every 32-step block built');
      assert.ok(server.rollups.stats.chunksBuilt >= 1);
      const response = await server.post(ENVELOPE, { series: [{ run_id: runId, metric_key: 'loss' }], buckets: 100 });
      assert.equal(response.status, 200);
      assert.equal(response.json.series[0].count, 10_000);
      assert.equal(response.json.series[0].buckets.max[0], 1);
    } finally {
      await server.close();
    }
  });

  it('finds series left stale before it started (the sweep), and stops cleanly with the server', async () => {
    const dbFile = join(dir, 'sweep.db');
    const first = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` }, { rollupBuilder: false });
    const { runId } = await createExperimentAndRun(first);
    await first.post('runs/log-batch', { run_id: runId, metrics: [{ key: 'acc', value: 0.5, timestamp: 1, step: 3 }] });
    await first.close();
    const staleBefore = readDb(dbFile, (db) => (db.prepare('select count(*) as n from latest_metrics where rollup_dirty_from is not null').get() as { n: number }).n);
    assert.equal(staleBefore, 1);
    const second = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` });
    try {
      await second.rollups.idle();
      assert.ok(second.rollups.stats.sweeps >= 1);
    } finally {
      await second.close();
    }
    const staleAfter = readDb(dbFile, (db) => (db.prepare('select count(*) as n from latest_metrics where rollup_dirty_from is not null').get() as { n: number }).n);
    assert.equal(staleAfter, 0);
  });

  it('waits between chunks while requests are being answered, and still finishes under constant traffic', async () => {
    const dbFile = join(dir, 'yield.db');
    const first = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` }, { rollupBuilder: false });
    const { runId } = await createExperimentAndRun(first);
    const metrics = Array.from({ length: 500 }, (_, i) => ({ key: `final_${i}`, value: i, timestamp: 1, step: 0 }));
    assert.equal((await first.post('runs/log-batch', { run_id: runId, metrics })).status, 200);
    await first.close();
    const second = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` }, { rollupBuilder: { maxYieldMs: 20 } });
    try {
      let idle = false;
      const built = second.rollups.idle().then(() => {
        idle = true;
      });
      while (!idle) assert.equal((await second.get('/health')).status, 200);
      await built;
      assert.ok(second.rollups.stats.yields > 0, 'the builder waited for requests');
      assert.equal(second.rollups.stats.seriesRefreshed, 500);
    } finally {
      await second.close();
    }
    const stale = readDb(dbFile, (db) => (db.prepare('select count(*) as n from latest_metrics where rollup_dirty_from is not null').get() as { n: number }).n);
    assert.equal(stale, 0, 'all 500 series built though requests never stopped');
  });

  it('cuts series an earlier version stored on every level down to their top when it starts', async () => {
    const dbFile = join(dir, 'compact.db');
    const first = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` }, { rollupBuilder: false });
    const { runId } = await createExperimentAndRun(first);
    assert.equal((await first.post('runs/log-batch', { run_id: runId, metrics: [{ key: 'final_acc', value: 0.9, timestamp: 1, step: 3 }] })).status, 200);
    assert.equal((await first.post(ENVELOPE, { series: [{ run_id: runId, metric_key: 'final_acc' }] })).status, 200);
    await first.close();
    // What a version before stored tops left: the one block again on levels 1 to 12.
    const db = new Database(dbFile);
    try {
      const row = db.prepare('select summary from metric_rollups where run_uuid = ? and level = 0').get(runId) as { summary: string };
      for (let level = 1; level <= 12; level += 1) db.prepare('insert into metric_rollups (run_uuid, key, level, block, summary) values (?, ?, ?, 0, ?)').run(runId, 'final_acc', level, row.summary);
    } finally {
      db.close();
    }
    const second = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` });
    try {
      await second.rollups.idle();
      assert.equal(second.rollups.stats.seriesCompacted, 1);
      const response = await second.post(ENVELOPE, { series: [{ run_id: runId, metric_key: 'final_acc' }], buckets: 10 });
      assert.equal(response.status, 200);
      assert.equal(response.json.series[0].count, 1);
      assert.equal(response.json.series[0].buckets.max[0], 0.9);
    } finally {
      await second.close();
    }
    const rows = readDb(dbFile, (db) => (db.prepare('select count(*) as n from metric_rollups where run_uuid = ?').get(runId) as { n: number }).n);
    assert.equal(rows, 1, 'one row for a one-point series');
  });

  it('keeps answering /health and searches while a cold build of 250,000 points runs on the request path (SQLite)', async () => {
    const dbFile = join(dir, 'cold.db');
    const server = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` }, { rollupBuilder: false });
    try {
      const { runId, experimentId } = await createExperimentAndRun(server);
      const total = 250_000;
      for (let from = 0; from < total; from += 10_000) {
        await server.store.logMetrics(runId, Array.from({ length: 10_000 }, (_, i) => ({ key: 'long', value: Math.sin(from + i), timestamp: from + i, step: from + i })));
      }
      let envelopeDone = false;
      const envelope = server.post(ENVELOPE, { series: [{ run_id: runId, metric_key: 'long' }], buckets: 1000 }).finally(() => {
        envelopeDone = true;
      });
      let answeredMeanwhile = 0;
      while (!envelopeDone) {
        const [health, search] = await Promise.all([
          server.get('/health'),
          server.post('runs/search', { experiment_ids: [experimentId], max_results: 1 }),
        ]);
        assert.equal(health.status, 200);
        assert.equal(search.status, 200);
        if (!envelopeDone) answeredMeanwhile += 1;
      }
      const response = await envelope;
      assert.equal(response.status, 200);
      assert.equal(response.json.series[0].count, total);
      assert.ok(answeredMeanwhile >= 3, `other requests answered during the cold build: ${answeredMeanwhile}`);
    } finally {
      await server.close();
    }
  });
});
