// The runs table's two Strata endpoints over HTTP and through the browser SDK:
// GET /api/strata/v1/experiments/keys and POST /api/strata/v1/runs/search (a column projection).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, isStrataApiError, type Client } from '../../src/client/browser.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';

describe('runs table endpoints', () => {
  let server: TestServer;
  let client: Client;
  let experimentId: string;
  let runIds: string[];
  before(async () => {
    server = await startTestServer();
    client = createClient({ trackingUri: server.url });
    experimentId = await client.experiments.create('columns-http');
    runIds = [];
    for (let i = 0; i < 3; i++) {
      const runId = (await server.post('runs/create', { experiment_id: experimentId, start_time: 1_000 + i, run_name: `r${i}` })).json.run.info.run_id as string;
      runIds.push(runId);
      await server.post('runs/log-batch', {
        run_id: runId,
        params: [{ key: 'lr', value: String(i / 10) }],
        metrics: [{ key: 'loss', value: 3 - i, timestamp: 1, step: 0 }, ...(i === 0 ? [{ key: 'rare', value: 7, timestamp: 1, step: 0 }] : [])],
        tags: [{ key: 'team', value: i === 2 ? 'vision' : 'nlp' }],
      });
    }
    await server.post('runs/delete', { run_id: runIds[0] });
  });
  after(async () => server.close());

  it('GET experiments/keys lists keys of active runs with run counts', async () => {
    const response = await server.get('/api/strata/v1/experiments/keys', { experiment_id: experimentId });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, {
      params: [{ key: 'lr', run_count: 2 }],
      metrics: [{ key: 'loss', run_count: 2 }],
      // runs/create's run_name is also the mlflow.runName tag, as in MLflow.
      tags: [{ key: 'mlflow.runName', run_count: 2 }, { key: 'team', run_count: 2 }],
    });
    const sdk = await client.experiments.keys({ experiment_id: experimentId, prefix: 'lo', max_results: 5 });
    assert.deepEqual(sdk, { params: [], metrics: [{ key: 'loss', run_count: 2 }], tags: [] });
  });

  it('GET experiments/keys: 404 for an unknown experiment, 400 for a bad max_results or a missing id', async () => {
    const missing = await server.get('/api/strata/v1/experiments/keys', { experiment_id: '987654' });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    const bad = await server.get('/api/strata/v1/experiments/keys', { experiment_id: experimentId, max_results: 0 });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
    const noId = await server.get('/api/strata/v1/experiments/keys');
    assert.equal(noId.status, 400);
  });

  it('POST runs/search returns only the chosen columns, sorted and paged like runs/search', async () => {
    const body = { experiment_ids: [experimentId], order_by: ['metrics.loss ASC'], max_results: 1, columns: { metrics: ['loss'], tags: ['team'] } };
    const first = await server.post('/api/strata/v1/runs/search', body);
    assert.equal(first.status, 200);
    assert.equal(first.json.runs.length, 1);
    assert.equal(first.json.runs[0].info.run_id, runIds[2]);
    assert.deepEqual(first.json.runs[0].data, { metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }], tags: [{ key: 'team', value: 'vision' }] });
    assert.equal(first.json.runs[0].inputs, undefined);
    const second = await client.runs.searchColumns({ ...body, page_token: first.json.next_page_token as string });
    assert.deepEqual(second.runs.map((r) => r.info.run_id), [runIds[1]]);
    assert.equal(second.next_page_token, undefined);
    const filtered = await client.runs.searchColumns({ experiment_ids: [experimentId], filter: "tags.team = 'nlp'", columns: { params: ['lr'] } });
    assert.deepEqual(filtered.runs.map((r) => r.data), [{ params: [{ key: 'lr', value: '0.1' }] }]);
    const none = await client.runs.searchColumns({ experiment_ids: [experimentId], filter: 'metrics.loss > 100' });
    assert.deepEqual(none, { runs: [] });
  });

  it('POST runs/search refuses a malformed column list and a bad filter with positioned 400s', async () => {
    const notList = await server.post('/api/strata/v1/runs/search', { experiment_ids: [experimentId], columns: { params: 'lr' } });
    assert.equal(notList.status, 400);
    assert.match(notList.json.message as string, /columns\.params/);
    const tooMany = await server.post('/api/strata/v1/runs/search', { experiment_ids: [experimentId], columns: { metrics: Array.from({ length: 1001 }, (_, i) => `m${i}`) } });
    assert.equal(tooMany.status, 400);
    await assert.rejects(client.runs.searchColumns({ experiment_ids: [experimentId], filter: 'metrics.loss >' }), (error: unknown) => isStrataApiError(error) && error.status === 400);
  });
});
