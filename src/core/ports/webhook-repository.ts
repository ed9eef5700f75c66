/**
 * Webhooks' part of the MetadataStore port: the subscriptions and the delivery outbox.
 * Storage only; the rules (validation, which events, backoff) live in core/webhooks.
 * Deliveries are enqueued inside the registry change's transaction; a dispatcher claims
 * due ones with a lease, so concurrent dispatchers (replicas on PostgreSQL) never hold
 * the same delivery at once.
 */
import type { Page } from '../entities.js';
import type {
  ClaimedDelivery,
  DeliveryAttempt,
  DeliveryStatus,
  Webhook,
  WebhookDelivery,
  WebhookEventName,
  WebhookStatus,
  WebhookWithSecret,
} from '../webhooks/webhook-entities.js';

export type NewWebhook = WebhookWithSecret;

export interface WebhookUpdate {
  name?: string;
  description?: string | null;
  url?: string;
  events?: WebhookEventName[];
  secret?: string | null;
  status?: WebhookStatus;
  lastUpdatedTime: number;
}

export interface NewWebhookDelivery {
  deliveryId: string;
  webhookId: string;
  event: WebhookEventName;
  payload: Record<string, unknown>;
  createdAt: number;
}

export interface WebhookListQuery {
  maxResults: number;
  /** Only these webhooks (what the caller may read); absent: all. */
  onlyIds?: readonly string[];
  pageToken?: string;
}

export interface WebhookDeliveryQuery {
  webhookId: string;
  status?: DeliveryStatus;
  maxResults: number;
  pageToken?: string;
}

export interface DeliveryClaim {
  now: number;
  /** Claimed rows are not due again before this (a crashed dispatcher's rows come back then). */
  leaseUntil: number;
  limit: number;
}

/** An attempt to record against delivery `seq`; `attempt` is the claim's number, and the record is dropped when another claim took the row since. */
export interface DeliveryAttemptRecord extends DeliveryAttempt {
  seq: number;
  /** For `retry`: when the next attempt is due. */
  nextAttemptAt?: number;
}

export interface WebhookRepository {
  createWebhook(input: NewWebhook): Promise<void>;
  findWebhook(webhookId: string): Promise<WebhookWithSecret | undefined>;
  /** Oldest first, keyset-paged. */
  listWebhooks(query: WebhookListQuery): Promise<Page<Webhook>>;
  updateWebhook(webhookId: string, update: WebhookUpdate): Promise<void>;
  /** Deletes the webhook with its deliveries and their attempts. */
  deleteWebhook(webhookId: string): Promise<void>;
  /** Every ACTIVE webhook (few; the outbox filters them by event). */
  listActiveWebhooks(): Promise<Webhook[]>;

  enqueueWebhookDeliveries(deliveries: readonly NewWebhookDelivery[]): Promise<void>;
  /** Pending deliveries of active webhooks due at `now`, oldest due first; each claim starts an attempt. */
  claimWebhookDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]>;
  /** Logs the attempt and moves the delivery on; false (nothing written) when the claim was lost. */
  recordWebhookDeliveryAttempt(record: DeliveryAttemptRecord): Promise<boolean>;
  /** Gives a claimed delivery back unattempted (shutdown): due at `nextAttemptAt`, attempt not counted. */
  releaseWebhookDelivery(seq: number, attempt: number, nextAttemptAt: number): Promise<void>;
  /** Newest first, with each delivery's attempts. */
  listWebhookDeliveries(query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>>;
}
