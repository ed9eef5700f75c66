/**
 * Saved views of the runs table over HTTP and through the browser SDK, on SQLite and
 * PostgreSQL: create, list by name, overwrite, rename, delete; the name rules (1..200
 * characters, unique per experiment -> RESOURCE_ALREADY_EXISTS), the state's size cap, unknown
 * experiments and views, and one audit event per change. Also the groups' run counts per value
 * (POST /api/strata/v1/runs/values).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { MAX_SAVED_VIEW_STATE_LENGTH } from '../../src/api/strata-views.js';
import { createClient, isStrataApiError, type Client } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('saved views tests');
const VIEWS = '/api/strata/v1/experiments/views';

for (const dialect of dialects) {
  describeOrSkip(`saved views on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let client: Client;
    let experimentId: string;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri() });
      client = createClient({ trackingUri: server.url });
      experimentId = await client.experiments.create('saved-views');
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const send = async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body: object) => {
      const response = await fetch(`${server.url}${VIEWS}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };

    it('creates, lists by name, overwrites, renames and deletes a view through the SDK', async () => {
      const loss = await client.views.create(experimentId, '  low loss ', 'v=1&filter=metrics.loss+%3C+1');
      assert.equal(loss.name, 'low loss');
      assert.equal(loss.experiment_id, experimentId);
      assert.equal(loss.created_by, 'anonymous');
      assert.equal(loss.created_time, loss.last_update_time);
      const wide = await client.views.create(experimentId, 'A wide one', 'v=1&col=metrics.acc');
      assert.deepEqual((await client.views.list(experimentId)).map((v) => v.name), ['A wide one', 'low loss']);
      const overwritten = await client.views.update({ view_id: loss.view_id, state: 'v=1&sort=-metrics.loss' });
      assert.equal(overwritten.state, 'v=1&sort=-metrics.loss');
      assert.equal(overwritten.name, 'low loss');
      assert.ok(overwritten.last_update_time >= loss.last_update_time);
      const renamed = await client.views.update({ view_id: loss.view_id, name: 'lowest loss' });
      assert.equal(renamed.state, 'v=1&sort=-metrics.loss');
      await client.views.delete(wide.view_id);
      assert.deepEqual((await client.views.list(experimentId)).map((v) => [v.name, v.state]), [['lowest loss', 'v=1&sort=-metrics.loss']]);
    });

    it('answers RESOURCE_ALREADY_EXISTS (400) for a name the experiment already has, on create and on rename', async () => {
      const first = await client.views.create(experimentId, 'taken', '');
      const again = await send('POST', '/create', { experiment_id: experimentId, name: 'taken', state: 'v=1' });
      assert.equal(again.status, 400);
      assert.equal(again.json.error_code, 'RESOURCE_ALREADY_EXISTS');
      const other = await client.views.create(experimentId, 'other', '');
      const rename = await send('PATCH', '/update', { view_id: other.view_id, name: 'taken' });
      assert.equal(rename.json.error_code, 'RESOURCE_ALREADY_EXISTS');
      // Saving a view under its own name is an overwrite, not a clash.
      assert.equal((await send('PATCH', '/update', { view_id: first.view_id, name: 'taken', state: 'v=1&x' })).status, 200);
      const elsewhere = await client.experiments.create('saved-views-other');
      assert.equal((await client.views.create(elsewhere, 'taken', '')).name, 'taken');
    });

    it('refuses an empty or 201-character name, a state over the cap, and unknown experiments or views', async () => {
      const cases: Array<[string, Promise<{ status: number; json: Record<string, unknown> }>, number, string]> = [
        ['empty name', send('POST', '/create', { experiment_id: experimentId, name: '', state: '' }), 400, 'INVALID_PARAMETER_VALUE'],
        ['blank name', send('POST', '/create', { experiment_id: experimentId, name: '   ', state: '' }), 400, 'INVALID_PARAMETER_VALUE'],
        ['long name', send('POST', '/create', { experiment_id: experimentId, name: 'x'.repeat(201), state: '' }), 400, 'INVALID_PARAMETER_VALUE'],
        ['huge state', send('POST', '/create', { experiment_id: experimentId, name: 'huge', state: 'x'.repeat(MAX_SAVED_VIEW_STATE_LENGTH + 1) }), 400, 'INVALID_PARAMETER_VALUE'],
        ['unknown experiment', send('POST', '/create', { experiment_id: '987654', name: 'n', state: '' }), 404, 'RESOURCE_DOES_NOT_EXIST'],
        ['unknown view', send('PATCH', '/update', { view_id: 'nope', state: '' }), 404, 'RESOURCE_DOES_NOT_EXIST'],
        ['delete unknown view', send('DELETE', '/delete', { view_id: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST'],
      ];
      for (const [what, pending, status, code] of cases) {
        const answer = await pending;
        assert.equal(answer.status, status, what);
        assert.equal(answer.json.error_code, code, what);
      }
      assert.equal((await client.views.create(experimentId, 'x'.repeat(200), '')).name.length, 200);
      const listed = await server.get(VIEWS, { experiment_id: '987654' });
      assert.equal(listed.status, 404);
      await assert.rejects(client.views.list('987654'), (e) => isStrataApiError(e) && e.status === 404);
    });

    it('refuses new views in a deleted experiment but still lists its views', async () => {
      const doomed = await client.experiments.create('saved-views-doomed');
      await client.views.create(doomed, 'kept', 'v=1');
      await client.experiments.delete(doomed);
      const refused = await send('POST', '/create', { experiment_id: doomed, name: 'new', state: '' });
      assert.equal(refused.status, 400);
      assert.deepEqual((await client.views.list(doomed)).map((v) => v.name), ['kept']);
    });

    it('POST runs/values counts runs per value of a param or tag under the filter, and each parent’s nested runs', async () => {
      const experiment = await client.experiments.create('value-counts');
      const runIds: string[] = [];
      for (let i = 0; i < 5; i++) {
        const runId = (await server.post('runs/create', { experiment_id: experiment, start_time: i })).json.run.info.run_id as string;
        await server.post('runs/log-batch', {
          run_id: runId,
          params: i < 4 ? [{ key: 'optimizer', value: i % 2 === 0 ? 'adam' : 'sgd' }] : [],
          metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }],
          tags: i > 0 && i < 3 ? [{ key: 'mlflow.parentRunId', value: runIds[0] }] : [],
        });
        runIds.push(runId);
      }
      const all = await client.views.valueCounts({ experiment_id: experiment, kind: 'params', key: 'optimizer' });
      assert.deepEqual(all, { values: [{ value: 'adam', run_count: 2 }, { value: 'sgd', run_count: 2 }], missing_count: 1 });
      const filtered = await client.views.valueCounts({ experiment_id: experiment, kind: 'params', key: 'optimizer', filter: 'metrics.acc > 0.15' });
      assert.deepEqual(filtered, { values: [{ value: 'adam', run_count: 1 }, { value: 'sgd', run_count: 1 }], missing_count: 1 });
      const nested = await client.views.valueCounts({ experiment_id: experiment, kind: 'tags', key: 'mlflow.parentRunId', values: runIds });
      assert.deepEqual(nested, { values: [{ value: runIds[0], run_count: 2 }], missing_count: 0 });
      const cut = await client.views.valueCounts({ experiment_id: experiment, kind: 'params', key: 'optimizer', max_results: 1 });
      assert.deepEqual(cut, { values: [{ value: 'adam', run_count: 2 }], missing_count: 1, truncated: true });
      const bad = async (body: object) => (await server.post('/api/strata/v1/runs/values', { experiment_id: experiment, kind: 'params', key: 'optimizer', ...body })).json.error_code as string;
      assert.equal(await bad({ kind: 'metrics' }), 'INVALID_PARAMETER_VALUE');
      assert.equal(await bad({ filter: 'metrics.acc >> 1' }), 'INVALID_PARAMETER_VALUE');
      assert.equal(await bad({ max_results: 0 }), 'INVALID_PARAMETER_VALUE');
      assert.equal(await bad({ experiment_id: '987654' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('records one audit event per change, with the view’s experiment and name', async () => {
      const experiment = await client.experiments.create('saved-views-audit');
      const view = await client.views.create(experiment, 'audited', 'v=1');
      await client.views.update({ view_id: view.view_id, name: 'audited-2', state: 'v=1&x' });
      await client.views.delete(view.view_id);
      const events = await server.get('/api/strata/v1/audit', { entity_type: 'saved_view', entity_id: view.view_id });
      assert.equal(events.status, 200, events.text);
      const list = (events.json.events as Array<{ action: string; summary: Record<string, unknown> }>).map((e) => [e.action, e.summary]).reverse();
      assert.deepEqual(list, [
        ['saved_view.create', { experiment_id: experiment, name: 'audited' }],
        ['saved_view.update', { experiment_id: experiment, name: 'audited-2', from: 'audited', state_changed: true }],
        ['saved_view.delete', { experiment_id: experiment, name: 'audited-2' }],
      ]);
    });
  });
}
