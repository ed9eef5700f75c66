/**
 * Delivery of the webhook outbox, end to end on SQLite and PostgreSQL: signed with
 * MLflow 3's HMAC, retried with backoff then given up (500, hanging, refused), logged per
 * attempt, durable across a restart, never sent twice by two servers on one database, and
 * never in the way of the API call that fired the event.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookDialects } from './webhook-dialects.js';
import { refusedUrl, startReceiver, verifySignature } from './webhook-receiver.js';
import { MODEL_VERSION_CREATED, REGISTERED_MODEL_CREATED, startWebhookServer, waitForDeliveries, type WebhookTestServer } from './webhook-test-server.js';

const dialects = await webhookDialects();

async function createHook(server: WebhookTestServer, url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await server.call('POST', 'webhooks', { name: 'hook', url, events: [REGISTERED_MODEL_CREATED, MODEL_VERSION_CREATED], ...extra });
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  return reply.json.webhook.webhook_id;
}

async function createModel(server: WebhookTestServer, name: string): Promise<number> {
  const reply = await server.call('POST', 'registered-models/create', { name });
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  return reply.ms;
}

for (const dialect of dialects) {
  describe(`webhook delivery on ${dialect.name}`, { skip: dialect.skip }, () => {
    /** Runs `fn` with a server on a fresh database and closes both afterwards. */
    async function withServer(options: Parameters<typeof startWebhookServer>[1], fn: (server: WebhookTestServer) => Promise<void>) {
      const db = await dialect.fresh();
      const server = await startWebhookServer(db.uri, options);
      try {
        await fn(server);
      } finally {
        await server.close();
        await db.drop();
      }
    }

    it('signs each delivery with HMAC-SHA256 as MLflow 3 does, and logs it as delivered', async () => {
      const receiver = await startReceiver();
      await withServer({}, async (server) => {
        const id = await createHook(server, receiver.url, { secret: 'whsec-42' });
        await createModel(server, 'signed');
        const [request] = await receiver.waitFor(1);
        assert.ok(verifySignature('whsec-42', request!), 'signature verifies with the secret');
        assert.ok(!verifySignature('wrong-secret', request!));
        assert.match(String(request!.headers['x-mlflow-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
        assert.match(String(request!.headers['x-mlflow-timestamp']), /^\d{10}$/);
        assert.equal(request!.headers['content-type'], 'application/json');
        assert.deepEqual(
          { ...request!.json, timestamp: 'T' },
          { entity: 'registered_model', action: 'created', timestamp: 'T', data: { name: 'signed', tags: {}, description: null } },
        );
        const [delivery] = await waitForDeliveries(server, id, (d) => d[0]?.status === 'succeeded');
        assert.equal(delivery.delivery_id, request!.headers['x-mlflow-delivery-id']);
        assert.equal(delivery.attempts, 1);
        assert.equal(delivery.last_status_code, 200);
        assert.deepEqual(delivery.attempt_log.map((a: { status_code: number; outcome: string }) => [a.status_code, a.outcome]), [[200, 'succeeded']]);
      });
      await receiver.close();
    });

    it('retries a receiver that answers 500 with backoff, then gives up and logs every attempt', async () => {
      const receiver = await startReceiver(() => 500);
      await withServer({ policy: { maxAttempts: 3, baseDelayMs: 40 } }, async (server) => {
        const id = await createHook(server, receiver.url);
        await createModel(server, 'unlucky');
        const [delivery] = await waitForDeliveries(server, id, (d) => d[0]?.status === 'failed');
        assert.equal(receiver.requests.length, 3);
        const ids = new Set(receiver.requests.map((r) => r.headers['x-mlflow-delivery-id']));
        assert.equal(ids.size, 1, 'one delivery id across retries');
        const gaps = receiver.requests.slice(1).map((r, i) => r.at - receiver.requests[i]!.at);
        assert.ok(gaps[0]! >= 20 && gaps[1]! >= 40, `backoff grows: ${gaps}`);
        assert.equal(delivery.attempts, 3);
        assert.deepEqual(delivery.attempt_log.map((a: { outcome: string }) => a.outcome), ['retry', 'retry', 'failed']);
        for (const attempt of delivery.attempt_log) {
          assert.equal(attempt.status_code, 500);
          assert.match(attempt.response, /^receiver says 500 x+… \(truncated\)$/);
          assert.equal(attempt.response.length, 256 + '… (truncated)'.length, 'response cut to 256 characters');
        }
        assert.equal(server.log.filter((line) => line.includes(delivery.delivery_id)).length, 3);
        assert.ok(server.log.some((line) => line.includes('attempt 3: HTTP 500') && line.includes('gave up')));
      });
      await receiver.close();
    });

    it('times out a hanging receiver and retries, while the API answers at once', async () => {
      const receiver = await startReceiver(() => 'hang');
      // Closed even when an assertion fails: a receiver holding a request open keeps the test process alive.
      try {
        await withServer({ policy: { maxAttempts: 2, timeoutMs: 1_500 } }, async (server) => {
          const id = await createHook(server, receiver.url);
          await createModel(server, 'first');
          await receiver.waitFor(1);
          // The receiver now holds a request open; API calls that fire more events must not wait for
          // it. A call that waited would last until the 1,500 ms timeout; each is far quicker (each
          // call, not their sum, so that a loaded machine's slower calls do not fail it).
          const latencies: number[] = [];
          for (let i = 0; i < 5; i++) latencies.push(await createModel(server, `while-hanging-${i}`));
          assert.ok(Math.max(...latencies) < 1_000, `API calls took ${latencies.map(Math.round)} ms while the receiver hung`);
          assert.ok(receiver.requests.length >= 1);
          const deliveries = await waitForDeliveries(server, id, (d) => d.length === 6 && d.every((x) => x.status === 'failed'), 15_000);
          const first = deliveries.find((d) => d.payload.name === 'first');
          assert.equal(first.attempts, 2);
          for (const attempt of first.attempt_log) {
            assert.equal(attempt.error, 'timed out after 1500 ms');
            assert.ok(attempt.duration_ms >= 1_400, `attempt lasted ${attempt.duration_ms} ms`);
          }
          assert.equal(first.last_error, 'timed out after 1500 ms');
        });
      } finally {
        await receiver.close();
      }
    });

    it('retries a receiver that is down (connection refused), then gives up', async () => {
      await withServer({ policy: { maxAttempts: 3 } }, async (server) => {
        const id = await createHook(server, await refusedUrl());
        await createModel(server, 'nobody-home');
        const [delivery] = await waitForDeliveries(server, id, (d) => d[0]?.status === 'failed');
        assert.equal(delivery.attempt_log.length, 3);
        for (const attempt of delivery.attempt_log) {
          assert.equal(attempt.status_code, undefined);
          assert.match(attempt.error, /ECONNREFUSED/);
        }
      });
    });

    it('keeps a queued delivery across a restart and sends it from the next server', async () => {
      const receiver = await startReceiver();
      const db = await dialect.fresh();
      try {
        const first = await startWebhookServer(db.uri, { deliver: false });
        const id = await createHook(first, receiver.url);
        await createModel(first, 'survivor');
        const [pending] = (await first.call('GET', `/api/strata/v1/webhooks/${id}/deliveries`)).json.deliveries;
        assert.deepEqual([pending.status, pending.attempts], ['pending', 0]);
        await first.close();
        assert.equal(receiver.requests.length, 0);

        const second = await startWebhookServer(db.uri);
        try {
          const [request] = await receiver.waitFor(1);
          assert.equal(request!.json.data.name, 'survivor');
          assert.equal(request!.headers['x-mlflow-delivery-id'], pending.delivery_id);
          await waitForDeliveries(second, id, (d) => d[0]?.status === 'succeeded');
        } finally {
          await second.close();
        }
      } finally {
        await db.drop();
        await receiver.close();
      }
    });

    it('never sends one delivery twice when two servers share the database', async () => {
      const receiver = await startReceiver();
      const db = await dialect.fresh();
      const writer = await startWebhookServer(db.uri, { deliver: false });
      try {
        const id = await createHook(writer, receiver.url);
        for (let i = 0; i < 40; i++) await createModel(writer, `replicated-${i}`);
        const replicas = await Promise.all([startWebhookServer(db.uri, { concurrency: 4 }), startWebhookServer(db.uri, { concurrency: 4 })]);
        try {
          await receiver.waitFor(40);
          await waitForDeliveries(writer, id, (d) => d.length === 40 && d.every((x) => x.status === 'succeeded'));
          await new Promise((resolve) => setTimeout(resolve, 200));
          const ids = receiver.requests.map((r) => r.headers['x-mlflow-delivery-id']);
          assert.equal(ids.length, 40, 'no duplicates');
          assert.equal(new Set(ids).size, 40);
          const sentBy = replicas.map((r) => r.log.length);
          assert.equal(sentBy[0]! + sentBy[1]!, 40, `per replica: ${sentBy}`);
        } finally {
          await Promise.all(replicas.map((r) => r.close()));
        }
      } finally {
        await writer.close();
        await db.drop();
        await receiver.close();
      }
    });
  });
}
