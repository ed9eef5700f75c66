/**
 * Artifact folders `strata gc` still has to delete. gc removes a run's (or experiment's)
 * metadata first, in a transaction that re-checks it is still deleted and writes this row,
 * and deletes the artifacts after the commit: a restore can then never bring back a run
 * whose artifacts are gone. If the deletion fails or the process dies, the row stays and
 * the next gc deletes the folder first.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const gcPendingArtifacts: Migration = {
  version: 6,
  name: 'gc_pending_artifacts',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema
      .createTable('gc_pending_artifacts')
      .addColumn('path', 'text', (c) => c.primaryKey())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
