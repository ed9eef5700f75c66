import type { AuditEventWire } from '../../api/strata-v1.js';
import type { AuditEvent } from '../../core/entities.js';
import { redactUrlCredentials } from '../../core/webhooks/webhook-url-credentials.js';

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
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    summary: shownSummary(event),
  };
}
