import type { AuditEventWire } from '../../api/strata-v1.js';
import type { AuditEvent } from '../../core/entities.js';
import { snakeCase } from './snake-case-keys.js';
import { redactUrlCredentials } from '../../core/webhooks/webhook-url-credentials.js';

/**
 * Summaries are stored as each service wrote them (some with camelCase fields); the wire
 * speaks snake_case. Only the top level is renamed: nested values (a model's flavors) are
 * keyed by data, not by field names.
 */
function summaryToWire(summary: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(summary).map(([key, value]) => [snakeCase(key), value]));
}

/** Webhook events recorded before credentials in URLs were refused may hold one: mask it when shown. */
function shownSummary(event: AuditEvent): AuditEvent['summary'] {
  const url = event.summary.url;
  if (event.entityType !== 'webhook' || typeof url !== 'string') return event.summary;
  return { ...event.summary, url: redactUrlCredentials(url) };
}

export function auditEventToWire(event: AuditEvent): AuditEventWire {
  return {
    event_id: event.eventId,
    time: event.time,
    actor: event.actor,
    ...(event.actorClaimed === undefined ? {} : { actor_claimed: event.actorClaimed }),
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    summary: summaryToWire(shownSummary(event)),
  };
}
