// POST and GET /api/strata/v1/metrics/envelope over HTTP and through the SDK: what a chart
// gets, the validation answers, deleted runs, and gc taking the roll-ups with the run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient, type Client } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

const ENVELOPE = '/api/strata/v1/metrics/envelope';

describe('metric envelope endpoint', () => {
  let dir: string;
  let dbFile: string;
  let server: TestServer;
  let client: Client;
  let experimentId: string;
  let runId: string;

  async function createRun(name: string): Promise<string> {
    return (await server.post('runs/create', { experiment_id: experimentId, start_time: 1, run_name: name })).json.run.info.run_id as string;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-envelope-'));
    dbFile = join(dir, 'strata.db');
    server = await startTestServer({ backendStoreUri: `sqlite:///${dbFile}` });
    client = createClient({ trackingUri: server.url });
    experimentId = await client.experiments.create('envelope-http');
    runId = await createRun('loss-curve');
    // 1,000 steps as MLflow's client sends them: log-batch, here 250 points at a time.
    for (let from = 0; from < 1000; from += 250) {
      const metrics = Array.from({ length: 250 }, (_, i) => {
        const step = from + i;
        const value = step === 10 ? 'NaN' : step === 500 ? 1000 : 1 / (step + 1);
        return { key: 'loss', value, timestamp: 1_000 + step * 10, step };
      });
      assert.equal((await server.post('runs/log-batch', { run_id: runId, metrics })).status, 200);
    }
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('POST answers per-bucket min, max, first, last and count; the spike and the NaN are kept', async () => {
    const response = await server.post(ENVELOPE, { series: [{ run_id: runId, metric_key: 'loss' }, { run_id: runId, metric_key: 'never-logged' }], buckets: 10 });
    assert.equal(response.status, 200);
    const [loss, missing] = response.json.series;
    assert.equal(loss.run_id, runId);
    assert.equal(loss.metric_key, 'loss');
    assert.deepEqual(loss.x_extent, { min: 0, max: 999 });
    assert.equal(loss.count, 1000);
    assert.equal(loss.buckets.x_start.length, 10);
    // Step buckets fall on the 32-step roll-up grid: 3 or 4 blocks each.
    assert.deepEqual(loss.buckets.x_start, [0, 96, 192, 288, 384, 512, 608, 704, 800, 896]);
    assert.deepEqual(loss.buckets.count, [96, 96, 96, 96, 128, 96, 96, 96, 96, 104]);
    assert.equal(Math.max(...loss.buckets.max), 1000, 'the spike at step 500');
    assert.deepEqual(loss.buckets.nan_count, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(loss.buckets.first[0], 1);
    assert.equal(loss.buckets.last[9], 1 / 1000);
    assert.equal(loss.buckets.last_x[9], 999);
    // An unknown key on an existing run is an empty series, as get-history answers an empty list.
    assert.deepEqual(missing, {
      run_id: runId, metric_key: 'never-logged', count: 0,
      buckets: { x_start: [], x_end: [], count: [], nan_count: [], min: [], max: [], first: [], last: [], first_x: [], last_x: [] },
    });
    // The SDK sends the same request and gets the same answer.
    assert.deepEqual(await client.metrics.envelope({ series: [{ run_id: runId, metric_key: 'loss' }, { run_id: runId, metric_key: 'never-logged' }], buckets: 10 }), response.json);
  });

  it('GET answers one series from query parameters, on the time axis and within a range', async () => {
    const response = await server.get(ENVELOPE, { run_id: runId, metric_key: 'loss', x_axis: 'timestamp', x_min: 5_500, x_max: 6_499, buckets: 4 });
    assert.equal(response.status, 200);
    const [series] = response.json.series;
    assert.deepEqual(series.x_extent, { min: 1_000, max: 10_990 });
    assert.equal(series.count, 100);
    // Time buckets are exactly the range asked for, never widened.
    assert.deepEqual(series.buckets.x_start, [5_500, 5_750, 6_000, 6_250]);
    assert.deepEqual(series.buckets.x_end, [5_749, 5_999, 6_249, 6_499]);
    assert.deepEqual(series.buckets.first_x, [5_500, 5_750, 6_000, 6_250]);
    assert.deepEqual(series.buckets.max.map((m: number) => m === 1000), [false, false, true, false], 'the spike at step 500, t=6,000');
  });

  it('shows points logged after an envelope was read, NaN and ±Infinity as proto3 strings', async () => {
    const other = await createRun('late-points');
    await server.post('runs/log-metric', { run_id: other, key: 'acc', value: 0.5, timestamp: 1, step: 0 });
    const before = await client.metrics.envelope({ series: [{ run_id: other, metric_key: 'acc' }] });
    assert.equal(before.series[0]?.count, 1);
    await server.post('runs/log-metric', { run_id: other, key: 'acc', value: 'Infinity', timestamp: 2, step: 1 });
    await server.post('runs/log-metric', { run_id: other, key: 'acc', value: 'NaN', timestamp: 3, step: 2 });
    await server.post('runs/log-metric', { run_id: other, key: 'acc', value: '-Infinity', timestamp: 4, step: 3 });
    const response = await server.post(ENVELOPE, { series: [{ run_id: other, metric_key: 'acc' }], buckets: 1 });
    assert.deepEqual(response.json.series[0].buckets, {
      x_start: [0], x_end: [3], count: [4], nan_count: [1], min: ['-Infinity'], max: ['Infinity'],
      first: [0.5], last: ['-Infinity'], first_x: [0], last_x: [3],
    });
  });

  it('sends only the bucket columns named in fields (POST, GET and the SDK), and refuses an unknown one', async () => {
    const series = [{ run_id: runId, metric_key: 'loss' }];
    const full = (await server.post(ENVELOPE, { series, buckets: 10 })).json.series[0];
    const slim = await server.post(ENVELOPE, { series, buckets: 10, fields: ['last_x', 'min', 'max', 'last', 'nan_count'] });
    assert.equal(slim.status, 200);
    const [s] = slim.json.series;
    assert.deepEqual(Object.keys(s.buckets), ['nan_count', 'min', 'max', 'last', 'last_x'], 'in wire order, nothing else');
    for (const column of ['nan_count', 'min', 'max', 'last', 'last_x']) assert.deepEqual(s.buckets[column], full.buckets[column], column);
    assert.equal(s.count, 1000);
    assert.deepEqual(s.x_extent, full.x_extent);
    assert.ok(slim.text.length < JSON.stringify(full).length * 0.7, `${slim.text.length} bytes against ${JSON.stringify(full).length}`);
    const viaGet = await server.get(ENVELOPE, { run_id: runId, metric_key: 'loss', buckets: 10, fields: 'max,x_start' });
    assert.deepEqual(viaGet.json.series[0].buckets, { x_start: full.buckets.x_start, max: full.buckets.max });
    const viaSdk = await client.metrics.envelope({ series, buckets: 10, fields: ['count'] });
    assert.deepEqual(viaSdk.series[0]?.buckets, { count: full.buckets.count });
    const bad = await server.post(ENVELOPE, { series, fields: ['min', 'median'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(bad.json.message as string, /fields may list x_start, .*; got 'median'/);
  });

  it('refuses bad requests with MLflow-style 400 bodies', async () => {
    const series = [{ run_id: runId, metric_key: 'loss' }];
    const cases: Array<[unknown, RegExp]> = [
      [{ series: [] }, /series must list between 1 and 2000 series; got 0/],
      [{ series: Array.from({ length: 2001 }, () => series[0]) }, /between 1 and 2000 series; got 2001/],
      [{ series, buckets: 0 }, /buckets must be an integer between 1 and 10000; got 0/],
      [{ series, buckets: 10_001 }, /buckets must be an integer between 1 and 10000; got 10001/],
      [{ series, buckets: 2.5 }, /buckets must be an integer/],
      [{ series, x_min: 10, x_max: 5 }, /x_min must not be greater than x_max; got x_min=10 and x_max=5/],
      [{ series, x_axis: 'wall' }, /x_axis must be 'step' or 'timestamp'; got 'wall'/],
      [{ series, x_min: 'soon' }, /x_min must be a finite number/],
      [{ series: [{ run_id: runId }] }, /series\[0\]\.metric_key must be a non-empty string/],
      [{ series: 'loss' }, /series/],
    ];
    for (const [body, message] of cases) {
      const response = await server.post(ENVELOPE, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(response.json.message as string, message);
    }
    const noRun = await server.get(ENVELOPE, { metric_key: 'loss' });
    assert.equal(noRun.status, 400);
    assert.match(noRun.json.message as string, /run_id/);
    const unknown = await server.post(ENVELOPE, { series: [...series, { run_id: 'f'.repeat(32), metric_key: 'loss' }] });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Run with id=${'f'.repeat(32)} not found` });
  });

  it('answers for a deleted run until gc purges it, and gc deletes its roll-ups', async () => {
    const doomed = await createRun('doomed');
    await server.post('runs/log-batch', { run_id: doomed, metrics: Array.from({ length: 300 }, (_, step) => ({ key: 'x', value: step, timestamp: step, step })) });
    assert.equal((await client.metrics.envelope({ series: [{ run_id: doomed, metric_key: 'x' }] })).series[0]?.count, 300);
    assert.equal((await server.post('runs/delete', { run_id: doomed })).status, 200);
    const deleted = await server.post(ENVELOPE, { series: [{ run_id: doomed, metric_key: 'x' }], buckets: 3 });
    assert.equal(deleted.status, 200);
    // Step buckets are unions of whole 32-step roll-up blocks: 0–95, 96–191, 192–319.
    assert.deepEqual(deleted.json.series[0].buckets.x_end, [95, 191, 319]);
    assert.deepEqual(deleted.json.series[0].buckets.max, [95, 191, 299]);
    const rollupRows = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return (db.prepare('select count(*) as n from metric_rollups where run_uuid = ?').get(doomed) as { n: number }).n;
      } finally {
        db.close();
      }
    };
    assert.ok(rollupRows() > 0);
    assert.equal((await server.post('/api/strata/v1/gc', { older_than_ms: 0 })).status, 200);
    assert.equal(rollupRows(), 0);
    const purged = await server.post(ENVELOPE, { series: [{ run_id: doomed, metric_key: 'x' }] });
    assert.equal(purged.status, 404);
    assert.equal(purged.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
  });
});
