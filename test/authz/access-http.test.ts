/**
 * Authorization over HTTP with auth on (the fake authenticator) and no default role: what each
 * role may do on experiments, runs, artifacts, models, versions, datasets, lineage and webhooks;
 * a stranger gets exactly the answer a missing resource gets; token scopes; groups; creators
 * manage; nobody grants more than it holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiResponse } from '../helpers/start-test-server.js';
import { HOOK_URL, startAuthzServer, type AuthzServer } from './authz-helpers.js';

const STRATA = '/api/strata/v1';
const DIGEST = 'a'.repeat(64);

/**
 * Same status and same body once the missing resource's key is read as the hidden one's (the
 * message names what was asked for): nothing tells the two apart.
 */
function assertSameAnswer(hidden: ApiResponse, missing: ApiResponse, what: string, keys: Array<[string, string]> = []): void {
  assert.equal(hidden.status, missing.status, `${what}: ${hidden.text} vs ${missing.text}`);
  const expected = keys.reduce((text, [missingKey, hiddenKey]) => text.replaceAll(missingKey, hiddenKey), missing.text);
  assert.equal(hidden.text, expected, what);
}

/** The values that differ between two requests' fields: [missing, hidden]. */
function keysOf(hidden: Record<string, unknown>, missing: Record<string, unknown>): Array<[string, string]> {
  const keys: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(hidden)) {
    const other = missing[name];
    if (typeof value === 'string' && typeof other === 'string' && value !== other) keys.push([other, value]);
    if (Array.isArray(value) && Array.isArray(other)) {
      value.forEach((item, i) => {
        if (typeof item === 'string' && typeof other[i] === 'string' && item !== other[i]) keys.push([other[i] as string, item]);
      });
    }
  }
  return keys;
}

