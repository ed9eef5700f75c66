import type { ListAuditEventsResponse } from '../../api/strata-v1.js';
import type { AuditService } from '../../core/services/audit-service.js';
import { parseTimeParameter } from '../../core/time-parameter.js';
import type { RequestFields } from '../request-fields.js';
import { auditEventToWire } from '../mappers/audit-mapper.js';
import type { AuditVisibility } from '../../core/ports/grant-repository.js';
import type { RequestAccess } from '../auth/request-access.js';
import type { ApiHandler } from './api-handler.js';

export function auditRoutes(audit: AuditService): { listAuditEvents: ApiHandler } {
  return {
    listAuditEvents: async ({ fields, access }) => {
      const page = await audit.list({
        ...(await access.isAuditor() ? {} : { visibleTo: await visibilityOf(access) }),
        entityType: fields.string('entity_type') || undefined,
        entityId: fields.string('entity_id') || undefined,
        actor: fields.string('actor') || undefined,
        action: fields.string('action') || undefined,
        since: timeField(fields, 'since'),
        until: timeField(fields, 'until'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
      });
      const body: ListAuditEventsResponse = { events: page.items.map(auditEventToWire) };
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    },
  };
}

/** What a caller who is not an auditor may see of the log. */
async function visibilityOf(access: RequestAccess): Promise<AuditVisibility> {
  const [experiment, model, dataset, webhook] = await Promise.all(
    (['experiment', 'model', 'dataset', 'webhook'] as const).map((type) => access.readable(type)),
  );
  return { experiment: experiment ?? NONE, model: model ?? NONE, dataset: dataset ?? NONE, webhook: webhook ?? NONE };
}

const NONE = { all: false, keys: [] } as const;

/** ms since the epoch or ISO 8601, as `models history --at` takes them. */
function timeField(fields: RequestFields, name: string): number | undefined {
  const raw = fields.raw(name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  return parseTimeParameter(String(raw), name);
}
