/**
 * The audit log's hash chain (docs/audit-chain.md). Events keep being inserted as before, with
 * no chain columns; the sealer (store/sql-audit-ledger.ts) later gives each committed event its
 * sequence and hashes. Existing events are sealed the same way on the first run.
 *
 * - the unique index on seq makes a second sealer that raced the first fail instead of giving
 *   two events one place (it holds sealed rows only);
 * - the partial index on unsealed events keeps the sealer's scan as small as its backlog.
 *
 * Version 13: 11, 12 and 14 are taken by branches developed at the same time.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

export const auditChain: Migration = {
  version: 13,
  name: 'audit_chain',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    await db.schema.alterTable('audit_events').addColumn('seq', 'bigint').execute();
    await db.schema.alterTable('audit_events').addColumn('leaf_hash', 'text').execute();
    await db.schema.alterTable('audit_events').addColumn('chain_hash', 'text').execute();
    // Both partial: a new (unsealed) row enters only the small unsealed index, so the insert every
    // write makes touches one index more than before, and a row moves to the seq index when sealed.
    await sql`CREATE UNIQUE INDEX audit_events_seq_idx ON audit_events (seq) WHERE seq IS NOT NULL`.execute(db);
    await sql`CREATE INDEX audit_events_unsealed_idx ON audit_events (event_id) WHERE seq IS NULL`.execute(db);
    await db.schema
      .createTable('audit_checkpoints')
      .addColumn('checkpoint_id', quirks.serialType, quirks.serialColumn)
      .addColumn('size', 'bigint', (c) => c.notNull().unique())
      .addColumn('root_hash', 'text', (c) => c.notNull())
      .addColumn('time', 'bigint', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .execute();
  },
};