describe('authorization over HTTP (default permission: none)', () => {
  let s: AuthzServer;
  let experimentId: string;
  let runId: string;
  const artifactPath = () => `${experimentId}/${runId}/artifacts/model.txt`;

  before(async () => {
    s = await startAuthzServer('none');
    await s.createUsers('mona');
    const created = await s.call('user:alice', 'POST', 'experiments/create', { name: 'alice-exp' });
    experimentId = created.json.experiment_id;
    const run = await s.call('user:alice', 'POST', 'runs/create', { experiment_id: experimentId, start_time: 1 });
    assert.equal(run.status, 200, run.text);
    runId = run.json.run.info.run_id;
    const upload = await fetch(`${s.server.url}/api/2.0/mlflow-artifacts/artifacts/${artifactPath()}`, {
      method: 'PUT', headers: { authorization: 'Bearer test-user:alice' }, body: 'weights',
    });
    assert.equal(upload.status, 200, await upload.text());
    assert.equal((await s.call('user:alice', 'POST', 'registered-models/create', { name: 'alice-model' })).status, 200);
    const version = await s.call('user:alice', 'POST', 'model-versions/create', { name: 'alice-model', source: `runs:/${runId}/model`, run_id: runId });
    assert.equal(version.status, 200, version.text);
    const dataset = await s.call('user:alice', 'POST', `${STRATA}/datasets/versions`, { name: 'alice-data', digest: DIGEST, size: 1, file_count: 1, source_uri: 'https://example.com/repo.git#data' });
    assert.equal(dataset.status, 200, dataset.text);
  });
  after(async () => {
    await s?.server.close();
  });

  it('refuses requests without credentials with 401', async () => {
    const response = await fetch(`${s.server.url}/api/2.0/mlflow/experiments/search`);
    assert.equal(response.status, 401);
  });

  it('answers a stranger exactly as if experiments, runs and their metrics did not exist', async () => {
    const pairs: Array<[string, string, string, Record<string, unknown>, Record<string, unknown>]> = [
      ['get experiment', 'GET', 'experiments/get', { experiment_id: experimentId }, { experiment_id: '424242' }],
      ['get experiment by name', 'GET', 'experiments/get-by-name', { experiment_name: 'alice-exp' }, { experiment_name: 'nobody-has-this' }],
      ['update experiment', 'POST', 'experiments/update', { experiment_id: experimentId, new_name: 'x' }, { experiment_id: '424242', new_name: 'x' }],
      ['create run', 'POST', 'runs/create', { experiment_id: experimentId }, { experiment_id: '424242' }],
      ['get run', 'GET', 'runs/get', { run_id: runId }, { run_id: 'f'.repeat(32) }],
      ['log batch', 'POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] }, { run_id: 'f'.repeat(32), metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] }],
      ['metric history', 'GET', 'metrics/get-history', { run_id: runId, metric_key: 'm' }, { run_id: 'f'.repeat(32), metric_key: 'm' }],
      ['search runs', 'POST', 'runs/search', { experiment_ids: [experimentId] }, { experiment_ids: ['424242'] }],
    ];
    for (const [what, method, path, hidden, missing] of pairs) {
      assertSameAnswer(await s.call('user:bob', method, path, hidden), await s.call('user:bob', method, path, missing), what, keysOf(hidden, missing));
    }
    assert.equal((await s.call('user:bob', 'GET', 'experiments/get', { experiment_id: experimentId })).status, 404);
  });

  it('answers a stranger exactly as if missing on the dashboard’s endpoints (keys, groups, views, envelopes, run columns)', async () => {
    const view = await s.call('user:alice', 'POST', `${STRATA}/experiments/views/create`, { experiment_id: experimentId, name: 'v', state: '' });
    assert.equal(view.status, 200, view.text);
    const viewId = view.json.view.view_id;
    const pairs: Array<[string, string, string, Record<string, unknown>, Record<string, unknown>]> = [
      ['experiment keys', 'GET', `${STRATA}/experiments/keys`, { experiment_id: experimentId }, { experiment_id: '424242' }],
      ['run groups', 'POST', `${STRATA}/runs/values`, { experiment_id: experimentId, kind: 'params', key: 'p' }, { experiment_id: '424242', kind: 'params', key: 'p' }],
      ['list views', 'GET', `${STRATA}/experiments/views`, { experiment_id: experimentId }, { experiment_id: '424242' }],
      ['update view', 'PATCH', `${STRATA}/experiments/views/update`, { view_id: viewId, name: 'w' }, { view_id: 'f'.repeat(32), name: 'w' }],
      ['envelope', 'GET', `${STRATA}/metrics/envelope`, { run_id: runId, metric_key: 'm' }, { run_id: 'f'.repeat(32), metric_key: 'm' }],
      ['envelope series', 'POST', `${STRATA}/metrics/envelope`, { series: [{ run_id: runId, metric_key: 'm' }] }, { series: [{ run_id: 'f'.repeat(32), metric_key: 'm' }] }],
    ];
    for (const [what, method, path, hidden, missing] of pairs) {
      const keys: Array<[string, string]> = what === 'envelope series' ? [['f'.repeat(32), runId]] : keysOf(hidden, missing);
      assertSameAnswer(await s.call('user:bob', method, path, hidden), await s.call('user:bob', method, path, missing), what, keys);
    }
    const columns = await s.call('user:bob', 'POST', `${STRATA}/runs/search`, { experiment_ids: [experimentId] });
    assert.deepEqual(columns.json.runs, []);
    assert.equal((await s.call('user:alice', 'POST', `${STRATA}/runs/search`, { experiment_ids: [experimentId] })).json.runs.length, 1);
  });

  it('answers a stranger exactly as if artifacts did not exist (download and list)', async () => {
    const missingPath = `424242/${runId}/artifacts/model.txt`;
    const download = (path: string) => s.call('user:bob', 'GET', `/api/2.0/mlflow-artifacts/artifacts/${path}`);
    assert.equal((await s.call('user:alice', 'GET', `/api/2.0/mlflow-artifacts/artifacts/${artifactPath()}`)).text, 'weights');
    assertSameAnswer(await download(artifactPath()), await download(missingPath), 'proxied download', [[missingPath, artifactPath()]]);
    assert.equal((await download(artifactPath())).status, 404);
    const list = (path: string) => s.call('user:bob', 'GET', '/api/2.0/mlflow-artifacts/artifacts', { path });
    assert.ok((await s.call('user:alice', 'GET', '/api/2.0/mlflow-artifacts/artifacts', { path: `${experimentId}/${runId}/artifacts` })).json.files);
    assertSameAnswer(await list(`${experimentId}/${runId}/artifacts`), await list(`424242/${runId}/artifacts`), 'proxied list');
    const runList = (id: string) => s.call('user:bob', 'GET', 'artifacts/list', { run_id: id });
    assertSameAnswer(await runList(runId), await runList('f'.repeat(32)), 'run artifact list', [['f'.repeat(32), runId]]);
    const getArtifact = (id: string) => s.call('user:bob', 'GET', '/get-artifact', { run_id: id, path: 'model.txt' });
    assertSameAnswer(await getArtifact(runId), await getArtifact('f'.repeat(32)), 'get-artifact', [['f'.repeat(32), runId]]);
    // Paths outside any experiment are the admins'.
    assert.equal((await s.call('user:bob', 'PUT', '/api/2.0/mlflow-artifacts/artifacts/elsewhere/file.txt')).status, 403);
  });

  it('answers a stranger exactly as if models, versions, datasets and lineage did not exist', async () => {
    const pairs: Array<[string, string, string, Record<string, unknown>, Record<string, unknown>]> = [
      ['get model', 'GET', 'registered-models/get', { name: 'alice-model' }, { name: 'no-model' }],
      ['delete model', 'DELETE', 'registered-models/delete', { name: 'alice-model' }, { name: 'no-model' }],
      ['get version', 'GET', 'model-versions/get', { name: 'alice-model', version: '1' }, { name: 'no-model', version: '1' }],
      ['version download uri', 'GET', 'model-versions/get-download-uri', { name: 'alice-model', version: '1' }, { name: 'no-model', version: '1' }],
      ['get dataset', 'GET', `${STRATA}/datasets/alice-data`, {}, {}],
      ['lineage of a run', 'GET', `${STRATA}/lineage`, { uri: `runs:/${runId}` }, { uri: `runs:/${'f'.repeat(32)}` }],
    ];
    for (const [what, method, path, hidden, missing] of pairs) {
      const missingPath = what === 'get dataset' ? `${STRATA}/datasets/no-data` : path;
      const keys: Array<[string, string]> = what === 'get dataset' ? [['no-data', 'alice-data']] : what.startsWith('lineage') ? [['f'.repeat(32), runId]] : keysOf(hidden, missing);
      assertSameAnswer(await s.call('user:bob', method, path, hidden), await s.call('user:bob', method, missingPath, missing), what, keys);
    }
    assert.equal((await s.call('user:bob', 'GET', 'registered-models/get', { name: 'alice-model' })).status, 404);
  });

  it('lets a viewer read but not write (403), and an editor write but not grant', async () => {
    await s.call('user:alice', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'experiment', resource_key: experimentId, principal_name: 'vic', role: 'viewer' });
    await s.call('user:alice', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'experiment', resource_key: experimentId, principal_name: 'eddie', role: 'editor' });
    assert.equal((await s.call('user:vic', 'GET', 'runs/get', { run_id: runId })).status, 200);
    const denied = await s.call('user:vic', 'POST', 'runs/log-batch', { run_id: runId, params: [{ key: 'p', value: '1' }] });
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.json.error_code, 'PERMISSION_DENIED');
    assert.equal((await s.call('user:vic', 'PUT', `/api/2.0/mlflow-artifacts/artifacts/${artifactPath()}`)).status, 403);
    assert.equal((await s.call('user:eddie', 'POST', 'runs/log-batch', { run_id: runId, params: [{ key: 'p', value: '1' }] })).status, 200);
    const grantByEditor = await s.call('user:eddie', 'POST', 'experiments/permissions/create', { experiment_id: experimentId, username: 'mallory', permission: 'READ' });
    assert.equal(grantByEditor.status, 403);
    const strataGrantByEditor = await s.call('user:eddie', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'experiment', resource_key: experimentId, principal_name: 'eddie', role: 'manager' });
    assert.equal(strataGrantByEditor.status, 403);
    assert.equal((await s.call('user:eddie', 'POST', 'experiments/delete', { experiment_id: experimentId })).status, 403);
  });

  it('refuses to register a model version from a run the caller may not read, as if the run were missing', async () => {
    await s.call('user:mona', 'POST', 'registered-models/create', { name: 'mona-model' });
    const fromHidden = await s.call('user:mona', 'POST', 'model-versions/create', { name: 'mona-model', source: `runs:/${runId}/model`, run_id: runId });
    const fromMissing = await s.call('user:mona', 'POST', 'model-versions/create', { name: 'mona-model', source: `runs:/${'f'.repeat(32)}/model`, run_id: 'f'.repeat(32) });
    assertSameAnswer(fromHidden, fromMissing, 'version from a hidden run', [['f'.repeat(32), runId]]);
    assert.equal(fromHidden.status, 404);
    const sourceOnly = await s.call('user:mona', 'POST', 'model-versions/create', { name: 'mona-model', source: `runs:/${runId}/model` });
    assert.equal(sourceOnly.status, 404);
    await s.call('user:alice', 'POST', 'experiments/permissions/create', { experiment_id: experimentId, username: 'mona', permission: 'READ' });
    const allowed = await s.call('user:mona', 'POST', 'model-versions/create', { name: 'mona-model', source: `runs:/${runId}/model`, run_id: runId });
    assert.equal(allowed.status, 200, allowed.text);
  });

  it('makes the creator the manager of what it creates', async () => {
    const list = await s.call('user:alice', 'GET', `${STRATA}/permissions`, { resource_type: 'experiment', resource_key: experimentId });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.grants.find((g: { principal_name: string }) => g.principal_name === 'alice').role, 'manager');
    for (const [type, key] of [['model', 'alice-model'], ['dataset', 'alice-data']]) {
      const grants = await s.call('user:alice', 'GET', `${STRATA}/permissions`, { resource_type: type, resource_key: key });
      assert.deepEqual(grants.json.grants.map((g: { principal_name: string; role: string }) => [g.principal_name, g.role]), [['alice', 'manager']], type);
    }
  });

  it('grants to groups (admins only) reach the group’s members', async () => {
    const byManager = await s.call('user:alice', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'model', resource_key: 'alice-model', principal_type: 'group', principal_name: 'ml-team', role: 'viewer' });
    assert.equal(byManager.status, 403);
    assert.equal((await s.call('user:carol@ml-team', 'GET', 'registered-models/get', { name: 'alice-model' })).status, 404);
    const byAdmin = await s.call('admin:root', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'model', resource_key: 'alice-model', principal_type: 'group', principal_name: 'ml-team', role: 'viewer' });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal((await s.call('user:carol@ml-team', 'GET', 'registered-models/get', { name: 'alice-model' })).status, 200);
    assert.equal((await s.call('user:carol@ml-team', 'POST', 'registered-models/set-tag', { name: 'alice-model', key: 'k', value: 'v' })).status, 403);
    assert.equal((await s.call('user:carol@other', 'GET', 'registered-models/get', { name: 'alice-model' })).status, 404);
  });

  it('caps what a token may do by its scope, whatever its owner holds', async () => {
    assert.equal((await s.call('user:alice+read', 'GET', 'runs/get', { run_id: runId })).status, 200);
    assert.equal((await s.call('user:alice+read', 'POST', 'runs/log-batch', { run_id: runId, tags: [{ key: 't', value: '1' }] })).status, 403);
    assert.equal((await s.call('user:alice+read', 'POST', 'experiments/create', { name: 'by-read-token' })).status, 403);
    assert.equal((await s.call('user:alice+write', 'POST', 'runs/log-batch', { run_id: runId, tags: [{ key: 't', value: '1' }] })).status, 200);
    const grantWithWriteToken = await s.call('user:alice+write', 'POST', 'experiments/permissions/create', { experiment_id: experimentId, username: 'zed', permission: 'READ' });
    assert.equal(grantWithWriteToken.status, 403);
    assert.equal((await s.call('admin:root+read', 'POST', `${STRATA}/gc`, { dry_run: true })).status, 403);
  });

  it('keeps webhooks and gc to admins, webhooks hidden from strangers', async () => {
    assert.equal((await s.call('user:alice', 'POST', 'webhooks', { name: 'h', url: HOOK_URL, events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }] })).status, 403);
    const hook = await s.call('admin:root', 'POST', 'webhooks', { name: 'h', url: HOOK_URL, events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }] });
    assert.equal(hook.status, 200, hook.text);
    const id = hook.json.webhook.webhook_id;
    const other = 'f'.repeat(32);
    assertSameAnswer(await s.call('user:alice', 'GET', `webhooks/${id}`), await s.call('user:alice', 'GET', `webhooks/${other}`), 'get webhook', [[other, id]]);
    assertSameAnswer(
      await s.call('user:alice', 'GET', `${STRATA}/webhooks/${id}/deliveries`),
      await s.call('user:alice', 'GET', `${STRATA}/webhooks/${other}/deliveries`),
      'webhook deliveries',
      [[other, id]],
    );
    assert.deepEqual((await s.call('user:alice', 'GET', 'webhooks')).json, {});
    await s.call('admin:root', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'webhook', resource_key: id, principal_name: 'alice', role: 'viewer' });
    assert.equal((await s.call('user:alice', 'GET', 'webhooks')).json.webhooks.length, 1);
    assert.equal((await s.call('user:alice', 'DELETE', `webhooks/${id}`)).status, 403);
    assert.equal((await s.call('user:alice', 'POST', `${STRATA}/gc`, { dry_run: true })).status, 403);
    assert.equal((await s.call('admin:root', 'POST', `${STRATA}/gc`, { dry_run: true })).status, 200);
  });
});
