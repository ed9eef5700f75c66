/**
 * The webhook part of the MetadataStore port: subscriptions, enqueue inside a transaction,
 * claiming (concurrent claims never share a row), fenced attempt records, release, the
 * delivery log, and cascading delete.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import type { WebhookWithSecret } from '../core/webhooks/webhook-entities.js';
import type { ContractOptions } from './metadata-store.contract.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';

const hook = (id: string, extra: Partial<WebhookWithSecret> = {}): WebhookWithSecret => ({
  webhookId: id,
  name: id,
  description: null,
  url: `http://127.0.0.1:9/${id}`,
  events: ['model_version.created'],
  status: 'ACTIVE',
  secret: 'sec',
  creationTime: 1_000,
  lastUpdatedTime: 1_000,
  ...extra,
});

const delivery = (n: number, webhookId = 'h1') => ({
  deliveryId: `d-${n}`,
  webhookId,
  event: 'model_version.created' as const,
  payload: { name: 'm', version: n },
  createdAt: 2_000 + n,
});

export function runWebhookOutboxContract(name: string, open: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`webhook outbox contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await open();
      await store.createWebhook(hook('h1'));
    });
    afterEach(() => store.close());

    it('keeps the secret for the dispatcher but lists webhooks without it', async () => {
      assert.equal((await store.findWebhook('h1'))?.secret, 'sec');
      const [listed] = (await store.listWebhooks({ maxResults: 10 })).items;
      assert.equal('secret' in listed!, false);
      await store.createWebhook(hook('off', { status: 'DISABLED' }));
      assert.deepEqual((await store.listActiveWebhooks()).map((w) => w.webhookId), ['h1']);
    });

    it('enqueues with the transaction: a rolled-back change leaves no delivery', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.enqueueWebhookDeliveries([delivery(1)]);
          throw new Error('change failed');
        }),
      );
      assert.deepEqual((await store.listWebhookDeliveries({ webhookId: 'h1', maxResults: 10 })).items, []);
    });

    it('claims due deliveries once: concurrent claims get disjoint rows, and claimed rows wait for their lease', async () => {
      await store.enqueueWebhookDeliveries(Array.from({ length: 20 }, (_, i) => delivery(i)));
      const claims = await Promise.all(
        Array.from({ length: 4 }, () => store.claimWebhookDeliveries({ now: 10_000, leaseUntil: 60_000, limit: 8 })),
      );
      const ids = claims.flat().map((c) => c.deliveryId);
      assert.equal(ids.length, 20);
      assert.equal(new Set(ids).size, 20);
      assert.ok(claims.flat().every((c) => c.attempt === 1 && c.url.endsWith('/h1') && c.secret === 'sec'));
      assert.deepEqual(await store.claimWebhookDeliveries({ now: 59_999, leaseUntil: 99_999, limit: 100 }), []);
      const reclaimed = await store.claimWebhookDeliveries({ now: 60_000, leaseUntil: 99_999, limit: 100 });
      assert.equal(reclaimed.length, 20, 'a crashed claim comes back after its lease');
      assert.ok(reclaimed.every((c) => c.attempt === 2));
    });

    it('does not claim deliveries of disabled webhooks, nor ones not yet due', async () => {
      await store.createWebhook(hook('off', { status: 'DISABLED' }));
      await store.enqueueWebhookDeliveries([delivery(1, 'off'), delivery(2)]);
      assert.deepEqual(await store.claimWebhookDeliveries({ now: 1_000, leaseUntil: 5_000, limit: 10 }), []);
      assert.deepEqual((await store.claimWebhookDeliveries({ now: 9_000, leaseUntil: 50_000, limit: 10 })).map((c) => c.deliveryId), ['d-2']);
    });

    it('records attempts fenced by the attempt number, and logs them in order', async () => {
      await store.enqueueWebhookDeliveries([delivery(1)]);
      const [first] = await store.claimWebhookDeliveries({ now: 9_000, leaseUntil: 10_000, limit: 1 });
      const [second] = await store.claimWebhookDeliveries({ now: 10_000, leaseUntil: 20_000, limit: 1 });
      const base = { seq: first!.seq, time: 9_000, durationMs: 5, statusCode: 500, response: 'no', error: null };
      assert.equal(await store.recordWebhookDeliveryAttempt({ ...base, attempt: first!.attempt, outcome: 'retry', nextAttemptAt: 11_000 }), false);
      assert.equal(await store.recordWebhookDeliveryAttempt({ ...base, attempt: second!.attempt, outcome: 'retry', nextAttemptAt: 30_000 }), true);
      const [third] = await store.claimWebhookDeliveries({ now: 30_000, leaseUntil: 40_000, limit: 1 });
      assert.equal(third!.attempt, 3);
      assert.equal(await store.recordWebhookDeliveryAttempt({ ...base, attempt: 3, statusCode: 200, response: 'ok', outcome: 'succeeded' }), true);
      const [logged] = (await store.listWebhookDeliveries({ webhookId: 'h1', maxResults: 10 })).items;
      assert.equal(logged!.status, 'succeeded');
      assert.equal(logged!.deliveredAt, 9_005);
      assert.deepEqual(logged!.attemptLog.map((a) => [a.attempt, a.statusCode, a.outcome]), [[2, 500, 'retry'], [3, 200, 'succeeded']]);
      assert.deepEqual(logged!.payload, { name: 'm', version: 1 });
      assert.deepEqual(await store.claimWebhookDeliveries({ now: 99_999, leaseUntil: 100_000, limit: 10 }), []);
    });

    it('gives a released claim back without counting it', async () => {
      await store.enqueueWebhookDeliveries([delivery(1)]);
      const [claim] = await store.claimWebhookDeliveries({ now: 9_000, leaseUntil: 50_000, limit: 1 });
      await store.releaseWebhookDelivery(claim!.seq, claim!.attempt, 9_500);
      const [again] = await store.claimWebhookDeliveries({ now: 9_500, leaseUntil: 50_000, limit: 1 });
      assert.equal(again!.attempt, 1);
    });

    it('pages the delivery log newest first, filters by status, and deletes it with the webhook', async () => {
      await store.enqueueWebhookDeliveries(Array.from({ length: 5 }, (_, i) => delivery(i)));
      const first = await store.listWebhookDeliveries({ webhookId: 'h1', maxResults: 3 });
      const rest = await store.listWebhookDeliveries({ webhookId: 'h1', maxResults: 3, pageToken: first.nextPageToken });
      assert.deepEqual([...first.items, ...rest.items].map((d) => d.deliveryId), ['d-4', 'd-3', 'd-2', 'd-1', 'd-0']);
      assert.equal(rest.nextPageToken, undefined);
      assert.equal((await store.listWebhookDeliveries({ webhookId: 'h1', status: 'failed', maxResults: 10 })).items.length, 0);
      const [claim] = await store.claimWebhookDeliveries({ now: 9_000, leaseUntil: 50_000, limit: 1 });
      await store.recordWebhookDeliveryAttempt({ seq: claim!.seq, attempt: 1, time: 1, durationMs: 1, statusCode: null, response: null, error: 'x', outcome: 'retry', nextAttemptAt: 2 });
      await store.deleteWebhook('h1');
      assert.equal(await store.findWebhook('h1'), undefined);
      assert.deepEqual((await store.listWebhookDeliveries({ webhookId: 'h1', maxResults: 10 })).items, []);
    });
  });
}
