/**
 * MLflow 3's webhook API over HTTP: create/list/get/update/delete/test under both MLflow
 * prefixes, validation errors, the secret never returned, events filtered per webhook,
 * disabled webhooks skipped, and the audit log. On SQLite and PostgreSQL; PostgreSQL is
 * skipped (reason printed) when none answers, and fails instead under
 * STRATA_REQUIRE_POSTGRES=1 (test-dialects.ts).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { WebhookClient } from '../../src/client/index.js';
import { startReceiver, verifySignature, type Receiver } from './webhook-receiver.js';
import {
  MODEL_VERSION_CREATED,
  REGISTERED_MODEL_CREATED,
  startWebhookServer,
  waitForDeliveries,
  type WebhookTestServer,
} from './webhook-test-server.js';
import { describeOrSkip } from '../helpers/describe-or-skip.js';
import { testDialects } from '../helpers/test-dialects.js';

const dialects = await testDialects('webhook API tests');

for (const dialect of dialects) {
  describeOrSkip(`webhook API on ${dialect.name}`, dialect.skip, () => {
    let server: WebhookTestServer;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      server = await startWebhookServer(dialect.uri());
    });
    after(async () => {
      await server?.close();
      await receiver?.close();
      await dialect.drop();
    });

    const create = (body: Record<string, unknown>) =>
      server.call('POST', 'webhooks', { name: 'hook', url: receiver.url, events: [MODEL_VERSION_CREATED], ...body });

    it('creates, gets, lists, updates and deletes a webhook, never returning its secret', async () => {
      const created = await create({ name: 'deploys', description: 'to CI', secret: 'top-secret' });
      assert.equal(created.status, 200, JSON.stringify(created.json));
      const webhook = created.json.webhook;
      assert.match(webhook.webhook_id, /^[0-9a-f]{32}$/);
      assert.deepEqual(
        { ...webhook, webhook_id: 'x', creation_timestamp: 0, last_updated_timestamp: 0 },
        {
          webhook_id: 'x', name: 'deploys', description: 'to CI', url: receiver.url, events: [MODEL_VERSION_CREATED],
          status: 'ACTIVE', creation_timestamp: 0, last_updated_timestamp: 0,
        },
      );
      const id = webhook.webhook_id;
      const got = await server.call('GET', `webhooks/${id}`);
      const ajax = await server.call('GET', `/ajax-api/2.0/mlflow/webhooks/${id}`);
      assert.deepEqual(got.json, { webhook });
      assert.deepEqual(ajax.json, { webhook });
      const listed = await server.call('GET', 'webhooks');
      assert.ok(listed.json.webhooks.some((w: { webhook_id: string }) => w.webhook_id === id));
      const updated = await server.call('PATCH', `webhooks/${id}`, { status: 'DISABLED', events: [REGISTERED_MODEL_CREATED], secret: 'rotated' });
      assert.equal(updated.status, 200, JSON.stringify(updated.json));
      assert.equal(updated.json.webhook.status, 'DISABLED');
      assert.deepEqual(updated.json.webhook.events, [REGISTERED_MODEL_CREATED]);
      assert.equal(updated.json.webhook.name, 'deploys');
      for (const body of [created.json, got.json, listed.json, updated.json]) assert.doesNotMatch(JSON.stringify(body), /secret|rotated/);
      assert.equal((await server.call('DELETE', `webhooks/${id}`)).status, 200);
      const gone = await server.call('GET', `webhooks/${id}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    });

    it('records webhook changes in the audit log without the secret', async () => {
      const created = await create({ name: 'audited', secret: 'hush' });
      const events = await server.call('GET', `/api/strata/v1/audit?entity_type=webhook&entity_id=${created.json.webhook.webhook_id}`);
      assert.deepEqual(events.json.events.map((e: { action: string }) => e.action), ['webhook.create']);
      assert.doesNotMatch(JSON.stringify(events.json), /hush/);
    });

    it('refuses bad input with INVALID_PARAMETER_VALUE and creates nothing', async () => {
      const before = (await server.call('GET', 'webhooks')).json.webhooks?.length ?? 0;
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ name: '' }, /name/],
        [{ url: 'ftp://example.com/x' }, /scheme must be http or https/],
        [{ url: 'not a url' }, /not an absolute URL/],
        [{ url: 'https://user:password@example.com/hook' }, /^Invalid webhook URL 'https:\/\/\*\*\*@example\.com\/hook': credentials in the URL \(user:password@\) are not allowed/],
        [{ events: [] }, /events cannot be empty/],
        [{ events: [{ entity: 'MODEL_VERSION', action: 'SET' }] }, /Invalid webhook event 'model_version.set'/],
        [{ events: 'model_version.created' }, /events/],
        [{ status: 'PAUSED' }, /Invalid webhook status/],
      ];
      for (const [body, message] of cases) {
        const reply = await create(body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(reply.json.error_code, 'INVALID_PARAMETER_VALUE');
        assert.match(reply.json.message, message);
      }
      assert.equal((await server.call('GET', 'webhooks')).json.webhooks?.length ?? 0, before);
      assert.equal((await server.call('GET', 'webhooks?max_results=0')).status, 400);
    });

    it('pages the webhook list', async () => {
      for (let i = 0; i < 3; i++) await create({ name: `paged-${i}` });
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await server.call('GET', `webhooks?max_results=2${token ? `&page_token=${token}` : ''}`);
        seen.push(...page.json.webhooks.map((w: { webhook_id: string }) => w.webhook_id));
        token = page.json.next_page_token;
      } while (token);
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.length >= 3);
    });

    it('test sends a signed example payload now, for the first event or the one asked for', async () => {
      const { webhook } = (await create({ secret: 'test-secret', events: [MODEL_VERSION_CREATED, REGISTERED_MODEL_CREATED] })).json;
      const count = receiver.requests.length;
      const first = await server.call('POST', `webhooks/${webhook.webhook_id}/test`, {});
      assert.deepEqual(first.json, { result: { success: true, response_status: 200, response_body: 'ok' } });
      const alias = await server.call('POST', `webhooks/${webhook.webhook_id}/test`, { event: { entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' } });
      assert.equal(alias.json.result.success, true);
      const [a, b] = receiver.requests.slice(count);
      assert.deepEqual([a!.json.entity, a!.json.action, a!.json.data.version], ['model_version', 'created', '1']);
      assert.deepEqual(b!.json.data, { name: 'example_model', alias: 'example_alias', version: '1' });
      assert.ok(verifySignature('test-secret', a!) && verifySignature('test-secret', b!));
    });

    it('test reports a failing receiver without queueing anything', async () => {
      const { webhook } = (await create({ events: [REGISTERED_MODEL_CREATED] })).json;
      // The example payload names "example_model": point this one at a receiver path that fails.
      const failing = await startReceiver(() => 503);
      try {
        await server.call('PATCH', `webhooks/${webhook.webhook_id}`, { url: failing.url });
        const reply = await server.call('POST', `webhooks/${webhook.webhook_id}/test`, {});
        assert.equal(reply.json.result.success, false);
        assert.equal(reply.json.result.response_status, 503);
        assert.match(reply.json.result.response_body, /^receiver says 503 x{238}… \(truncated\)$/, 'a 256-character excerpt of a 5 kB answer');
        const deliveries = await server.call('GET', `/api/strata/v1/webhooks/${webhook.webhook_id}/deliveries`);
        assert.deepEqual(deliveries.json.deliveries, []);
      } finally {
        await failing.close();
      }
    });

    it('delivers only subscribed events, and nothing to disabled webhooks', async () => {
      const versionsOnly = (await create({ events: [MODEL_VERSION_CREATED] })).json.webhook.webhook_id;
      const disabled = (await create({ events: [REGISTERED_MODEL_CREATED], status: 'DISABLED' })).json.webhook.webhook_id;
      await server.call('POST', 'registered-models/create', { name: 'filtered' });
      const version = await server.call('POST', 'model-versions/create', { name: 'filtered', source: 's3://bucket/model' });
      assert.equal(version.status, 200, JSON.stringify(version.json));
      const delivered = await waitForDeliveries(server, versionsOnly, (d) => d.length === 1 && d[0].status === 'succeeded');
      assert.equal(delivered[0].event, 'model_version.created');
      assert.deepEqual(delivered[0].payload, { name: 'filtered', version: '1', source: 's3://bucket/model', run_id: null, tags: {}, description: null });
      assert.deepEqual((await server.call('GET', `/api/strata/v1/webhooks/${disabled}/deliveries`)).json.deliveries, []);
    });

    it('is reachable through the SDK (WebhookClient)', async () => {
      const client = new WebhookClient({ trackingUri: server.url });
      const { webhook } = await client.createWebhook({ name: 'sdk', url: receiver.url, events: [MODEL_VERSION_CREATED], secret: 'x' });
      assert.equal((await client.getWebhook(webhook.webhook_id)).webhook.name, 'sdk');
      const updated = await client.updateWebhook(webhook.webhook_id, { description: 'via sdk' });
      assert.equal(updated.webhook.description, 'via sdk');
      assert.equal((await client.testWebhook(webhook.webhook_id)).result.success, true);
      assert.deepEqual((await client.listDeliveries(webhook.webhook_id)).deliveries, []);
      await client.deleteWebhook(webhook.webhook_id);
      await assert.rejects(client.getWebhook(webhook.webhook_id), /not found/);
    });

    it('answers 404 for the deliveries of an unknown webhook', async () => {
      const reply = await server.call('GET', '/api/strata/v1/webhooks/nope/deliveries');
      assert.equal(reply.status, 404);
    });
  });
}
