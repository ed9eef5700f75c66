/**
 * Adds webhooks (subscriptions and the delivery outbox) to the repository chain; like the
 * classes it extends, the same code runs on the database or inside a transaction.
 */
import type { Page } from '../core/entities.js';
import type {
  DeliveryAttemptRecord,
  DeliveryClaim,
  NewWebhook,
  NewWebhookDelivery,
  WebhookDeliveryQuery,
  WebhookListQuery,
  WebhookRepository,
  WebhookUpdate,
} from '../core/ports/webhook-repository.js';
import type { ClaimedDelivery, Webhook, WebhookDelivery, WebhookWithSecret } from '../core/webhooks/webhook-entities.js';
import { SqlDatasetRegistryRepository } from './sql-dataset-registry-repository.js';
import * as deliveries from './webhook-delivery-queries.js';
import * as webhooks from './webhook-queries.js';

export class SqlWebhookRepository extends SqlDatasetRegistryRepository implements WebhookRepository {
  createWebhook(input: NewWebhook): Promise<void> {
    return webhooks.insertWebhook(this.db, input);
  }
  findWebhook(webhookId: string): Promise<WebhookWithSecret | undefined> {
    return webhooks.findWebhook(this.db, webhookId);
  }
  listWebhooks(query: WebhookListQuery): Promise<Page<Webhook>> {
    return webhooks.listWebhooks(this.db, query);
  }
  updateWebhook(webhookId: string, update: WebhookUpdate): Promise<void> {
    return webhooks.updateWebhook(this.db, webhookId, update);
  }
  deleteWebhook(webhookId: string): Promise<void> {
    return webhooks.deleteWebhook(this.db, webhookId);
  }
  listActiveWebhooks(): Promise<Webhook[]> {
    return webhooks.listActiveWebhooks(this.db);
  }

  enqueueWebhookDeliveries(input: readonly NewWebhookDelivery[]): Promise<void> {
    return deliveries.enqueueDeliveries(this.db, input);
  }
  claimWebhookDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]> {
    return deliveries.claimDeliveries(this.db, claim, this.quirks.supportsSkipLocked);
  }
  recordWebhookDeliveryAttempt(record: DeliveryAttemptRecord): Promise<boolean> {
    return deliveries.recordAttempt(this.db, record);
  }
  releaseWebhookDelivery(seq: number, attempt: number, nextAttemptAt: number): Promise<void> {
    return deliveries.releaseDelivery(this.db, seq, attempt, nextAttemptAt);
  }
  listWebhookDeliveries(query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
    return deliveries.listDeliveries(this.db, query);
  }
}
