/**
 * The webhook outbox. Claiming is one UPDATE … RETURNING that pushes the claimed rows'
 * next_attempt_at forward by a lease and counts the attempt. The due-condition is repeated
 * on the outer UPDATE, so on PostgreSQL a concurrent claimer that waited on the same rows
 * re-checks them after the first commits and skips them (no row is claimed twice); on
 * SQLite writers are serialised anyway. `attempts` is the fencing token: a late result
 * of a lost claim updates nothing.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Page } from '../core/entities.js';
import type {
  DeliveryAttemptRecord,
  DeliveryClaim,
  NewWebhookDelivery,
  WebhookDeliveryQuery,
} from '../core/ports/webhook-repository.js';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryAttempt,
  DeliveryStatus,
  WebhookDelivery,
  WebhookEventName,
} from '../core/webhooks/webhook-entities.js';
import { atomically } from './atomically.js';
import { chunked } from './chunked.js';
import { decodePageToken, encodePageToken, hasNumberFields } from './page-token.js';
import type { Database, WebhookDeliveriesTable, WebhookDeliveryAttemptsTable } from './schema.js';

type Db = Kysely<Database>;

export async function enqueueDeliveries(db: Db, deliveries: readonly NewWebhookDelivery[]): Promise<void> {
  for (const chunk of chunked(deliveries)) {
    await db
      .insertInto('webhook_deliveries')
      .values(
        chunk.map((d) => ({
          delivery_id: d.deliveryId,
          webhook_id: d.webhookId,
          event: d.event,
          payload: JSON.stringify(d.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_at: d.createdAt,
          created_at: d.createdAt,
        })),
      )
      .execute();
  }
}

export async function claimDeliveries(db: Db, claim: DeliveryClaim, skipLocked: boolean): Promise<ClaimedDelivery[]> {
  const due = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.webhook_id', 'd.webhook_id')
    .select('d.delivery_seq')
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', claim.now)
    .where('w.status', '=', 'ACTIVE')
    .orderBy('d.next_attempt_at')
    .orderBy('d.delivery_seq')
    .limit(claim.limit)
    // Rows another claimer holds are skipped, not waited for: concurrent claims take disjoint rows.
    .$if(skipLocked, (qb) => qb.forUpdate('d').skipLocked());
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: claim.leaseUntil })
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', claim.now)
    .where('delivery_seq', 'in', due)
    .returning(['delivery_seq', 'delivery_id', 'webhook_id', 'event', 'payload', 'created_at', 'attempts'])
    .execute();
  if (claimed.length === 0) return [];
  const webhookIds = [...new Set(claimed.map((row) => row.webhook_id))];
  const hooks = await db.selectFrom('webhooks').select(['webhook_id', 'url', 'secret']).where('webhook_id', 'in', webhookIds).execute();
  const byId = new Map(hooks.map((hook) => [hook.webhook_id, hook]));
  return claimed.flatMap((row) => {
    const hook = byId.get(row.webhook_id);
    if (!hook) return [];
    return [{
      seq: row.delivery_seq,
      deliveryId: row.delivery_id,
      webhookId: row.webhook_id,
      url: hook.url,
      secret: hook.secret,
      event: row.event as WebhookEventName,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      createdAt: row.created_at,
      attempt: row.attempts,
    }];
  });
}

const STATUS_AFTER: Record<AttemptOutcome, DeliveryStatus> = { succeeded: 'succeeded', retry: 'pending', failed: 'failed' };

export async function recordAttempt(db: Db, record: DeliveryAttemptRecord): Promise<boolean> {
  return atomically(db, async (trx) => {
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: STATUS_AFTER[record.outcome],
        ...(record.nextAttemptAt !== undefined ? { next_attempt_at: record.nextAttemptAt } : {}),
        last_status_code: record.statusCode,
        last_response: record.response,
        last_error: record.error,
        ...(record.outcome === 'succeeded' ? { delivered_at: record.time + record.durationMs } : {}),
      })
      .where('delivery_seq', '=', record.seq)
      .where('attempts', '=', record.attempt)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await trx
      .insertInto('webhook_delivery_attempts')
      .values({
        delivery_seq: record.seq,
        attempt: record.attempt,
        time: record.time,
        duration_ms: record.durationMs,
        status_code: record.statusCode,
        response: record.response,
        error: record.error,
        outcome: record.outcome,
      })
      .execute();
    return true;
  });
}

export async function releaseDelivery(db: Db, seq: number, attempt: number, nextAttemptAt: number): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ attempts: sql`attempts - 1`, next_attempt_at: nextAttemptAt })
    .where('delivery_seq', '=', seq)
    .where('attempts', '=', attempt)
    .where('status', '=', 'pending')
    .execute();
}

function toAttempt(row: Selectable<WebhookDeliveryAttemptsTable>): DeliveryAttempt {
  return {
    attempt: row.attempt,
    time: row.time,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    response: row.response,
    error: row.error,
    outcome: row.outcome as AttemptOutcome,
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>, attempts: DeliveryAttempt[]): WebhookDelivery {
  return {
    deliveryId: row.delivery_id,
    webhookId: row.webhook_id,
    event: row.event as WebhookEventName,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastResponse: row.last_response,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    attemptLog: attempts,
  };
}

const isPosition = (value: unknown): value is { seq: number } => hasNumberFields(value, ['seq']);

export async function listDeliveries(db: Db, query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
  let select = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', query.webhookId)
    .orderBy('delivery_seq', 'desc')
    .limit(query.maxResults + 1);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.pageToken) select = select.where('delivery_seq', '<', decodePageToken(query.pageToken, isPosition).seq);
  const rows = await select.execute();
  const page = rows.slice(0, query.maxResults);
  const attemptRows = page.length === 0
    ? []
    : await db
      .selectFrom('webhook_delivery_attempts')
      .selectAll()
      .where('delivery_seq', 'in', page.map((row) => row.delivery_seq))
      .orderBy('attempt')
      .execute();
  const attempts = new Map<number, DeliveryAttempt[]>();
  for (const row of attemptRows) attempts.set(row.delivery_seq, [...(attempts.get(row.delivery_seq) ?? []), toAttempt(row)]);
  const items = page.map((row) => toDelivery(row, attempts.get(row.delivery_seq) ?? []));
  const last = rows.length > query.maxResults ? page[page.length - 1] : undefined;
  return { items, ...(last ? { nextPageToken: encodePageToken({ seq: last.delivery_seq }) } : {}) };
}
