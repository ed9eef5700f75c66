/**
 * Lists and searches answer only what the caller may read, with page tokens that still walk the
 * whole readable set; MLflow's permissions API shapes; the audit log filtered for non-auditors;
 * the default role. On SQLite and PostgreSQL (the readable sets are pushed into SQL).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { testDialects } from '../helpers/test-dialects.js';
import { HOOK_URL, startAuthzServer, type AuthzServer } from './authz-helpers.js';

const STRATA = '/api/strata/v1';
const dialects = await testDialects('authorization tests');

/** Every page of a list, following next_page_token. */
async function allPages(s: AuthzServer, who: string, method: string, path: string, key: string, body: Record<string, unknown>): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  let token: string | undefined;
  do {
    const response = await s.call(who, method, path, { ...body, ...(token ? { page_token: token } : {}) });
    assert.equal(response.status, 200, response.text);
    pages.push((response.json[key] ?? []) as unknown[]);
    token = response.json.next_page_token;
  } while (token);
  return pages;
}

for (const dialect of dialects) {
  describeOrSkip(`filtered answers on ${dialect.name}`, dialect.skip, () => {
    let s: AuthzServer;
    let userIds: Record<string, string> = {};
    const experimentIds: string[] = [];
    before(async () => {
      s = await startAuthzServer('none', dialect.uri());
      userIds = await s.createUsers('bob', 'dana');
      for (let i = 0; i < 5; i++) {
        const created = await s.call('user:alice', 'POST', 'experiments/create', { name: `exp-${i}` });
        experimentIds.push(created.json.experiment_id);
        await s.call('user:alice', 'POST', 'registered-models/create', { name: `model/${i}` });
        await s.call('user:alice', 'POST', 'model-versions/create', { name: `model/${i}`, source: 's3://b/m' });
        await s.call('user:alice', 'POST', `${STRATA}/datasets/versions`, { name: `data-${i}`, digest: String(i).repeat(64), size: 1, file_count: 1, source_uri: 'https://example.com/d' });
      }
      // bob may read experiments 0, 2, 4 and models/datasets 1, 3.
      for (const i of [0, 2, 4]) {
        const grant = await s.call('user:alice', 'POST', 'experiments/permissions/create', { experiment_id: experimentIds[i], username: 'bob', permission: 'READ' });
        assert.equal(grant.status, 200, grant.text);
      }
      for (const i of [1, 3]) {
        await s.call('user:alice', 'POST', 'registered-models/permissions/create', { name: `model/${i}`, username: 'bob', permission: 'READ' });
        await s.call('user:alice', 'POST', `${STRATA}/permissions/grant`, { resource_type: 'dataset', resource_key: `data-${i}`, principal_name: 'bob', role: 'viewer' });
      }
    });
    after(async () => {
      await s?.server.close();
      await dialect.drop();
    });

    it('searches experiments, models and versions, and lists datasets, page by page, within what the caller may read', async () => {
      const experiments = await allPages(s, 'user:bob', 'POST', 'experiments/search', 'experiments', { max_results: 2 });
      assert.deepEqual(experiments.map((page) => page.length), [2, 1]);
      assert.deepEqual(experiments.flat().map((e) => (e as { name: string }).name).sort(), ['exp-0', 'exp-2', 'exp-4']);
      const models = await allPages(s, 'user:bob', 'GET', 'registered-models/search', 'registered_models', { max_results: 1 });
      assert.deepEqual(models.flat().map((m) => (m as { name: string }).name).sort(), ['model/1', 'model/3']);
      const versions = await allPages(s, 'user:bob', 'GET', 'model-versions/search', 'model_versions', { max_results: 1 });
      assert.deepEqual(versions.flat().map((v) => (v as { name: string }).name).sort(), ['model/1', 'model/3']);
      const datasets = await allPages(s, 'user:bob', 'GET', `${STRATA}/datasets`, 'datasets', { max_results: 1 });
      assert.deepEqual(datasets.flat().map((d) => (d as { name: string }).name).sort(), ['data-1', 'data-3']);
      // A stranger sees nothing; alice (the creator) and admins see everything.
      assert.deepEqual((await s.call('user:stranger', 'POST', 'experiments/search', {})).json, {});
      const own = await allPages(s, 'user:alice', 'POST', 'experiments/search', 'experiments', { max_results: 100 });
      assert.equal(own.flat().length, 5);
      const admin = await allPages(s, 'admin:root', 'POST', 'experiments/search', 'experiments', { max_results: 100 });
      assert.equal(admin.flat().length, 6, 'with the Default experiment');
    });

    it('drops unreadable experiments from a runs search, as missing ones', async () => {
      for (const id of experimentIds) await s.call('user:alice', 'POST', 'runs/create', { experiment_id: id });
      const runs = await allPages(s, 'user:bob', 'POST', 'runs/search', 'runs', { experiment_ids: experimentIds, max_results: 1 });
      assert.equal(runs.flat().length, 3);
      const stats = await s.call('user:bob', 'GET', `${STRATA}/experiments/run-stats`, { experiment_ids: experimentIds });
      assert.deepEqual(stats.json.experiments.map((e: { experiment_id: string }) => e.experiment_id).sort(), [0, 2, 4].map((i) => experimentIds[i]).sort());
    });

    it('speaks MLflow’s permissions API: create, get, update, delete, with MLflow’s shapes and errors', async () => {
      const experimentId = experimentIds[1];
      const body = { experiment_id: experimentId, username: 'dana', permission: 'EDIT' };
      const created = await s.call('user:alice', 'POST', 'experiments/permissions/create', body);
      assert.deepEqual(created.json, { experiment_permission: { experiment_id: experimentId, user_id: userIds.dana, permission: 'EDIT' } });
      const again = await s.call('user:alice', 'POST', 'experiments/permissions/create', body);
      assert.equal(again.status, 400);
      assert.deepEqual(again.json, { error_code: 'RESOURCE_ALREADY_EXISTS', message: `Experiment permission (experiment_id=${experimentId}, username=dana) already exists.` });
      const got = await s.call('user:alice', 'GET', 'experiments/permissions/get', { experiment_id: experimentId, username: 'dana' });
      assert.deepEqual(got.json, { experiment_permission: { experiment_id: experimentId, user_id: userIds.dana, permission: 'EDIT' } });
      assert.deepEqual((await s.call('user:alice', 'PATCH', 'experiments/permissions/update', { ...body, permission: 'MANAGE' })).json, {});
      assert.equal((await s.call('user:alice', 'GET', 'experiments/permissions/get', { experiment_id: experimentId, username: 'dana' })).json.experiment_permission.permission, 'MANAGE');
      const invalid = await s.call('user:alice', 'PATCH', 'experiments/permissions/update', { ...body, permission: 'OWNER' });
      assert.equal(invalid.status, 400);
      assert.match(invalid.json.message, /^Invalid permission 'OWNER'\. Valid permissions are: \('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'\)$/);
      assert.deepEqual((await s.call('user:alice', 'DELETE', 'experiments/permissions/delete', { experiment_id: experimentId, username: 'dana' })).json, {});
      const gone = await s.call('user:alice', 'GET', 'experiments/permissions/get', { experiment_id: experimentId, username: 'dana' });
      assert.equal(gone.status, 404);
      assert.equal(gone.json.message, `Experiment permission with experiment_id=${experimentId} and username=dana not found`);

      const model = await s.call('user:alice', 'POST', 'registered-models/permissions/create', { name: 'model/2', username: 'dana', permission: 'READ' });
      assert.deepEqual(model.json, { registered_model_permission: { name: 'model/2', user_id: userIds.dana, permission: 'READ' } });
      assert.equal((await s.call('user:dana', 'GET', 'registered-models/get', { name: 'model/2' })).status, 200);
      assert.deepEqual((await s.call('user:alice', 'PATCH', 'registered-models/permissions/update', { name: 'model/2', username: 'dana', permission: 'NO_PERMISSIONS' })).json, {});
      assert.equal((await s.call('user:dana', 'GET', 'registered-models/get', { name: 'model/2' })).status, 404);
      const missing = await s.call('user:alice', 'GET', 'registered-models/permissions/get', { name: 'model/2', username: 'dana' });
      assert.equal(missing.json.message, 'Registered model permission with name=model/2 and username=dana not found');
    });

    it('follows a renamed model: its grants move with it', async () => {
      await s.call('user:alice', 'POST', 'registered-models/rename', { name: 'model/3', new_name: 'model/3-renamed' });
      assert.equal((await s.call('user:bob', 'GET', 'registered-models/get', { name: 'model/3-renamed' })).status, 200);
      await s.call('user:alice', 'POST', 'registered-models/rename', { name: 'model/3-renamed', new_name: 'model/3' });
    });

    it('shows a non-auditor only the audit events of what it may read; auditors and admins see all', async () => {
      const bobsEvents = await allPages(s, 'user:bob', 'GET', `${STRATA}/audit`, 'events', { max_results: 2 });
      const seen = bobsEvents.flat() as Array<{ entity_type: string; entity_id: string }>;
      assert.ok(seen.length > 0);
      const readable = new Set([
        ...[0, 2, 4].map((i) => `experiment:${experimentIds[i]}`),
        'registered_model:model/1', 'registered_model:model/3', 'model_version:model/1/1', 'model_version:model/3/1',
        'dataset:data-1', 'dataset:data-3', 'dataset_version:data-1/1', 'dataset_version:data-3/1',
      ]);
      for (const event of seen) {
        if (event.entity_type === 'run') continue;
        assert.ok(readable.has(`${event.entity_type}:${event.entity_id}`), `bob should not see ${event.entity_type}:${event.entity_id}`);
      }
      assert.ok(seen.some((e) => e.entity_type === 'model_version' && e.entity_id === 'model/1/1'));
      assert.ok(!seen.some((e) => e.entity_type === 'model_version' && e.entity_id === 'model/2/1'));
      const all = (await allPages(s, 'admin:root', 'GET', `${STRATA}/audit`, 'events', { max_results: 500 })).flat();
      assert.ok(all.length > seen.length);
      assert.equal((await s.call('user:bob', 'POST', `${STRATA}/permissions/auditor`, { principal_name: 'bob', auditor: true })).status, 403);
      assert.equal((await s.call('admin:root', 'POST', `${STRATA}/permissions/auditor`, { principal_name: 'bob', auditor: true })).status, 200);
      const asAuditor = (await allPages(s, 'user:bob', 'GET', `${STRATA}/audit`, 'events', { max_results: 500 })).flat();
      assert.equal(asAuditor.length, all.length + 1, 'an auditor sees what an admin sees, and now the auditor grant');
      const grantEvents = asAuditor.filter((e) => (e as { action: string }).action.startsWith('permission.')) as Array<{ action: string; entity_type: string; entity_id: string; actor: string; summary: Record<string, unknown> }>;
      assert.ok(grantEvents.some((e) => e.action === 'permission.grant' && e.entity_type === 'registered_model' && e.entity_id === 'model/1' && e.actor === 'alice' && e.summary.principal_name === 'bob'));
      assert.ok(grantEvents.some((e) => e.action === 'permission.set_auditor' && e.entity_type === 'server' && e.actor === 'root'));
    });

    it('lists webhooks a user may read only', async () => {
      const hook = await s.call('admin:root', 'POST', 'webhooks', { name: 'h', url: HOOK_URL, events: [{ entity: 'MODEL_VERSION', action: 'CREATED' }] });
      assert.equal(hook.status, 200, hook.text);
      assert.deepEqual((await s.call('user:bob', 'GET', 'webhooks')).json, {});
      assert.equal((await s.call('admin:root', 'GET', 'webhooks')).json.webhooks.length, 1);
    });
  });
}

describeOrSkip('the default role (viewer, as MLflow’s READ)', false, () => {
  let s: AuthzServer;
  before(async () => {
    s = await startAuthzServer('viewer');
    await s.createUsers('bob');
  });
  after(async () => {
    await s?.server.close();
  });

  it('lets every signed-in user read everything, and only grantees write', async () => {
    const created = await s.call('user:alice', 'POST', 'experiments/create', { name: 'shared' });
    const id = created.json.experiment_id;
    assert.equal((await s.call('user:bob', 'GET', 'experiments/get', { experiment_id: id })).status, 200);
    assert.equal((await s.call('user:bob', 'POST', 'experiments/search', {})).json.experiments.length, 2);
    assert.equal((await s.call('user:bob', 'POST', 'experiments/update', { experiment_id: id, new_name: 'mine' })).status, 403);
    assert.equal((await s.call('user:bob', 'POST', 'runs/create', { experiment_id: id })).status, 403);
    await s.call('user:alice', 'POST', 'experiments/permissions/create', { experiment_id: id, username: 'bob', permission: 'EDIT' });
    assert.equal((await s.call('user:bob', 'POST', 'runs/create', { experiment_id: id })).status, 200);
  });
});
