import type { AuditEventWire } from '../../api/strata-v1.js';
import type { AuditEvent } from '../../core/entities.js';

export function auditEventToWire(event: AuditEvent): AuditEventWire {
  return {
    event_id: event.eventId,
    time: event.time,
    actor: event.actor,
    ...(event.actorClaimed === undefined ? {} : { actor_claimed: event.actorClaimed }),
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    summary: event.summary,
  };
}
