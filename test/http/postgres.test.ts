/**
 * A subset of the HTTP tests on PostgreSQL: the behaviours where the two dialects
 * could differ (NaN storage, transactions under concurrency, search SQL, paging).
 * Skipped with the reason printed when no PostgreSQL answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresTestTarget } from '../helpers/postgres-test-uri.js';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';

const target = await postgresTestTarget();
const skip = 'skip' in target ? target.skip : false;
if (skip) console.log(`# skipping PostgreSQL HTTP tests: ${skip}`);

describe('HTTP on PostgreSQL', { skip }, () => {
  let server: TestServer;
  before(async () => {
    if ('uri' in target) server = await startTestServer({ backendStoreUri: target.uri });
  });
  after(async () => {
    await server?.close();
    if ('drop' in target) await target.drop();
  });

  it('creates experiments and runs, refusing duplicates', async () => {
    const { experimentId, runId } = await createExperimentAndRun(server, 'pg-exp');
    const dup = await server.post('experiments/create', { name: 'pg-exp' });
    assert.equal(dup.json.error_code, 'RESOURCE_ALREADY_EXISTS');
    const run = (await server.get('runs/get', { run_id: runId })).json.run;
    assert.equal(run.info.experiment_id, experimentId);
    assert.equal((await server.get('experiments/get', { experiment_id: '0' })).json.experiment.name, 'Default');
  });

  it('keeps params immutable and rolls back audit events of failed mutations', async () => {
    const { runId } = await createExperimentAndRun(server);
    await server.post('runs/log-parameter', { run_id: runId, key: 'p', value: '1' });
    const audit = async () => (await server.get('/api/strata/v1/audit', { entity_id: runId })).json.events;
    const before = await audit();
    const res = await server.post('runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'm', value: 1, timestamp: 1 }],
      params: [{ key: 'p', value: '2' }],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await audit(), before);
    assert.deepEqual((await server.get('metrics/get-history', { run_id: runId, metric_key: 'm' })).json, {});
  });

  it('round-trips NaN and ±Infinity', async () => {
    const { runId } = await createExperimentAndRun(server);
    const metrics = ['NaN', 'Infinity', '-Infinity', 0.5].map((value, step) => ({ key: 'v', value, timestamp: 1, step }));
    assert.equal((await server.post('runs/log-batch', { run_id: runId, metrics })).status, 200);
    const history = await server.get('metrics/get-history', { run_id: runId, metric_key: 'v' });
    assert.deepEqual(
      history.json.metrics.map((m: { value: unknown }) => m.value),
      ['NaN', 'Infinity', '-Infinity', 0.5],
    );
  });

  it('searches with filter, order and paging', async () => {
    const exp = (await server.post('experiments/create', { name: 'pg-search' })).json.experiment_id;
    for (let i = 0; i < 4; i++) {
      const runId = (await server.post('runs/create', { experiment_id: exp, run_name: `r${i}` })).json.run.info.run_id;
      await server.post('runs/log-metric', { run_id: runId, key: 'acc', value: i, timestamp: 1 });
    }
    const query = { experiment_ids: [exp], filter: 'metrics.acc >= 1', order_by: ['metrics.acc DESC'], max_results: 2 };
    const first = await server.post('runs/search', query);
    assert.deepEqual(
      first.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name),
      ['r3', 'r2'],
    );
    const second = await server.post('runs/search', { ...query, page_token: first.json.next_page_token });
    assert.deepEqual(
      second.json.runs.map((r: { info: { run_name: string } }) => r.info.run_name),
      ['r1'],
    );
  });

  it('16 concurrent clients lose no point', async () => {
    const { runId } = await createExperimentAndRun(server);
    await Promise.all(
      Array.from({ length: 16 }, async (_, client) => {
        for (let call = 0; call < 10; call++) {
          const step = client * 10 + call;
          const res = await server.post('runs/log-metric', { run_id: runId, key: 'c', value: step, timestamp: step, step });
          assert.equal(res.status, 200, res.text);
        }
      }),
    );
    const history = await server.get('metrics/get-history', { run_id: runId, metric_key: 'c' });
    assert.equal(history.json.metrics.length, 160);
  });
});
