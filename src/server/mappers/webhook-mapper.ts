/**
 * Webhooks to and from MLflow 3's JSON: events as `{entity, action}` proto enum names,
 * statuses as names, no secret ever; the receiver's envelope and payload (`version` as a
 * string, tags as an object, snake_case keys); Strata's delivery log.
 */
import type {
  WebhookActionWire,
  WebhookEntityWire,
  WebhookEnvelope,
  WebhookEventWire,
  WebhookTestResultWire,
  WebhookWire,
} from '../../api/mlflow-webhooks.js';
import type { DeliveryAttemptWire, WebhookDeliveryWire } from '../../api/strata-webhooks.js';
import { invalidParameter } from '../../core/errors.js';
import type { WebhookTestResult } from '../../core/webhooks/webhook-service.js';
import type { DeliveryAttempt, Webhook, WebhookDelivery } from '../../core/webhooks/webhook-entities.js';
import { redactCredentialsInText } from '../../core/webhooks/webhook-url-credentials.js';
import { snakeCase } from './snake-case-keys.js';

export function eventToWire(event: string): WebhookEventWire {
  const [entity = '', action = ''] = event.split('.');
  return { entity: entity.toUpperCase() as WebhookEntityWire, action: action.toUpperCase() as WebhookActionWire };
}

/** `{entity, action}` (any case) or a `entity.action` string, to the domain's event name; core validates it. */
export function eventFromWire(raw: unknown): string {
  if (typeof raw === 'string') return raw.toLowerCase();
  if (typeof raw === 'object' && raw !== null) {
    const { entity, action } = raw as { entity?: unknown; action?: unknown };
    if (typeof entity === 'string' && typeof action === 'string') return `${entity.toLowerCase()}.${action.toLowerCase()}`;
  }
  throw invalidParameter(`Invalid webhook event ${JSON.stringify(raw)}: expected {"entity": …, "action": …}.`);
}

export function webhookToWire(webhook: Webhook): WebhookWire {
  return {
    webhook_id: webhook.webhookId,
    name: webhook.name,
    ...(webhook.description ? { description: webhook.description } : {}),
    url: webhook.url,
    events: webhook.events.map(eventToWire),
    status: webhook.status,
    creation_timestamp: webhook.creationTime,
    last_updated_timestamp: webhook.lastUpdatedTime,
  };
}

function valueToWire(key: string, value: unknown): unknown {
  if (key === 'version' && typeof value === 'number') return String(value);
  if (key === 'tags' && Array.isArray(value)) {
    return Object.fromEntries((value as Array<{ key: string; value: string }>).map((tag) => [tag.key, tag.value]));
  }
  return value;
}

/** A domain event payload as MLflow 3's webhook `data`. */
export function payloadToWire(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [snakeCase(key), valueToWire(key, value)]));
}

/** The exact body POSTed to a receiver (and signed). */
export function envelopeText(event: string, payload: Record<string, unknown>, eventTime: number): string {
  const [entity = '', action = ''] = event.split('.');
  const envelope: WebhookEnvelope = { entity, action, timestamp: new Date(eventTime).toISOString(), data: payloadToWire(payload) };
  return JSON.stringify(envelope);
}

export function testResultToWire(result: WebhookTestResult): WebhookTestResultWire {
  return {
    success: result.success,
    ...(result.responseStatus !== null ? { response_status: result.responseStatus } : {}),
    ...(result.responseBody !== null ? { response_body: result.responseBody } : {}),
    ...(result.errorMessage !== null ? { error_message: result.errorMessage } : {}),
  };
}

function attemptToWire(attempt: DeliveryAttempt): DeliveryAttemptWire {
  return {
    attempt: attempt.attempt,
    time: attempt.time,
    duration_ms: attempt.durationMs,
    ...(attempt.statusCode !== null ? { status_code: attempt.statusCode } : {}),
    ...(attempt.response !== null ? { response: attempt.response } : {}),
    // Attempts logged before credentials in URLs were refused may quote one in their error.
    ...(attempt.error !== null ? { error: redactCredentialsInText(attempt.error) } : {}),
    outcome: attempt.outcome,
  };
}

export function deliveryToWire(delivery: WebhookDelivery): WebhookDeliveryWire {
  return {
    delivery_id: delivery.deliveryId,
    webhook_id: delivery.webhookId,
    event: delivery.event,
    payload: payloadToWire(delivery.payload),
    status: delivery.status,
    attempts: delivery.attempts,
    ...(delivery.status === 'pending' ? { next_attempt_at: delivery.nextAttemptAt } : {}),
    ...(delivery.lastStatusCode !== null ? { last_status_code: delivery.lastStatusCode } : {}),
    ...(delivery.lastResponse !== null ? { last_response: delivery.lastResponse } : {}),
    ...(delivery.lastError !== null ? { last_error: redactCredentialsInText(delivery.lastError) } : {}),
    created_at: delivery.createdAt,
    ...(delivery.deliveredAt !== null ? { delivered_at: delivery.deliveredAt } : {}),
    attempt_log: delivery.attemptLog.map(attemptToWire),
  };
}
