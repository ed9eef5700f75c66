/** The audit log: append-only, listed newest first with keyset paging on event_id. */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEvent, AuditEventInput, Page } from '../core/entities.js';
import type { AuditQuery } from '../core/ports/metadata-store.js';
import { auditVisibility } from './audit-visibility-sql.js';
import { decodePageToken, encodePageToken, hasNumberFields } from './page-token.js';
import type { AuditEventsTable, Database } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

type InsertArgs = [number, string, string | null, string, string, string, string];

const INSERT_AUDIT_EVENT = new StatementTemplate(
  (db, [time, actor, actorClaimed, action, entityType, entityId, summary]: InsertArgs) =>
    db.insertInto('audit_events').values({
      time, actor, actor_claimed: actorClaimed, action, entity_type: entityType, entity_id: entityId, summary,
    }),
);

export async function appendAuditEvent(db: Db, event: AuditEventInput & { time: number }): Promise<void> {
  await INSERT_AUDIT_EVENT.run(db, [
    event.time, event.actor.name, event.actor.claimed ?? null, event.action, event.entityType, event.entityId,
    JSON.stringify(event.summary),
  ]);
}

const isAuditPosition = (value: unknown): value is { before: number } => hasNumberFields(value, ['before']);

export async function listAuditEvents(db: Db, query: AuditQuery): Promise<Page<AuditEvent>> {
  let select = db.selectFrom('audit_events').selectAll().orderBy('event_id', 'desc').limit(query.maxResults + 1);
  if (query.entityType !== undefined) select = select.where('entity_type', '=', query.entityType);
  if (query.entityId !== undefined) select = select.where('entity_id', '=', query.entityId);
  // A name is found whether it was verified or only claimed; each event says which.
  const actor = query.actor;
  if (actor !== undefined) select = select.where((eb) => eb.or([eb('actor', '=', actor), eb('actor_claimed', '=', actor)]));
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.since !== undefined) select = select.where('time', '>=', query.since);
  if (query.until !== undefined) select = select.where('time', '<', query.until);
  if (query.pageToken) select = select.where('event_id', '<', decodePageToken(query.pageToken, isAuditPosition).before);
  if (query.visibleTo !== undefined) select = select.where(auditVisibility(query.visibleTo));
  const rows = await select.execute();
  const page = rows.slice(0, query.maxResults);
  const last = page[page.length - 1];
  const items = page.map(toAuditEvent);
  const hasMore = rows.length > query.maxResults && last !== undefined;
  return { items, ...(hasMore ? { nextPageToken: encodePageToken({ before: last.event_id }) } : {}) };
}

function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    eventId: row.event_id,
    time: row.time,
    actor: row.actor,
    ...(row.actor_claimed === null ? {} : { actorClaimed: row.actor_claimed }),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
  };
}
