/**
 * Protected aliases and promotion requests over HTTP, on SQLite and PostgreSQL, with users
 * from the fake authenticator (test/helpers/fake-authenticator.ts): policies validated with
 * field paths; a protected alias refused (403) on MLflow's alias routes, naming the policy,
 * admins included; a request approved by enough distinct eligible users moves the alias once
 * and the history names the request; self-approval, ineligible approvers and unauthenticated
 * approvals refused; the same approver twice counts once; rejection, cancellation and expiry
 * end a request; unmet conditions are named; every step is an audit event and a webhook
 * delivery in MLflow 3's shape.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createClient, isStrataApiError } from '../../src/client/browser.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { startReceiver } from '../webhooks/webhook-receiver.js';
import { asAdmin, asUser, FAKE_AUTHENTICATOR } from '../helpers/fake-authenticator.js';
import { startTestServer, toApiResponse, type ApiResponse, type TestServer } from '../helpers/start-test-server.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('promotion tests');
const V1 = '/api/strata/v1';

// The servers give every signed-in user the editor role (anyone may request); policies and approvals are the subject.
const ALICE = asUser('alice');
const BOB = asUser('bob@risk');
const CAROL = asUser('carol@risk,ml');
const DAVE = asUser('dave@ml');
const ROOT = asAdmin('root');

const POLICY = {
  production: { approvals: 2, approvers: { users: ['alice'], groups: ['risk'] }, expiry: '72h' },
  staging: { approvals: 1, approvers: { users: ['alice'] }, allow_self_approval: true },
};

for (const dialect of dialects) {
  describeOrSkip(`promotions on ${dialect.name}`, dialect.skip, () => {
    let server: TestServer;
    let counter = 0;
    before(async () => {
      server = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR, webhooks: { deliver: false, allowedHosts: ['127.0.0.1'] }, promotionSweepIntervalMs: 200 });
    });
    after(async () => {
      await server?.close();
      await dialect.drop();
    });

    async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ApiResponse> {
      const url = new URL(`${server.url}${path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`}`);
      if (method === 'GET') for (const [key, value] of Object.entries(body)) url.searchParams.set(key, String(value));
      const init: RequestInit = { method, headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) } };
      if (method !== 'GET') init.body = JSON.stringify(body);
      return toApiResponse(await fetch(url, init));
    }
    const ok = (response: ApiResponse) => {
      assert.equal(response.status, 200, response.text);
      return response.json;
    };

    /** A model with `versions` versions and the standard policy; returns its name. */
    async function protectedModel(versions = 2, policy: Record<string, unknown> = POLICY): Promise<string> {
      counter += 1;
      const name = `fraud-${counter}`;
      ok(await call('POST', 'registered-models/create', { name }));
      for (let i = 0; i < versions; i += 1) ok(await call('POST', 'model-versions/create', { name, source: `s3://models/${name}/${i}` }));
      ok(await call('POST', `${V1}/models/policy`, { name, protected_aliases: policy }, ROOT));
      return name;
    }
    const request = (model: string, version: number, alias = 'production', who = BOB) =>
      call('POST', `${V1}/promotions`, { model, version, alias, reason: 'better recall on the holdout' }, who);
    const decide = (verb: 'approve' | 'reject' | 'cancel', requestId: string, who: Record<string, string>, comment = '') =>
      call('POST', `${V1}/promotions/${verb}`, { request_id: requestId, comment }, who);
    const aliasOf = async (name: string, alias: string) => {
      const response = await call('GET', 'registered-models/alias', { name, alias });
      return response.status === 200 ? Number(response.json.model_version.version) : undefined;
    };

    it('stores a valid policy and answers it; an invalid one is refused naming each field and problem', async () => {
      const name = await protectedModel();
      const policy = ok(await call('GET', `${V1}/models/policy`, { name })).policy;
      assert.deepEqual(policy.protected_aliases.production, {
        approvals: 2, approvers: { users: ['alice'], groups: ['risk'] }, allow_self_approval: false, expiry: '72h', conditions: { dataset_logged: false, git_commit: false },
      });
      assert.equal(policy.updated_by, 'root');
      const bad = await call('POST', `${V1}/models/policy`, {
        name, protected_aliases: { production: { approvals: 0, approvers: { users: [] }, expiry: 'soon', conditions: { gate: 7, nightly: true } }, latest: { approvals: 1, approvers: { groups: ['x'] } } },
      }, ROOT);
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error_code, 'INVALID_PARAMETER_VALUE');
      for (const expected of [
        'protected_aliases.production.approvals: must be a whole number from 1',
        'protected_aliases.production.approvers: name at least one user or group',
        'protected_aliases.production.expiry: must be a duration',
        'protected_aliases.production.conditions.nightly: unknown field',
        'protected_aliases.production.conditions.gate: must be a gate name',
        "protected_aliases.latest: 'latest' alias name (case insensitive) is reserved.",
      ]) assert.ok(bad.json.message.includes(expected), `${expected} in ${bad.json.message}`);
      assert.deepEqual(ok(await call('GET', `${V1}/models/policy`, { name })).policy.protected_aliases.production.approvals, 2, 'nothing stored');
    });

    it('refuses a direct set or delete of a protected alias with 403 naming the policy, admins included', async () => {
      const name = await protectedModel();
      for (const who of [{}, ALICE, ROOT]) {
        const set = await call('POST', 'registered-models/alias', { name, alias: 'production', version: '1' }, who);
        assert.equal(set.status, 403);
        assert.equal(set.json.error_code, 'PERMISSION_DENIED');
        assert.match(set.json.message, new RegExp(`Alias 'production' of registered model '${name}' is protected by the model's promotion policy \\(2 approvals required\\)`));
        assert.match(set.json.message, new RegExp(`strata promote models:/${name}/1 --alias production`));
      }
      assert.equal((await call('DELETE', 'registered-models/alias', { name, alias: 'production' }, ROOT)).status, 403);
      ok(await call('POST', 'registered-models/alias', { name, alias: 'champion', version: '1' }));
      assert.equal(await aliasOf(name, 'champion'), 1);
    });

    it('refuses deleting the version that holds a protected alias, or the model while one is set, until the policy is gone', async () => {
      const name = await protectedModel(2, { production: { approvals: 1, approvers: { users: ['alice'] } } });
      const requestId = ok(await request(name, 1)).request.request_id as string;
      assert.equal(ok(await decide('approve', requestId, ALICE)).request.state, 'approved');
      assert.equal(await aliasOf(name, 'production'), 1);
      const version = await call('DELETE', 'model-versions/delete', { name, version: '1' }, ROOT);
      assert.equal(version.status, 403, version.text);
      assert.match(version.json.message, new RegExp(`Version 1 of registered model '${name}' holds protected alias 'production'`));
      const model = await call('DELETE', 'registered-models/delete', { name }, ROOT);
      assert.equal(model.status, 403, model.text);
      assert.match(model.json.message, /Delete the model's policy first/);
      assert.equal(await aliasOf(name, 'production'), 1, 'the alias is still there');
      ok(await call('DELETE', 'model-versions/delete', { name, version: '2' }, ROOT));
      ok(await call('DELETE', `${V1}/models/policy`, { name }, ROOT));
      ok(await call('DELETE', 'registered-models/delete', { name }, ROOT));
    });

    it('moves the alias exactly once when two distinct eligible users approve, and the history names the request', async () => {
      const name = await protectedModel();
      const created = ok(await request(name, 2)).request;
      assert.equal(created.state, 'pending');
      assert.equal(created.requested_by, 'bob');
      const duplicate = await request(name, 2, 'production', ALICE);
      assert.equal(duplicate.status, 400);
      assert.equal(duplicate.json.error_code, 'RESOURCE_ALREADY_EXISTS');
      assert.match(duplicate.json.message, new RegExp(`Promotion request ${created.request_id} already asks to move ${name}@production to version 2`));
      const first = ok(await decide('approve', created.request_id, ALICE, 'metrics look right')).request;
      assert.equal(first.state, 'pending');
      assert.equal(first.approvals, 1);
      assert.equal(await aliasOf(name, 'production'), undefined, 'one approval of two moves nothing');
      const second = ok(await decide('approve', created.request_id, CAROL, 'ok')).request;
      assert.equal(second.state, 'approved');
      assert.equal(second.approvals, 2);
      assert.deepEqual(second.votes.map((v: { approver: string }) => v.approver), ['alice', 'carol']);
      assert.equal(await aliasOf(name, 'production'), 2);
      const late = await decide('approve', created.request_id, asUser('erin@risk'));
      assert.equal(late.status, 409);
      assert.match(late.json.message, /is approved; only a pending request can be decided/);
      const history = ok(await call('GET', `${V1}/registered-models/alias-history`, { name, alias: 'production' })).events;
      assert.equal(history.length, 1);
      assert.deepEqual([history[0].kind, history[0].version, history[0].actor, history[0].request_id], ['alias_set', '2', 'carol', created.request_id]);
    });

    it('does not let the requester approve their own request unless the policy allows it', async () => {
      const name = await protectedModel();
      const created = ok(await request(name, 1)).request;
      const self = await decide('approve', created.request_id, BOB);
      assert.equal(self.status, 403);
      assert.match(self.json.message, /bob requested this promotion and the policy of .*@production does not let a requester approve/);
      const staging = ok(await request(name, 1, 'staging', ALICE)).request;
      assert.equal(ok(await decide('approve', staging.request_id, ALICE)).request.state, 'approved');
      assert.equal(await aliasOf(name, 'staging'), 1);
    });

    it('refuses an approver the policy does not name (403) and an unauthenticated approval', async () => {
      const name = await protectedModel();
      const created = ok(await request(name, 1)).request;
      const stranger = await decide('approve', created.request_id, DAVE);
      assert.equal(stranger.status, 403);
      assert.match(stranger.json.message, /dave is not an approver of .*@production: its policy names users alice and groups risk/);
      const open = await decide('approve', created.request_id, {});
      assert.equal(open.status, 403);
      assert.match(open.json.message, /needs a signed-in user/);
      assert.equal(ok(await call('GET', `${V1}/promotions/get`, { request_id: created.request_id })).request.votes.length, 0);
    });

    it('counts the same approver twice once', async () => {
      const name = await protectedModel();
      const created = ok(await request(name, 1)).request;
      ok(await decide('approve', created.request_id, ALICE));
      const again = ok(await decide('approve', created.request_id, ALICE, 'really')).request;
      assert.equal(again.state, 'pending');
      assert.equal(again.approvals, 1);
      assert.equal(await aliasOf(name, 'production'), undefined);
    });

    it('ends a request on rejection; the alias stays where it was', async () => {
      const name = await protectedModel();
      const created = ok(await request(name, 1)).request;
      ok(await decide('approve', created.request_id, ALICE));
      const rejected = ok(await decide('reject', created.request_id, CAROL, 'drift on segment B')).request;
      assert.equal(rejected.state, 'rejected');
      assert.deepEqual(rejected.votes.at(-1), { approver: 'carol', decision: 'reject', comment: 'drift on segment B', time: rejected.votes.at(-1).time });
      assert.equal((await decide('approve', created.request_id, asUser('erin@risk'))).status, 409);
      assert.equal(await aliasOf(name, 'production'), undefined);
    });

    it('lets the requester cancel, nobody else but an admin', async () => {
      const name = await protectedModel();
      const created = ok(await request(name, 1)).request;
      const other = await decide('cancel', created.request_id, ALICE);
      assert.equal(other.status, 403);
      assert.equal(ok(await decide('cancel', created.request_id, BOB, 'wrong version')).request.state, 'cancelled');
      const second = ok(await request(name, 2)).request;
      assert.equal(ok(await decide('cancel', second.request_id, ROOT)).request.state, 'cancelled');
    });

    it('expires a request past its expiry: it cannot be approved and reads as expired', async () => {
      const name = await protectedModel(1, { production: { approvals: 1, approvers: { users: ['alice'] }, expiry: '1s' } });
      const created = ok(await request(name, 1)).request;
      assert.equal(created.expires_time - created.created_time, 1000);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const late = await decide('approve', created.request_id, ALICE);
      assert.equal(late.status, 409);
      assert.match(late.json.message, /expired at .*; create a new request/);
      assert.equal(ok(await call('GET', `${V1}/promotions/get`, { request_id: created.request_id })).request.state, 'expired');
      const listed = ok(await call('GET', `${V1}/promotions`, { model: name, state: 'expired' })).requests;
      assert.deepEqual(listed.map((r: { request_id: string }) => r.request_id), [created.request_id]);
      assert.equal(await aliasOf(name, 'production'), undefined);
    });

    it('marks a request expired in the background, with its audit event, when nobody reads it', async () => {
      const name = await protectedModel(1, { production: { approvals: 1, approvers: { users: ['alice'] }, expiry: '1s' } });
      const created = ok(await request(name, 1)).request;
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const audit = ok(await call('GET', `${V1}/audit`, { entity_type: 'registered_model', entity_id: name, action: 'promotion_request.expire' })).events;
      assert.deepEqual(audit.map((e: { actor: string; summary: { request_id: string } }) => [e.actor, e.summary.request_id]), [['strata', created.request_id]]);
    });

    it('refuses a request whose version does not meet the conditions, naming each, and accepts it once they hold', async () => {
      counter += 1;
      const name = `gated-${counter}`;
      const experiment = ok(await call('POST', 'experiments/create', { name }));
      const run = ok(await call('POST', 'runs/create', { experiment_id: experiment.experiment_id, start_time: 1 })).run.info.run_id as string;
      const logAuc = (value: number) => call('POST', 'runs/log-metric', { run_id: run, key: 'auc', value, timestamp: Date.now(), step: 0 });
      const gate = async (status: string) => {
        const result = ok(await call('POST', `${V1}/gates/evaluate`, { spec: 'name: offline-eval\nrules:\n  - metrics.auc >= 0.9\n', model_uri: `models:/${name}/1` })).result;
        assert.equal(result.status, status);
      };
      ok(await logAuc(0.95));
      ok(await call('POST', 'registered-models/create', { name }));
      ok(await call('POST', 'model-versions/create', { name, source: 's3://models/gated', run_id: run }));
      ok(await call('POST', `${V1}/models/policy`, {
        name, protected_aliases: { production: { approvals: 1, approvers: { users: ['alice'] }, conditions: { gate: 'offline-eval', dataset_logged: true, git_commit: true } } },
      }, ROOT));
      // A tag is no gate result: whoever may tag could otherwise pass the gate.
      ok(await call('POST', 'model-versions/set-tag', { name, version: '1', key: 'strata.gate.offline-eval', value: 'passed' }));
      const refused = await request(name, 1);
      assert.equal(refused.status, 409);
      assert.equal(refused.json.error_code, 'INVALID_STATE');
      assert.match(refused.json.message, /gate 'offline-eval' has never run on version 1/);
      assert.match(refused.json.message, new RegExp(`dataset_logged: source run ${run} logged no dataset input`));
      assert.match(refused.json.message, new RegExp(`git_commit: source run ${run} has no mlflow.source.git.commit tag`));
      ok(await call('POST', 'runs/set-tag', { run_id: run, key: 'mlflow.source.git.commit', value: 'a1b2c3' }));
      ok(await call('POST', 'runs/log-inputs', { run_id: run, datasets: [{ dataset: { name: 'tx', digest: 'd1', source_type: 'local', source: '{}' } }] }));
      await gate('passed');
      const created = ok(await request(name, 1)).request;
      ok(await logAuc(0.5));
      await gate('failed');
      const stale = await decide('approve', created.request_id, ALICE);
      assert.equal(stale.status, 409, 'conditions are checked again when the request is applied');
      assert.match(stale.json.message, /Cannot apply promotion request .*gate 'offline-eval' failed on version 1/);
      ok(await logAuc(0.95));
      await gate('passed');
      assert.equal(ok(await decide('approve', created.request_id, ALICE)).request.state, 'approved');
    });

    it('delivers promotion events to a receiver in MLflow 3’s envelope', async () => {
      const receiver = await startReceiver();
      const delivering = await startTestServer({ backendStoreUri: dialect.uri(), defaultPermission: 'editor' }, { authenticator: FAKE_AUTHENTICATOR, webhooks: { allowedHosts: ['127.0.0.1'], pollIntervalMs: 50 } });
      try {
        const post = (path: string, body: Record<string, unknown>, who: Record<string, string> = {}) => delivering.post(path, body, who);
        assert.equal((await post('webhooks', { name: 'p', url: receiver.url, events: [{ entity: 'PROMOTION_REQUEST', action: 'CREATED' }] })).status, 200);
        counter += 1;
        const name = `delivered-${counter}`;
        await post('registered-models/create', { name });
        await post('model-versions/create', { name, source: 's3://models/d' });
        await post(`${V1}/models/policy`, { name, protected_aliases: { production: { approvals: 1, approvers: { users: ['alice'] } } } }, ROOT);
        const created = (await post(`${V1}/promotions`, { model: name, version: 1, alias: 'production', reason: 'ship it' }, BOB)).json.request;
        const [delivery] = await receiver.waitFor(1);
        assert.deepEqual([delivery!.json.entity, delivery!.json.action], ['promotion_request', 'created']);
        assert.deepEqual(delivery!.json.data, {
          request_id: created.request_id, name, version: '1', alias: 'production', requested_by: 'bob', reason: 'ship it', state: 'pending',
          required_approvals: 1, expires_time: created.expires_time,
        });
      } finally {
        await delivering.close();
        await receiver.close();
      }
    });

    it('works through the browser SDK: policies and promotions namespaces', async () => {
      // `root` signs in as an admin (the fake authenticator's password fake-admin): policies need a manager.
      const as = (username: string) => createClient({ trackingUri: server.url, username, password: username === 'root' ? 'fake-admin' : 'x' });
      counter += 1;
      const name = `sdk-${counter}`;
      ok(await call('POST', 'registered-models/create', { name }));
      ok(await call('POST', 'model-versions/create', { name, source: 's3://models/sdk' }));
      const policy = await as('root').policies.set({ name, protected_aliases: { production: { approvals: 1, approvers: { groups: ['risk'] } } } });
      assert.deepEqual(Object.keys(policy.protected_aliases), ['production']);
      assert.equal((await as('x').policies.get(name)).protected_aliases.production?.approvals, 1);
      const created = await as('bob').promotions.create({ model: name, version: 1, alias: 'production', reason: 'sdk' });
      assert.deepEqual((await as('x').promotions.list({ model: name, state: 'pending' })).map((r) => r.request_id), [created.request_id]);
      await assert.rejects(as('dave@ml').promotions.approve(created.request_id), (error) => isStrataApiError(error) && error.status === 403);
      assert.equal((await as('carol@risk').promotions.approve(created.request_id, 'fine')).state, 'approved');
      assert.equal((await as('x').promotions.get(created.request_id)).votes[0]?.comment, 'fine');
      assert.equal(await aliasOf(name, 'production'), 1);
      await as('root').policies.delete(name);
      assert.deepEqual((await as('x').policies.get(name)).protected_aliases, {});
      ok(await call('POST', 'registered-models/alias', { name, alias: 'production', version: '1' }));
    });

    it('records every step as an audit event and a webhook delivery in MLflow 3’s shape', async () => {
      const events = ['CREATED', 'APPROVED', 'REJECTED', 'APPLIED', 'EXPIRED', 'CANCELLED'].map((action) => ({ entity: 'PROMOTION_REQUEST', action }));
      const hook = ok(await call('POST', 'webhooks', { name: 'promotions', url: 'http://127.0.0.1:9/hook', events }));
      assert.deepEqual(hook.webhook.events, events);
      const name = await protectedModel();
      const created = ok(await request(name, 1)).request;
      ok(await decide('approve', created.request_id, ALICE, 'first'));
      ok(await decide('approve', created.request_id, CAROL, 'second'));
      const rejected = ok(await request(name, 2)).request;
      ok(await decide('reject', rejected.request_id, ALICE, 'no'));
      const audit = ok(await call('GET', `${V1}/audit`, { entity_type: 'registered_model', entity_id: name, max_results: 50 })).events;
      const actors = (action: string) => audit.filter((e: { action: string }) => e.action === action).map((e: { actor: string }) => e.actor).sort();
      assert.deepEqual(actors('promotion_request.create'), ['bob', 'bob']);
      assert.deepEqual(actors('promotion_request.approve'), ['alice', 'carol']);
      assert.deepEqual(actors('promotion_request.apply'), ['carol']);
      assert.deepEqual(actors('promotion_request.reject'), ['alice']);
      assert.deepEqual(actors('registered_model.set_policy'), ['root']);
      const applied = audit.find((e: { action: string }) => e.action === 'promotion_request.apply');
      assert.equal(applied.summary.request_id, created.request_id);
      const deliveries = ok(await call('GET', `${V1}/webhooks/${hook.webhook.webhook_id}/deliveries`, { max_results: 50 })).deliveries;
      const seen = deliveries.map((d: { event: string }) => d.event).sort();
      assert.deepEqual(seen, [
        'promotion_request.applied', 'promotion_request.approved', 'promotion_request.approved', 'promotion_request.created', 'promotion_request.created', 'promotion_request.rejected',
      ]);
      const appliedDelivery = deliveries.find((d: { event: string }) => d.event === 'promotion_request.applied');
      assert.deepEqual(appliedDelivery.payload, {
        request_id: created.request_id, name, version: '1', alias: 'production', requested_by: 'bob', reason: 'better recall on the holdout', state: 'approved', previous_version: null,
      });
    });
  });
}
