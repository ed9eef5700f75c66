/**
 * Webhooks as the domain sees them (MLflow 3's webhook API): a subscription to registry
 * events, and the durable deliveries the outbox keeps for it. Wire shapes (MLflow's
 * `{entity, action}` events, proto enum names) live in src/api and the server's mappers.
 */
import type { RegistryEventType } from '../registry-event-types.js';

export type WebhookStatus = 'ACTIVE' | 'DISABLED';
export const WEBHOOK_STATUSES: readonly WebhookStatus[] = ['ACTIVE', 'DISABLED'];

/** Webhook events are the registry's domain events, by the same names. */
export type WebhookEventName = RegistryEventType;

export interface Webhook {
  webhookId: string;
  name: string;
  description: string | null;
  url: string;
  events: WebhookEventName[];
  status: WebhookStatus;
  creationTime: number;
  lastUpdatedTime: number;
}

/** Only the store and the dispatcher see the secret; the API never returns it. */
export interface WebhookWithSecret extends Webhook {
  secret: string | null;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
export type AttemptOutcome = 'succeeded' | 'retry' | 'failed';

export interface DeliveryAttempt {
  attempt: number;
  /** When the attempt started, ms since the epoch. */
  time: number;
  durationMs: number;
  statusCode: number | null;
  /** The receiver's response body, truncated. */
  response: string | null;
  error: string | null;
  outcome: AttemptOutcome;
}

export interface WebhookDelivery {
  /** A uuid; the X-MLflow-Delivery-Id of every attempt. */
  deliveryId: string;
  webhookId: string;
  event: WebhookEventName;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastStatusCode: number | null;
  lastResponse: string | null;
  lastError: string | null;
  /** The time of the registry change that caused it. */
  createdAt: number;
  deliveredAt: number | null;
  attemptLog: DeliveryAttempt[];
}

/** A delivery a dispatcher has claimed: everything it needs to send one attempt. */
export interface ClaimedDelivery {
  seq: number;
  deliveryId: string;
  webhookId: string;
  url: string;
  secret: string | null;
  event: WebhookEventName;
  payload: Record<string, unknown>;
  createdAt: number;
  /** This attempt's number (1 for the first); the claim's fencing token. */
  attempt: number;
}
