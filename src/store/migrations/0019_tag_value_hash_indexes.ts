/**
 * Tag values are up to 8,000 characters (5,000 on experiments and the registry), but a
 * PostgreSQL B-tree entry holds at most ~2.7 kB: the (key, value) indexes of migrations 1
 * and 2 refused a tag whose value did not compress below that (a run description a few pages
 * long, a long JSON tag) with an internal error, and the tag was lost. On PostgreSQL each is
 * replaced by a hash index on the value, which stores a 4-byte hash an entry and still
 * answers the equality lookups they served (lineage's runs by git commit, `tags.k = 'v'`).
 * SQLite's index entries have no size limit: its indexes stay.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration, MigrationContext } from './migration.js';

const TAG_TABLES = ['experiment_tags', 'run_tags', 'registered_model_tags', 'model_version_tags'] as const;

export const tagValueHashIndexes: Migration = {
  version: 19,
  name: 'tag_value_hash_indexes',
  async up(db: Kysely<Database>, { quirks }: MigrationContext): Promise<void> {
    if (quirks.tagValueIndex !== 'value-hash') return;
    for (const table of TAG_TABLES) {
      await db.schema.dropIndex(`${table}_key_value_idx`).execute();
      await sql`CREATE INDEX ${sql.id(`${table}_value_hash_idx`)} ON ${sql.table(table)} USING hash (value)`.execute(db);
    }
  },
};
