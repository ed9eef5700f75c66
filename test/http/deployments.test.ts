/**
 * Deployment records over HTTP and through the SDK (client.deployments), on SQLite and
 * PostgreSQL: a serving instance registers, starts on a version, switches, refuses a switch and
 * stops; its history reads newest first; "what served production at T" answers at several
 * times (ms, ISO 8601, a duration back); the registry's "where is version N deployed" is the
 * list filtered by version; rollback moves the alias back to the version served before (through
 * the promotion flow: a protected alias gives a request), and refuses clearly when there is
 * nothing to go back to. Permissions: a viewer cannot register or record, a stranger sees no
 * instance of a model it may not read; every event but a heartbeat is in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient, isStrataApiError, type DeploymentWire } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { asAdmin, asUser, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { startTestServer, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { startReceiver } from '../webhooks/webhook-receiver.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('deployment tests');
const V1 = '/api/strata/v1';
const ALICE = asUser('alice');
const BOB = asUser('bob');
const ROOT = asAdmin('root');

for (const dialect of dialects) {
  describeOrSkip(`deployments on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let counter = 0;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'none' }, { authenticator: FAKE_AUTHENTICATOR });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    const ok = (response: ApiResponse) => {
      assert.equal(response.status, 200, response.text);
      return response.json;
    };
    const alice = () => createClient({ trackingUri: server.url, username: 'alice', password: 'x' });
    const aliasOf = async (name: string, alias: string) => Number(ok(await server.get('registered-models/alias', { name, alias })).model_version.version);

    /** A model of alice's with `versions` versions and `production` on version 1. */
    async function model(versions: number): Promise<string> {
      counter += 1;
      const name = `fraud-dep-${counter}`;
      ok(await server.post('registered-models/create', { name }, ALICE));
      for (let i = 0; i < versions; i += 1) ok(await server.post('model-versions/create', { name, source: 's3://bucket/model' }, ALICE));
      ok(await server.post('registered-models/alias', { name, alias: 'production', version: '1' }, ALICE));
      return name;
    }

    async function register(name: string, extra: Record<string, unknown> = {}): Promise<DeploymentWire> {
      return alice().deployments.register({ name: `${name}-production`, environment: 'production', endpointUrl: 'http://serving-1:8080', host: 'serving-1', pid: 4242, modelUri: `models:/${name}@production`, ...extra });
    }

    it('records an instance from start to stop, and answers what served production at several times', async () => {
      const name = await model(3);
      const client = alice();
      const d = await register(name);
      assert.equal(d.status, 'running');
      assert.equal(d.current_version, undefined, 'nothing loaded yet');
      assert.equal(d.alias, 'production');
      assert.equal(d.model_name, name);
      assert.equal(d.registered_by, 'alice');
      const t0 = d.started_time;
      const id = d.deployment_id;
      const started = await client.deployments.recordEvent({ deploymentId: id, kind: 'started', toVersion: 1, reason: 'initial load', time: t0 + 10 });
      assert.equal(started.deployment.current_version, '1');
      assert.equal(started.event.to_version, '1');
      const failed = await client.deployments.recordEvent({ deploymentId: id, kind: 'switch_failed', fromVersion: 1, toVersion: 3, reason: 'alias moved (poll)', message: 'SHA-256 mismatch', time: t0 + 15 });
      assert.equal(failed.deployment.current_version, '1', 'a refused switch keeps the old version');
      await client.deployments.recordEvent({ deploymentId: id, kind: 'switched', fromVersion: 1, toVersion: 2, reason: 'alias moved (webhook)', time: t0 + 20 });
      assert.equal((await client.deployments.heartbeat(id)).status, 'running');

      // The registry's "where is version N deployed".
      assert.deepEqual((await client.deployments.list({ modelName: name, version: 2 })).map((x) => x.deployment_id), [id]);
      assert.deepEqual(await client.deployments.list({ modelName: name, version: 1 }), []);
      assert.deepEqual((await client.deployments.get(id)).current_version, '2');

      const stopped = await client.deployments.recordEvent({ deploymentId: id, kind: 'stopped', reason: 'shutdown (SIGTERM)', time: t0 + 30 });
      assert.equal(stopped.deployment.status, 'stopped');
      assert.equal(stopped.deployment.stopped_time, t0 + 30);
      assert.deepEqual(await client.deployments.list({ modelName: name }), [], 'stopped instances are left out…');
      assert.equal((await client.deployments.list({ modelName: name, includeStopped: true })).length, 1, '…unless asked for');

      const history = await client.deployments.history({ name: `${name}-production` });
      assert.deepEqual(history.map((e) => [e.kind, e.from_version ?? null, e.to_version ?? null]), [['stopped', null, null], ['switched', '1', '2'], ['switch_failed', '1', '3'], ['started', null, '1']]);
      assert.equal(history[2]!.message, 'SHA-256 mismatch');
      assert.deepEqual((await client.deployments.history({ name: `${name}-production`, since: t0 + 15, until: t0 + 20 })).map((e) => e.kind), ['switched', 'switch_failed']);

      const servedAt = async (time: number | string) => {
        const answer = await client.deployments.servedAt({ modelName: name, alias: 'production', time });
        return { versions: answer.versions, serving: answer.serving.map((s) => [s.deployment.deployment_id, s.version, s.since]) };
      };
      assert.deepEqual(await servedAt(t0 + 5), { versions: [], serving: [] }, 'registered, nothing loaded');
      assert.deepEqual(await servedAt(t0 + 12), { versions: ['1'], serving: [[id, '1', t0 + 10]] });
      assert.deepEqual(await servedAt(new Date(t0 + 17).toISOString()), { versions: ['1'], serving: [[id, '1', t0 + 10]] }, 'ISO 8601; the refused switch changed nothing');
      assert.deepEqual(await servedAt(String(t0 + 25)), { versions: ['2'], serving: [[id, '2', t0 + 20]] });
      assert.deepEqual(await servedAt(t0 + 30), { versions: [], serving: [] }, 'stopped');
      assert.deepEqual(await servedAt('1d'), { versions: [], serving: [] }, 'a day ago, before it started');
      const byName = await client.deployments.servedAt({ name: `${name}-production`, time: t0 + 25 });
      assert.deepEqual(byName.versions, ['2']);

      // Every event but the heartbeat is in the audit log.
      const audit = ok(await server.get(`${V1}/audit`, { entity_type: 'deployment', entity_id: id, max_results: 50 }));
      assert.deepEqual(audit.events.map((e: { action: string }) => e.action).sort(), ['deployment.register', 'deployment.started', 'deployment.stopped', 'deployment.switch_failed', 'deployment.switched']);
    });

    it('refuses bad events clearly', async () => {
      const name = await model(1);
      const client = alice();
      const d = await register(name);
      const refused = async (call: Promise<unknown>, status: number, pattern: RegExp) => {
        const error = await call.then(() => undefined, (e: unknown) => e);
        assert.ok(isStrataApiError(error), `expected an API error, got ${String(error)}`);
        assert.equal(error.status, status);
        assert.match(error.message, pattern);
      };
      await refused(client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'switched', fromVersion: 1, toVersion: 7, reason: 'alias moved' }), 404, /Model Version .*version=7/);
      await refused(client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'started', reason: 'initial load' }), 400, /needs to_version/);
      await refused(client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'exploded' as 'started', toVersion: 1, reason: 'x' }), 400, /kind must be one of started, switched, switch_failed, stopped/);
      await refused(client.deployments.recordEvent({ deploymentId: 'nope', kind: 'started', toVersion: 1, reason: 'x' }), 404, /No deployment with id=nope/);
      await refused(register('no-such-model'), 404, /Registered Model with name=no-such-model not found/);
      await refused(register(name, { modelUri: 'runs:/abc/model' }), 400, /Not a proper models:\/ URI/);
      await refused(register(name, { endpointUrl: 'ftp://x' }), 400, /endpoint_url must be an http\(s\) URL/);
      await refused(client.deployments.servedAt({ modelName: name, time: 1 }), 400, /model_name needs alias/);
      await refused(client.deployments.servedAt({ modelName: name, alias: 'production', time: 'yesterday' }), 400, /milliseconds since the epoch, an ISO-8601 time or a duration back/);
      await refused(client.deployments.list({ version: 1 }), 400, /version needs model_name/);
      await client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'stopped', reason: 'shutdown' });
      await refused(client.deployments.heartbeat(d.deployment_id), 400, /stopped .*takes no more events/);
      await refused(client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'started', toVersion: 1, reason: 'again' }), 400, /takes no more events/);
    });

    it('rolls back: moves the alias to the version served before the current one, through the promotion flow', async () => {
      const name = await model(3);
      const client = alice();
      const d = await register(name);
      const replica = await register(name, { endpointUrl: 'http://serving-2:8080', host: 'serving-2' });
      for (const x of [d, replica]) await client.deployments.recordEvent({ deploymentId: x.deployment_id, kind: 'started', toVersion: 1, reason: 'initial load' });
      ok(await server.post('registered-models/alias', { name, alias: 'production', version: '2' }, ALICE));
      for (const x of [d, replica]) await client.deployments.recordEvent({ deploymentId: x.deployment_id, kind: 'switched', fromVersion: 1, toVersion: 2, reason: 'alias moved (webhook)' });
      const result = await client.deployments.rollback({ name: `${name}-production`, reason: 'latency regression' });
      assert.deepEqual(result, { model_name: name, alias: 'production', from_version: '2', to_version: '1', outcome: 'moved' });
      assert.equal(await aliasOf(name, 'production'), 1);
      const history = ok(await server.get(`${V1}/registered-models/alias-history`, { name, alias: 'production' })).events;
      assert.equal(history.at(-1).justification.reason, 'latency regression');
      const audit = ok(await server.get(`${V1}/audit`, { entity_type: 'deployment', entity_id: replica.deployment_id, max_results: 50 }));
      const rollback = audit.events.find((e: { action: string }) => e.action === 'deployment.rollback');
      assert.deepEqual(rollback?.summary, { name: `${name}-production`, model_name: name, alias: 'production', from_version: 2, to_version: 1, reason: 'latency regression' });
    });

    it('rolls back a protected alias by opening a promotion request, the alias unmoved', async () => {
      const name = await model(2);
      ok(await server.post(`${V1}/models/policy`, { name, protected_aliases: { production: { approvals: 1, approvers: { users: ['root'] } } } }, ROOT));
      const client = alice();
      const d = await register(name);
      await client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'started', toVersion: 2, reason: 'initial load' });
      await client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'switched', fromVersion: 2, toVersion: 1, reason: 'alias moved (poll)' });
      const result = await client.deployments.rollback({ name: `${name}-production` });
      assert.equal(result.outcome, 'requested');
      assert.equal(result.to_version, '2');
      assert.ok(result.request_id);
      const request = ok(await server.get(`${V1}/promotions/get`, { request_id: result.request_id! })).request;
      assert.equal(request.state, 'pending');
      assert.equal(request.version, '2');
      assert.equal(await aliasOf(name, 'production'), 1, 'the alias waits for the approvers');
    });

    it('refuses a rollback with nothing to go back to, of a pinned version, or of an unknown name', async () => {
      const name = await model(2);
      const client = alice();
      const d = await register(name);
      await client.deployments.recordEvent({ deploymentId: d.deployment_id, kind: 'started', toVersion: 1, reason: 'initial load' });
      const only = await server.post(`${V1}/deployments/rollback`, { name: `${name}-production` }, ALICE);
      assert.equal(only.status, 400);
      assert.match(only.json.message, /has served only version 1 .*no earlier version to roll back to/);
      await register(name, { name: `${name}-pinned`, modelUri: `models:/${name}/2` });
      const pinned = await server.post(`${V1}/deployments/rollback`, { name: `${name}-pinned` }, ALICE);
      assert.equal(pinned.status, 400);
      assert.match(pinned.json.message, /follows no alias \(it was started with models:\/fraud-dep-\d+\/2\); there is no alias to move back/);
      const unknown = await server.post(`${V1}/deployments/rollback`, { name: 'never-deployed' }, ALICE);
      assert.equal(unknown.status, 404);
    });

    it('announces every event but a heartbeat to webhooks as deployment.<kind>, in MLflow 3\'s envelope', async () => {
      const receiver = await startReceiver();
      const delivering = await startTestServer({ backendStoreUri: dialect.uri() }, { webhooks: { allowedHosts: ['127.0.0.1'], pollIntervalMs: 50 } });
      try {
        const events = ['STARTED', 'SWITCHED', 'SWITCH_FAILED', 'STOPPED'].map((action) => ({ entity: 'DEPLOYMENT', action }));
        assert.equal((await delivering.post('webhooks', { name: 'deployments', url: receiver.url, events })).status, 200);
        counter += 1;
        const name = `hooked-dep-${counter}`;
        ok(await delivering.post('registered-models/create', { name }));
        for (let i = 0; i < 2; i += 1) ok(await delivering.post('model-versions/create', { name, source: 's3://bucket/model' }));
        const client = createClient({ trackingUri: delivering.url });
        const d = await client.deployments.register({ name: `${name}-prod`, environment: 'production', endpointUrl: 'http://serving-1:8080', host: 'serving-1', modelUri: `models:/${name}@production` });
        const id = d.deployment_id;
        await client.deployments.recordEvent({ deploymentId: id, kind: 'started', toVersion: 1, reason: 'initial load', time: 1000 });
        await client.deployments.heartbeat(id);
        await client.deployments.recordEvent({ deploymentId: id, kind: 'switch_failed', fromVersion: 1, toVersion: 2, reason: 'alias moved (poll)', message: 'warm-up failed', time: 2000 });
        await client.deployments.recordEvent({ deploymentId: id, kind: 'switched', fromVersion: 1, toVersion: 2, reason: 'alias moved (webhook)', time: 3000 });
        await client.deployments.recordEvent({ deploymentId: id, kind: 'stopped', reason: 'shutdown (SIGTERM)', time: 4000 });
        const received = await receiver.waitFor(4);
        const common = { deployment_id: id, deployment_name: `${name}-prod`, environment: 'production', endpoint_url: 'http://serving-1:8080', host: 'serving-1', name, alias: 'production' };
        const byAction = Object.fromEntries(received.map((r) => [r.json.action, r.json]));
        assert.deepEqual(Object.keys(byAction).sort(), ['started', 'stopped', 'switch_failed', 'switched']);
        for (const r of received) assert.equal(r.json.entity, 'deployment');
        assert.deepEqual(byAction.started!.data, { ...common, version: '1', reason: 'initial load', time: 1000 });
        assert.deepEqual(byAction.switch_failed!.data, { ...common, version: '2', from_version: '1', reason: 'alias moved (poll)', message: 'warm-up failed', time: 2000 });
        assert.deepEqual(byAction.switched!.data, { ...common, version: '2', from_version: '1', reason: 'alias moved (webhook)', time: 3000 });
        assert.deepEqual(byAction.stopped!.data, { ...common, reason: 'shutdown (SIGTERM)', time: 4000 });
      } finally {
        await delivering.close();
        await receiver.close();
      }
    });

    it('lets a viewer read but not record, and shows a stranger nothing of a model it may not read', async () => {
      const name = await model(1);
      ok(await server.post(`${V1}/permissions/grant`, { resource_type: 'model', resource_key: name, principal_name: 'bob', role: 'viewer' }, ALICE));
      const d = await register(name);
      ok(await server.post(`${V1}/deployments/events`, { deployment_id: d.deployment_id, kind: 'started', to_version: '1', reason: 'initial load' }, ALICE));

      const bobRegister = await server.post(`${V1}/deployments/register`, { name: 'x', endpoint_url: 'http://x:1', host: 'x', model_uri: `models:/${name}@production` }, BOB);
      assert.equal(bobRegister.status, 403, bobRegister.text);
      const bobEvent = await server.post(`${V1}/deployments/events`, { deployment_id: d.deployment_id, kind: 'stopped', reason: 'forged' }, BOB);
      assert.equal(bobEvent.status, 403, bobEvent.text);
      const bobHeartbeat = await server.post(`${V1}/deployments/heartbeat`, { deployment_id: d.deployment_id }, BOB);
      assert.equal(bobHeartbeat.status, 403, bobHeartbeat.text);
      const bobRollback = await server.post(`${V1}/deployments/rollback`, { name: `${name}-production` }, BOB);
      assert.equal(bobRollback.status, 403, bobRollback.text);
      const bob = createClient({ trackingUri: server.url, token: 'test-user:bob' });
      assert.deepEqual((await bob.deployments.list({ modelName: name })).map((x) => x.deployment_id), [d.deployment_id]);
      assert.equal((await bob.deployments.get(d.deployment_id)).deployment_id, d.deployment_id);
      assert.equal((await bob.deployments.servedAt({ modelName: name, alias: 'production', time: Date.now() })).serving.length, 1);

      const carol = createClient({ trackingUri: server.url, token: 'test-user:carol' });
      assert.deepEqual(await carol.deployments.list({ modelName: name }), []);
      assert.deepEqual(await carol.deployments.list(), []);
      assert.deepEqual(await carol.deployments.history({ name: `${name}-production` }), []);
      assert.deepEqual((await carol.deployments.servedAt({ modelName: name, alias: 'production', time: Date.now() })).serving, []);
      const hidden = await server.get(`${V1}/deployments/get`, { deployment_id: d.deployment_id });
      assert.equal(hidden.status, 200, 'the open principal (no header) passes');
      const carolGet = await fetch(`${server.url}${V1}/deployments/get?deployment_id=${d.deployment_id}`, { headers: { authorization: 'Bearer test-user:carol' } });
      assert.equal(carolGet.status, 404, 'no existence leak');
      const carolRollback = await server.post(`${V1}/deployments/rollback`, { name: `${name}-production` }, asUser('carol'));
      assert.equal(carolRollback.status, 404, 'no existence leak');
    });
  });
}
