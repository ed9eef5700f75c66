/**
 * Saved views of the runs table: a named copy of the experiment page's URL query per
 * experiment. Names are unique within an experiment (the unique index is what makes two
 * concurrent saves of one name end in one RESOURCE_ALREADY_EXISTS, not two rows), and the
 * same index serves the list, which is ordered by name.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Migration } from './migration.js';

export const savedViews: Migration = {
  version: 9,
  name: 'saved_views',
  async up(db: Kysely<Database>): Promise<void> {
    await db.schema
      .createTable('saved_views')
      .addColumn('view_id', 'text', (c) => c.primaryKey())
      .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_time', 'bigint', (c) => c.notNull())
      .addColumn('last_update_time', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('saved_views_experiment_name_idx').on('saved_views').columns(['experiment_id', 'name']).unique().execute();
  },
};
