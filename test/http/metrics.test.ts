import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExperimentAndRun, startTestServer, type TestServer } from '../helpers/start-test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function logSteps(runId: string, key: string, steps: number[]): Promise<void> {
  for (let i = 0; i < steps.length; i += 1000) {
    const metrics = steps.slice(i, i + 1000).map((step) => ({ key, value: step * 2, timestamp: 1000 + step, step }));
    const res = await server.post('runs/log-batch', { run_id: runId, metrics });
    assert.equal(res.status, 200, res.text);
  }
}

describe('metrics/get-history', () => {
  it('returns every point, empty as {}', async () => {
    const { runId } = await createExperimentAndRun(server);
    await logSteps(runId, 'loss', [0, 1, 2]);
    const res = await server.get('metrics/get-history', { run_id: runId, metric_key: 'loss' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(res.json.metrics, [
      { key: 'loss', value: 0, timestamp: 1000, step: 0 },
      { key: 'loss', value: 2, timestamp: 1001, step: 1 },
      { key: 'loss', value: 4, timestamp: 1002, step: 2 },
    ]);
    const none = await server.get('metrics/get-history', { run_id: runId, metric_key: 'other' });
    assert.deepEqual(none.json, {});
  });

  it('pages when max_results is given', async () => {
    const { runId } = await createExperimentAndRun(server);
    await logSteps(runId, 'm', [0, 1, 2, 3, 4]);
    const first = await server.get('metrics/get-history', { run_id: runId, metric_key: 'm', max_results: 3 });
    assert.equal(first.json.metrics.length, 3);
    assert.ok(first.json.next_page_token);
    const rest = await server.get('metrics/get-history', {
      run_id: runId,
      metric_key: 'm',
      max_results: 3,
      page_token: first.json.next_page_token,
    });
    assert.deepEqual(
      rest.json.metrics.map((m: { step: number }) => m.step),
      [3, 4],
    );
  });

  it('reports unknown runs and missing keys', async () => {
    const unknown = await server.get('metrics/get-history', { run_id: 'a'.repeat(32), metric_key: 'm' });
    assert.equal(unknown.status, 404);
    const noKey = await server.get('metrics/get-history', { run_id: 'a'.repeat(32) });
    assert.equal(noKey.status, 400);
    assert.match(noKey.json.message, /'metric_key'/);
  });

  // Speed is measured by bench/tracking.ts, not asserted here.
  it('serves a 100,000-point history in one response, in step order', async () => {
    const { runId } = await createExperimentAndRun(server);
    await logSteps(runId, 'big', Array.from({ length: 100_000 }, (_, i) => 99_999 - i));
    const res = await server.get('metrics/get-history', { run_id: runId, metric_key: 'big' });
    assert.equal(res.json.metrics.length, 100_000);
    assert.equal(res.json.next_page_token, undefined);
    assert.ok(res.json.metrics.every((m: { step: number }, i: number) => m.step === i));
  });
});

describe('metrics/get-history-bulk-interval', () => {
  it('samples steps across runs and keeps every run’s first and last step', async () => {
    const a = await createExperimentAndRun(server);
    const b = await createExperimentAndRun(server);
    await logSteps(a.runId, 'acc', Array.from({ length: 2000 }, (_, i) => i));
    await logSteps(b.runId, 'acc', [5, 777, 1500]);
    const res = await server.get('metrics/get-history-bulk-interval', {
      run_ids: [a.runId, b.runId],
      metric_key: 'acc',
      max_results: 10,
    });
    assert.equal(res.status, 200, res.text);
    const stepsOf = (runId: string) =>
      res.json.metrics.filter((m: { run_id: string }) => m.run_id === runId).map((m: { step: number }) => m.step);
    const stepsA = stepsOf(a.runId);
    assert.ok(stepsA.length <= 10 + 1 + 3, `too many points: ${stepsA.length}`);
    assert.equal(stepsA[0], 0);
    assert.equal(stepsA.at(-1), 1999);
    for (const s of [5, 1500]) assert.ok(stepsA.includes(s), `run a keeps step ${s} (run b's ends)`);
    assert.deepEqual(stepsOf(b.runId), [5, 1500]);
    assert.equal(res.json.metrics[0].run_id, a.runId, 'grouped by run in request order');
    assert.deepEqual(Object.keys(res.json.metrics[0]).sort(), ['key', 'run_id', 'step', 'timestamp', 'value']);
  });

  it('honours start_step and end_step', async () => {
    const { runId } = await createExperimentAndRun(server);
    await logSteps(runId, 'x', Array.from({ length: 100 }, (_, i) => i));
    const res = await server.get('/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval', {
      run_ids: runId,
      metric_key: 'x',
      start_step: 10,
      end_step: 14,
    });
    assert.deepEqual(
      res.json.metrics.map((m: { step: number }) => m.step),
      [10, 11, 12, 13, 14],
    );
  });

  it('validates its arguments as MLflow does', async () => {
    const { runId } = await createExperimentAndRun(server);
    const call = (query: Record<string, string | number | string[]>) =>
      server.get('metrics/get-history-bulk-interval', { metric_key: 'x', ...query });
    assert.match((await call({})).json.message, /'run_ids'/);
    assert.match((await call({ run_ids: runId, start_step: 1 })).json.message, /both must be specified/);
    assert.match((await call({ run_ids: runId, start_step: 5, end_step: 1 })).json.message, /end_step must be greater/);
    assert.match((await call({ run_ids: runId, max_results: 0 })).json.message, /max_results must be between 1 and 2500/);
    assert.match((await call({ run_ids: runId, max_results: 2501 })).json.message, /max_results must be between 1 and 2500/);
    assert.equal((await call({ run_ids: runId, max_results: 2500 })).status, 200);
    const many = Array.from({ length: 101 }, (_, i) => `r${i}`);
    assert.match((await call({ run_ids: many })).json.message, /at most 100 run_ids/);
    assert.deepEqual((await call({ run_ids: runId })).json, {});
  });
});
