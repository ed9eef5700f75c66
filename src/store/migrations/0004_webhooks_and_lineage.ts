/**
 * Webhooks (MLflow 3's webhook API) with a durable delivery outbox, and the index lineage
 * needs to go from a dataset to the runs that logged it.
 *
 * - `webhooks`: the subscriptions; `events` is a JSON array of event names
 *   (`model_version.created`…); the secret is kept to sign deliveries and never returned.
 * - `webhook_deliveries`: one row per (webhook, event), written in the transaction of the
 *   registry change. A dispatcher claims due rows (`status = 'pending' and next_attempt_at
 *   <= now`) by pushing next_attempt_at forward by a lease, so replicas never send one
 *   row twice while it is in flight; `attempts` is the fencing token of a claim.
 * - `webhook_delivery_attempts`: every attempt, with status code, truncated response, error.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

async function createWebhooks(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('webhook_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_creation_idx').on('webhooks').columns(['creation_time', 'webhook_id']).execute();
}

async function createDeliveries(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('delivery_seq', quirks.serialType, quirks.serialColumn)
    .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.webhook_id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_status_code', 'integer')
    .addColumn('last_response', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  // The dispatcher's probe: due pending rows, oldest due first.
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_webhook_idx')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'delivery_seq'])
    .execute();
  await db.schema
    .createTable('webhook_delivery_attempts')
    .addColumn('delivery_seq', 'bigint', (c) => c.notNull().references('webhook_deliveries.delivery_seq'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('error', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_delivery_attempts_pk', ['delivery_seq', 'attempt'])
    .execute();
}

export const webhooksAndLineage: Migration = {
  version: 4,
  name: 'webhooks_and_lineage',
  async up(db, context) {
    await createWebhooks(db);
    await createDeliveries(db, context);
    // Lineage down from a dataset: run_inputs by dataset (its primary key starts with the run).
    await db.schema.createIndex('run_inputs_dataset_uuid_idx').ifNotExists().on('run_inputs').column('dataset_uuid').execute();
  },
};
