/**
 * Promotion flow (issue 14): every alias move made by a promotion records what justified it
 * (source commit, datasets, gates passed, approvals, reason) as JSON text beside the move in
 * the registry history, where alias history is read. Requests record who or what closed them
 * (an approver, `policy:auto`, `strata` for expiry) and, for a rollback, the version the alias
 * held when it was made. The request_id index lets a request's answer find its move.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const promotionJustification: Migration = {
  version: 16,
  name: 'promotion_justification',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema.alterTable('registry_history').addColumn('justification', 'text').execute();
    await db.schema.createIndex('registry_history_request_idx').on('registry_history').column('request_id').execute();
    await db.schema.alterTable('promotion_requests').addColumn('decided_by', 'text').execute();
    await db.schema.alterTable('promotion_requests').addColumn('rollback_of_version', 'integer').execute();
  },
};
