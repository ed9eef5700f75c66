/**
 * Issue 10, webhook SSRF with read-back, end to end on SQLite and PostgreSQL: internal
 * destinations refused at creation and update, again at every delivery and test call (a
 * name rebound to an internal address since creation gets no request), the connection
 * made to the address that was checked, the operator's allow-list, only a short excerpt
 * of any response returned or stored, and credentials in old URLs masked wherever shown.
 * Host names are resolved by an injected resolver; all traffic stays on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { ResolvedAddress, ResolveHost } from '../../src/server/webhooks/webhook-destination-guard.js';
import { webhookDialects } from './webhook-dialects.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';
import { REGISTERED_MODEL_CREATED, startWebhookServer, waitForDeliveries, type WebhookTestServer } from './webhook-test-server.js';

const dialects = await webhookDialects();

/** 192.0.2.0/24 is TEST-NET-1: public as far as the guard knows, and never connected to here. */
const PUBLIC_ADDRESS = '192.0.2.10';

/** Answers from `answers` (each call takes the next entry, the last one repeats); counts the calls per name. */
function scriptedResolver(answers: Record<string, string[][]>): ResolveHost & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    const script = answers[hostname];
    if (!script) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const call = (calls[hostname] = (calls[hostname] ?? 0) + 1);
    const addresses = script[Math.min(call, script.length) - 1]!;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

/** A receiver that answers 200 and then streams a body that never ends, as an internal service's big response would. */
async function startEndlessReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = `INTERNAL-ONLY-SECRET: ${'s'.repeat(1_000)}\n`;
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const portOf = (receiver: Receiver) => new URL(receiver.url).port;
const EXCERPT_LIMIT = 256 + '… (truncated)'.length;

