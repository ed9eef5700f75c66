import type { ListAuditEventsResponse } from '../../api/strata-v1.js';
import type { AuditService } from '../../core/services/audit-service.js';
import { auditEventToWire } from '../mappers/audit-mapper.js';
import type { ApiHandler } from './api-handler.js';

export function auditRoutes(audit: AuditService): { listAuditEvents: ApiHandler } {
  return {
    listAuditEvents: async ({ fields }) => {
      const page = await audit.list({
        entityType: fields.string('entity_type') || undefined,
        entityId: fields.string('entity_id') || undefined,
        actor: fields.string('actor') || undefined,
        action: fields.string('action') || undefined,
        since: fields.int64('since'),
        until: fields.int64('until'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
      });
      const body: ListAuditEventsResponse = { events: page.items.map(auditEventToWire) };
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    },
  };
}
