/**
 * Protected aliases and promotion requests (issue 13). A model's policy is one row holding its
 * rules as JSON text (read whole, written whole, a handful per model). Requests keep a copy of
 * the rule they were made under, so a policy edited mid-flight cannot change what an open
 * request needs. Votes are keyed by (request, approver): the same approver twice is one vote,
 * whatever the race. Rows reference the model by id, so they follow a rename; registry history
 * gains the request that moved an alias.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const promotions: Migration = {
  version: 14,
  name: 'promotions',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema
      .createTable('promotion_policies')
      .addColumn('model_id', 'bigint', (c) => c.primaryKey().references('registered_models.model_id'))
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_time', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('promotion_requests')
      .addColumn('request_id', 'text', (c) => c.primaryKey())
      .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.model_id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('expires_time', 'bigint', (c) => c.notNull())
      .addColumn('decided_time', 'bigint')
      .execute();
    await db.schema.createIndex('promotion_requests_model_state_idx').on('promotion_requests').columns(['model_id', 'state', 'created_time']).execute();
    await db.schema.createIndex('promotion_requests_state_expiry_idx').on('promotion_requests').columns(['state', 'expires_time']).execute();
    await db.schema
      .createTable('promotion_votes')
      .addColumn('request_id', 'text', (c) => c.notNull().references('promotion_requests.request_id'))
      .addColumn('approver', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('promotion_votes_pk', ['request_id', 'approver'])
      .execute();
    await db.schema.alterTable('registry_history').addColumn('request_id', 'text').execute();
  },
};
