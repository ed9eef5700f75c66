/**
 * Webhook subscriptions. Events are a JSON array in one column: webhooks are few, and
 * the outbox reads every active one and filters by event in core.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Page } from '../core/entities.js';
import type { NewWebhook, WebhookListQuery, WebhookUpdate } from '../core/ports/webhook-repository.js';
import type { Webhook, WebhookEventName, WebhookStatus, WebhookWithSecret } from '../core/webhooks/webhook-entities.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { Database, WebhooksTable } from './schema.js';
import { StatementTemplate } from './statement-template.js';

type Db = Kysely<Database>;

function toWebhook(row: Selectable<WebhooksTable>): WebhookWithSecret {
  return {
    webhookId: row.webhook_id,
    name: row.name,
    description: row.description,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventName[],
    status: row.status as WebhookStatus,
    secret: row.secret,
    creationTime: row.creation_time,
    lastUpdatedTime: row.last_updated_time,
  };
}

function withoutSecret({ secret: _secret, ...webhook }: WebhookWithSecret): Webhook {
  return webhook;
}

export async function insertWebhook(db: Db, input: NewWebhook): Promise<void> {
  await db
    .insertInto('webhooks')
    .values({
      webhook_id: input.webhookId,
      name: input.name,
      description: input.description,
      url: input.url,
      events: JSON.stringify(input.events),
      secret: input.secret,
      status: input.status,
      creation_time: input.creationTime,
      last_updated_time: input.lastUpdatedTime,
    })
    .execute();
}

export async function findWebhook(db: Db, webhookId: string): Promise<WebhookWithSecret | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('webhook_id', '=', webhookId).executeTakeFirst();
  return row && toWebhook(row);
}

interface ListPosition {
  t: number;
  id: string;
}

const isPosition = (value: unknown): value is ListPosition =>
  typeof value === 'object' && value !== null && typeof (value as ListPosition).t === 'number' && typeof (value as ListPosition).id === 'string';

export async function listWebhooks(db: Db, query: WebhookListQuery): Promise<Page<Webhook>> {
  let select = db.selectFrom('webhooks').selectAll().orderBy('creation_time').orderBy('webhook_id').limit(query.maxResults + 1);
  if (query.onlyIds !== undefined) {
    if (query.onlyIds.length === 0) return { items: [] };
    select = select.where('webhook_id', 'in', [...query.onlyIds]);
  }
  if (query.pageToken) {
    const after = decodePageToken(query.pageToken, isPosition);
    select = select.where((eb) =>
      eb.or([eb('creation_time', '>', after.t), eb.and([eb('creation_time', '=', after.t), eb('webhook_id', '>', after.id)])]),
    );
  }
  const rows = await select.execute();
  const items = rows.slice(0, query.maxResults).map((row) => withoutSecret(toWebhook(row)));
  const last = rows.length > query.maxResults ? items[items.length - 1] : undefined;
  return { items, ...(last ? { nextPageToken: encodePageToken({ t: last.creationTime, id: last.webhookId }) } : {}) };
}

export async function updateWebhook(db: Db, webhookId: string, update: WebhookUpdate): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({
      last_updated_time: update.lastUpdatedTime,
      ...(update.name !== undefined ? { name: update.name } : {}),
      ...(update.description !== undefined ? { description: update.description } : {}),
      ...(update.url !== undefined ? { url: update.url } : {}),
      ...(update.events !== undefined ? { events: JSON.stringify(update.events) } : {}),
      ...(update.secret !== undefined ? { secret: update.secret } : {}),
      ...(update.status !== undefined ? { status: update.status } : {}),
    })
    .where('webhook_id', '=', webhookId)
    .execute();
}

/** The webhook, its deliveries and their attempts (children first, for the foreign keys). */
export async function deleteWebhook(db: Db, webhookId: string): Promise<void> {
  const deliveries = db.selectFrom('webhook_deliveries').select('delivery_seq').where('webhook_id', '=', webhookId);
  await db.deleteFrom('webhook_delivery_attempts').where('delivery_seq', 'in', deliveries).execute();
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).execute();
  await db.deleteFrom('webhooks').where('webhook_id', '=', webhookId).execute();
}

// Every registry write asks this inside its transaction, so it is compiled once.
const LIST_ACTIVE_WEBHOOKS = new StatementTemplate((db) =>
  db.selectFrom('webhooks').selectAll().where('status', '=', 'ACTIVE').orderBy('creation_time'),
);

export async function listActiveWebhooks(db: Db): Promise<Webhook[]> {
  const rows = await LIST_ACTIVE_WEBHOOKS.rows(db, []);
  return rows.map((row) => withoutSecret(toWebhook(row)));
}