for (const dialect of dialects) {
  describe(`webhook destinations on ${dialect.name}`, { skip: dialect.skip }, () => {
    /** A server with nothing on the allow-list unless `options` says otherwise. */
    async function withServer(options: Parameters<typeof startWebhookServer>[1], fn: (server: WebhookTestServer) => Promise<void>) {
      const db = await dialect.fresh();
      const server = await startWebhookServer(db.uri, { allowedHosts: [], ...options });
      try {
        await fn(server);
      } finally {
        await server.close();
        await db.drop();
      }
    }

    const create = (server: WebhookTestServer, url: string) =>
      server.call('POST', 'webhooks', { name: 'hook', url, events: [REGISTERED_MODEL_CREATED] });

    it('refuses to create a webhook for an internal destination, saying why, and creates nothing', async () => {
      await withServer({ resolveHost: scriptedResolver({}) }, async (server) => {
        const cases: Array<[string, RegExp]> = [
          ['http://169.254.169.254/latest/meta-data/iam/', /its host is a link-local address 169\.254\.169\.254; allow it with --webhook-allowed-hosts/],
          ['http://10.0.0.5/hook', /its host is a private address 10\.0\.0\.5; allow it with --webhook-allowed-hosts/],
          ['http://192.168.1.20:8080/', /a private address 192\.168\.1\.20/],
          ['http://172.20.0.1/', /a private address 172\.20\.0\.1/],
          ['http://100.100.100.200/latest/meta-data/', /a carrier-grade NAT \(private\) address 100\.100\.100\.200/],
          ['http://[fd00::1]/hook', /a unique-local \(private\) address fd00::1/],
          ['http://metadata.google.internal/computeMetadata/v1/', /'metadata\.google\.internal' is a cloud metadata host name/],
          ['http://instance-data/latest/', /'instance-data' is a cloud metadata host name/],
          ['http://0.0.0.0:5000/', /an unspecified address 0\.0\.0\.0/],
          ['http://[::1]:5000/', /a loopback address ::1/],
          ['http://2130706433/', /a loopback address 127\.0\.0\.1/],
          ['http://[::ffff:127.0.0.1]/', /a loopback address ::ffff:7f00:1/],
          ['http://[fe80::1]/', /a link-local address fe80::1/],
          ['http://224.0.0.1/', /a multicast address 224\.0\.0\.1/],
          ['http://user:password@hooks.example.com/', /credentials in the URL \(user:password@\) are not allowed/],
        ];
        for (const [url, reason] of cases) {
          const reply = await create(server, url);
          assert.equal(reply.status, 400, `${url}: ${JSON.stringify(reply.json)}`);
          assert.equal(reply.json.error_code, 'INVALID_PARAMETER_VALUE');
          assert.match(reply.json.message, /^Invalid webhook URL '/);
          assert.match(reply.json.message, reason, url);
          assert.doesNotMatch(reply.json.message, /password@hooks/);
        }
        assert.equal((await server.call('GET', 'webhooks')).json.webhooks, undefined);
      });
    });

    it('refuses a host name that resolves to loopback, and an update to an internal URL', async () => {
      const resolveHost = scriptedResolver({ 'sneaky.example.test': [['127.0.0.1']], 'hooks.example.test': [[PUBLIC_ADDRESS]] });
      await withServer({ resolveHost }, async (server) => {
        const sneaky = await create(server, 'http://sneaky.example.test:8080/admin');
        assert.equal(sneaky.status, 400);
        assert.match(sneaky.json.message, /'sneaky\.example\.test' resolves to a loopback address 127\.0\.0\.1; allow it with --webhook-allowed-hosts/);
        const created = await create(server, 'https://hooks.example.test/strata');
        assert.equal(created.status, 200, JSON.stringify(created.json));
        const id = created.json.webhook.webhook_id;
        const moved = await server.call('PATCH', `webhooks/${id}`, { url: 'http://169.254.169.254/latest/' });
        assert.equal(moved.status, 400);
        assert.match(moved.json.message, /link-local address 169\.254\.169\.254/);
        assert.equal((await server.call('GET', `webhooks/${id}`)).json.webhook.url, 'https://hooks.example.test/strata');
      });
    });

    it('refuses a delivery to a name rebound to an internal address since creation, without connecting', async () => {
      const receiver = await startReceiver();
      const host = 'rebind.example.test';
      const resolveHost = scriptedResolver({ [host]: [[PUBLIC_ADDRESS], ['127.0.0.1']] });
      try {
        await withServer({ resolveHost }, async (server) => {
          const created = await create(server, `http://${host}:${portOf(receiver)}/hook`);
          assert.equal(created.status, 200, JSON.stringify(created.json));
          await server.call('POST', 'registered-models/create', { name: 'rebound' });
          const [delivery] = await waitForDeliveries(server, created.json.webhook.webhook_id, (d) => d[0]?.status === 'failed');
          assert.equal(delivery.attempts, 3);
          for (const attempt of delivery.attempt_log) {
            assert.equal(attempt.status_code, undefined);
            assert.match(attempt.error, /^destination refused: 'rebind\.example\.test' resolves to a loopback address 127\.0\.0\.1; allow it with --webhook-allowed-hosts/);
          }
          assert.ok(server.log.some((line) => line.includes('destination refused')));
          assert.equal(receiver.requests.length, 0, 'no request reached the internal address');
        });
      } finally {
        await receiver.close();
      }
    });

    it('refuses a test call to a rebound name with a clear message, sending nothing', async () => {
      const receiver = await startReceiver();
      const host = 'rebind-test.example.test';
      const resolveHost = scriptedResolver({ [host]: [[PUBLIC_ADDRESS], ['10.0.0.7', '127.0.0.1']] });
      try {
        await withServer({ resolveHost }, async (server) => {
          const created = await create(server, `http://${host}:${portOf(receiver)}/hook`);
          const reply = await server.call('POST', `webhooks/${created.json.webhook.webhook_id}/test`, {});
          assert.equal(reply.status, 200);
          assert.deepEqual(reply.json, {
            result: {
              success: false,
              error_message:
                "Failed to test webhook: destination refused: 'rebind-test.example.test' resolves to a private address 10.0.0.7; " +
                'allow it with --webhook-allowed-hosts (STRATA_WEBHOOK_ALLOWED_HOSTS)',
            },
          });
          assert.equal(receiver.requests.length, 0);
        });
      } finally {
        await receiver.close();
      }
    });

    it('connects to the address it checked: an allowed name is resolved once per request, not again by the HTTP client', async () => {
      const receiver = await startReceiver();
      // Only the injected resolver knows this name: a second, system lookup would fail with ENOTFOUND.
      const host = 'pinned.example.test';
      const resolveHost = scriptedResolver({ [host]: [['127.0.0.1']] });
      try {
        await withServer({ resolveHost, allowedHosts: ['127.0.0.0/8'] }, async (server) => {
          const created = await create(server, `http://${host}:${portOf(receiver)}/hook`);
          assert.equal(created.status, 200, JSON.stringify(created.json));
          assert.equal(resolveHost.calls[host], 1);
          await server.call('POST', 'registered-models/create', { name: 'pinned' });
          await waitForDeliveries(server, created.json.webhook.webhook_id, (d) => d[0]?.status === 'succeeded');
          assert.equal(receiver.requests.length, 1);
          assert.equal(receiver.requests[0]!.headers.host, `${host}:${portOf(receiver)}`);
          assert.equal(resolveHost.calls[host], 2, 'one lookup at creation, one for the delivery');
        });
      } finally {
        await receiver.close();
      }
    });

    it('lets the loopback receiver through only when the allow-list names it', async () => {
      const receiver = await startReceiver();
      try {
        await withServer({}, async (server) => {
          const refused = await create(server, receiver.url);
          assert.equal(refused.status, 400);
          assert.match(refused.json.message, /its host is a loopback address 127\.0\.0\.1; allow it with --webhook-allowed-hosts/);
        });
        await withServer({ allowedHosts: ['127.0.0.1'] }, async (server) => {
          const created = await create(server, receiver.url);
          assert.equal(created.status, 200, JSON.stringify(created.json));
          const tested = await server.call('POST', `webhooks/${created.json.webhook.webhook_id}/test`, {});
          assert.deepEqual(tested.json.result, { success: true, response_status: 200, response_body: 'ok' });
        });
      } finally {
        await receiver.close();
      }
    });

    it('returns and stores only the status and a short excerpt of a response, however long it is', async () => {
      const endless = await startEndlessReceiver();
      try {
        await withServer({ allowedHosts: ['127.0.0.1'], policy: { maxAttempts: 1 } }, async (server) => {
          const created = await create(server, endless.url);
          const id = created.json.webhook.webhook_id;
          const tested = await server.call('POST', `webhooks/${id}/test`, {});
          assert.equal(tested.json.result.response_status, 200);
          assert.match(tested.json.result.response_body, /^INTERNAL-ONLY-SECRET: s+… \(truncated\)$/);
          assert.equal(tested.json.result.response_body.length, EXCERPT_LIMIT);
          await server.call('POST', 'registered-models/create', { name: 'chatty' });
          const [delivery] = await waitForDeliveries(server, id, (d) => d[0]?.status === 'succeeded');
          assert.equal(delivery.last_response.length, EXCERPT_LIMIT);
          assert.equal(delivery.attempt_log[0].response.length, EXCERPT_LIMIT);
        });
      } finally {
        await endless.close();
      }
    });

    it('masks credentials of a URL stored before they were refused: get, list, audit, test, deliveries and log', async () => {
      const receiver = await startReceiver();
      try {
        await withServer({ allowedHosts: ['127.0.0.1'] }, async (server) => {
          const url = `http://alice:s3cret@127.0.0.1:${portOf(receiver)}/hook`;
          const masked = `http://***@127.0.0.1:${portOf(receiver)}/hook`;
          const webhookId = 'f'.repeat(32);
          const time = Date.now();
          await server.store.transaction(async (tx) => {
            await tx.createWebhook({
              webhookId, name: 'legacy', description: null, url, events: ['registered_model.created'], status: 'ACTIVE',
              secret: null, creationTime: time, lastUpdatedTime: time,
            });
            await tx.appendAuditEvent({
              actor: { name: 'anonymous' }, action: 'webhook.create', entityType: 'webhook', entityId: webhookId, time,
              summary: { name: 'legacy', url, events: ['registered_model.created'] },
            });
          });
          const got = await server.call('GET', `webhooks/${webhookId}`);
          assert.equal(got.json.webhook.url, masked);
          const listed = await server.call('GET', 'webhooks');
          assert.equal(listed.json.webhooks[0].url, masked);
          const renamed = await server.call('PATCH', `webhooks/${webhookId}`, { name: 'legacy-2' });
          assert.equal(renamed.json.webhook.url, masked);
          const audit = await server.call('GET', `/api/strata/v1/audit?entity_type=webhook&entity_id=${webhookId}`);
          assert.equal(audit.json.events.find((e: { action: string }) => e.action === 'webhook.create').summary.url, masked);
          const tested = await server.call('POST', `webhooks/${webhookId}/test`, {});
          assert.equal(tested.json.result.success, false);
          assert.match(tested.json.result.error_message, /destination refused: it contains credentials \(user:password@\), which Strata does not send/);
          await server.call('POST', 'registered-models/create', { name: 'legacy-model' });
          const deliveries = await waitForDeliveries(server, webhookId, (d) => d[0]?.status === 'failed');
          assert.match(deliveries[0].last_error, /contains credentials/);
          for (const shown of [got.json, listed.json, renamed.json, audit.json, tested.json, deliveries, server.log]) {
            assert.doesNotMatch(JSON.stringify(shown), /s3cret|alice/);
          }
          assert.equal(receiver.requests.length, 0);
        });
      } finally {
        await receiver.close();
      }
    });
  });
}
